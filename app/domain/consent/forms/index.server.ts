/**
 * The forms part's entry for server code (ADR 132): the consent-form versions — loading, the form of a participant's
 * arm, drafts, the co-review, publishing (a major version asks the participants it affects to consent again: ledger
 * events and mail) and the re-consent deadline and reminders. It uses the ledger and the participants' contacts.
 */
export { currentFormVersion, listPublishedVersions, loadFormVersion } from "./load-form-version.server";
export type { FormVersion } from "./load-form-version.server";
export { currentFormVersionForParticipant, requireFormOfParticipantArea } from "./participant-form-key.server";
export { lockForm } from "./lock-form.server";
export { compareVersions, formContentHash } from "./form-hash";
export { createFormDraft, formVersionsOf, proposeFormDraft } from "./create-form-draft.server";
export { deleteFormDraft } from "./delete-form-draft.server";
export { draftSettingsSchema, latestVersion, nextVersion, reconsentTriggerChoices, settingsOf } from "./form-draft-settings";
export { loadFormDraft, updateFormDraft } from "./update-form-draft.server";
export type { FormDraft } from "./update-form-draft.server";
export { loadFormVersionDetail } from "./form-version-detail.server";
export { listProgrammeForms } from "./list-form-versions.server";
export { isReconsentDeadlineAllowed, publishFormVersion } from "./publish-form-version.server";
export { reconsentDeadlineOf } from "./reconsent-deadline.server";
export { sendReconsentReminders } from "./send-reconsent-reminders.server";
export { addReviewComment } from "./review/add-review-comment.server";
export { answerReviewComment } from "./review/answer-review-comment.server";
export { closeReviewRound } from "./review/close-review-round.server";
export { countReviewRoundsAwaiting } from "./review/count-review-rounds-awaiting.server";
export { inviteReviewer } from "./review/invite-reviewer.server";
export { listOpenReviewRounds } from "./review/list-open-review-rounds.server";
export { loadReviewWorkspace } from "./review/load-review-workspace.server";
export type { ReviewComment } from "./review/load-review-workspace.server";
export { loadRoundForReviewer } from "./review/load-round-for-reviewer.server";
export { openReviewInvitation } from "./review/open-review-invitation.server";
export type { OpenedReviewInvitation } from "./review/open-review-invitation.server";
export { openReviewRound } from "./review/open-review-round.server";
export { withdrawReviewInvitation } from "./review/withdraw-review-invitation.server";
