/**
 * The recontact concept's public entry: what routes, components, the server, scripts and other concepts may use
 * (ADR 101, 130). Everything else in this folder is the concept's own; lint refuses an import of it from outside.
 */
export { audienceExclusionReasons, recontactCampaignKinds, recontactTopicOf } from "./audience-verdict";
export type { RecontactCampaignKind } from "./audience-verdict";
export { lettersRefusals } from "./letters-refusals";
export type { LettersRefusal } from "./letters-refusals";
export { recontactAnswers } from "./recontact-answers";
export { RecontactCampaignSchema, programmeAreas } from "./recontact-campaign-schema";
export { formatShownCount, showCount } from "./small-count";
export { studyInvitationAnswers } from "./study-invitation-answers";
export type { StudyInvitationAnswer } from "./study-invitation-answers";
export { handoverDetails } from "./study-invitation-answers";
export type { HandoverDetail } from "./study-invitation-answers";
