/**
 * The access concept's public entry for server code: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export { accessOpenApi } from "./access-openapi.server";
export { findRegisterEntry } from "./register/list-register-entries.server";
export { closeVisaKeys } from "./visas/visa-keys.server";
export { countCommitteeWork } from "./committee/count-committee-work.server";
export type { CommitteeWorkCount } from "./committee/count-committee-work.server";
export { answerDataUseMatch } from "./answer-data-use-match.server";
export { listApplicantProfiles } from "./applicants/list-applicant-profiles.server";
export { verifyApplicant } from "./applicants/verify-applicant.server";
export { attachEthicsDocument } from "./applications/attach-ethics-document.server";
export { listOwnApplications, loadApplicantStanding, loadOwnApplication, loadOwnApplicationVersion } from "./applications/load-own-applications.server";
export { openReview } from "./applications/open-review.server";
export { readEthicsDocument } from "./applications/read-ethics-document.server";
export { reportOutputs } from "./applications/report-outputs.server";
export { WelcomeLinkRequestSchema, resendApplicantWelcomeLink } from "./applications/resend-applicant-welcome-link.server";
export { returnApplication } from "./applications/return-application.server";
export { saveApplicationDraft } from "./applications/save-application-draft.server";
export { ApplicantSignUpSchema, signUpApplicant } from "./applications/sign-up-applicant.server";
export { startApplication } from "./applications/start-application.server";
export { submitApplication } from "./applications/submit-application.server";
export { isWithdrawable, withdrawApplication } from "./applications/withdraw-application.server";
export { extendApproval, reinstateApproval, revokeApproval, suspendApproval } from "./approvals/change-approval-status.server";
export { listApprovals } from "./approvals/list-approvals.server";
export { addReviewComment } from "./committee/add-review-comment.server";
export { castVote } from "./committee/cast-vote.server";
export { closeVote } from "./committee/close-vote.server";
export { declareConflict } from "./committee/declare-conflict.server";
export { designateViceChair } from "./committee/designate-vice-chair.server";
export { listReviewQueue, loadReview } from "./committee/load-review.server";
export { endMembership, loadCommittee, seatMember, setTallyRule } from "./committee/manage-committee.server";
export { recordDecision } from "./committee/record-decision.server";
export { sendVoteReminders } from "./committee/send-vote-reminders.server";
export { voteReminderStillDue } from "./committee/vote-reminder-still-due.server";
export { listRegisterEntries } from "./register/list-register-entries.server";
export { registerAtomFeed, registerCsv, registerJson } from "./register/register-documents.server";
export { allowNewApplications } from "./sanctions/allow-new-applications.server";
export { refuseNewApplications } from "./sanctions/refuse-new-applications.server";
export { VisaStatusRequestSchema, answerVisaStatus } from "./visas/check-visa-status.server";
export { issueVisa } from "./visas/issue-visa.server";
export { VISA_KEYS_FILE, visaJwks } from "./visas/visa-keys.server";
export { recordResearchOutput } from "./applications/record-research-output.server";
export { flagPurpose } from "./committee/flag-purpose.server";
