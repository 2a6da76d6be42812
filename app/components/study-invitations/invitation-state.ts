/** Where an invitation stands, as its list and its page name it: one definition for both. */
export type InvitationState = "open" | "yes" | "no" | "stop" | "closed";

export function invitationStateOf(invitation: { open: boolean; answer: string | null; handover: unknown }): InvitationState {
  if (invitation.handover) return "yes";
  if (invitation.answer === "not_interested") return "no";
  if (invitation.answer === "stop_contacting") return "stop";
  return invitation.open ? "open" : "closed";
}
