/**
 * Who is at the screen. Online, a participant or proxy acts for someone they may act for (consent-subjects);
 * assisted, a coordinator runs the journey on a clinic tablet for one participant, with a witness present.
 */
export type JourneyActor =
  | { method: "online"; userId: string; role: string }
  | { method: "assisted"; userId: string; role: string; participantId: string };

export type JourneyMethod = JourneyActor["method"];
