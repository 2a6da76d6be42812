/**
 * The recontact concept's public entry for server code: what routes, components, the server, scripts and other concepts may use
 * (ADR 101, 130). Everything else in this folder is the concept's own; lint refuses an import of it from outside.
 */
export { createRecontactCampaign } from "./create-recontact-campaign.server";
export { dispatchRecontactCampaign } from "./dispatch-recontact-campaign.server";
export { listRecontactCampaigns } from "./list-recontact-campaigns.server";
export { loadRecontactCampaign } from "./load-recontact-campaign.server";
export { PrintLettersSchema, printRecontactLetters } from "./print-recontact-letters.server";
export { answerRecontact, loadRecontactInvitation } from "./respond-to-recontact.server";
export { sendRecontactCampaign } from "./send-recontact-campaign.server";
export { claimStudyInvitations } from "./claim-study-invitations.server";
export { loadOwnStudyInvitation, loadOwnStudyInvitations, requireOwnStudyInvitation } from "./load-own-study-invitations.server";
export type { OwnStudyInvitation, OwnStudyInvitations } from "./load-own-study-invitations.server";
export { answerStudyInvitation } from "./answer-study-invitation.server";
export { listStudyHandovers } from "./list-study-handovers.server";
export type { StudyInvitationsForApplicant } from "./list-study-handovers.server";
