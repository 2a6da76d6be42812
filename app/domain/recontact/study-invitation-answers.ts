/** What a participant may answer on a study invitation's page (ADR 138): yes (hand over the details listed), no, or stop all research contact. */
export const studyInvitationAnswers = ["yes", "no", "stop"] as const;
export type StudyInvitationAnswer = (typeof studyInvitationAnswers)[number];

/** The details a yes hands to the study's team, in the order the page lists them. */
export const handoverDetails = ["name", "email", "phone", "facility"] as const;
export type HandoverDetail = (typeof handoverDetails)[number];
