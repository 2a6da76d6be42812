/**
 * The consent concept's public entry for server code: what routes, the server and other concepts may use
 * (ADR 101, 130). Inside, consent is walled parts (ADR 132), each with entries of its own; this file re-exports from
 * those and names what the outside may use, no more. Lint refuses another concept's import past it.
 */
export { AuditDigest, auditDigestColumns, auditDigestFields, canonicalJson, chainHashOf, ChainVerifier, CHECKPOINT_LOCK_KEY, checkpointHashOf, checkpointKeysPath, checkpointLine, checkpointLogPath, checkpointSignatureProblem, closeWitnessLogs, compactCohortCounts, consentChangeMessage, directConsentPublishActive, GENESIS_HASH, hashEventBody, LEDGER_LOCK_KEY, loadCheckpointKeys, lockParticipantConsent, normaliseVerificationCode, openCheckpointKeys, pruneDeliveredOutbox, readCheckpointLog, readLastCheckpointLine, readPublicCheckpointKeys, SignedCheckpointSchema, startDirectConsentPublish, stopDirectConsentPublish, takeLedgerCheckpoint, verificationCodeOf, verifyAuditLog, verifyCheckpointedLedger, verifyCheckpointLog, verifyLedger, witnessLedgerEvents, witnessLogPath } from "./ledger/index.server";
export type { ChainProblem, CheckpointedLedgerVerdict, CheckpointKeys, CheckpointLogProblem, CheckpointOutcome, LedgerCheckpoint, LedgerVerdict, LiveCheckpointKeys, PublicCheckpointJwk, WitnessDivergence, WitnessOutcome } from "./ledger/index.server";
export { acceptInvitation, appointProxy, AppointProxySchema, loadProxyAppointment, answerQuestion, AnswerQuestionSchema, askQuestion, checkInvitationIdentity, consentSubjectsOf, countOpenQuestions, EmailCodeSchema, enrolParticipant, EnrolParticipantSchema, handoverFor, handoverLifetimeMs, IdentityCheckSchema, inviteParticipantsReachingMajority, listParticipants, listQuestionQueue, loadSampleRegistration, openHandover, openInvitation, ParticipantSearchSchema, queueContactNotices, readNameReadings, readSubjectsWithFacts, registerSample, RegisterSampleSchema, reissueInvitation, requireConsentSubject, restartInvitationCheck } from "./participants/index.server";
export type { ConsentSubject, EnrolParticipantInput, InvitationStep, QueuedQuestion } from "./participants/index.server";
export { addReviewComment, answerReviewComment, closeReviewRound, countReviewRoundsAwaiting, createFormDraft, currentFormVersionForParticipant, deleteFormDraft, draftSettingsSchema, formContentHash, formVersionsOf, inviteReviewer, isReconsentDeadlineAllowed, latestVersion, listOpenReviewRounds, listProgrammeForms, loadFormDraft, loadFormVersion, loadFormVersionDetail, loadReviewWorkspace, loadRoundForReviewer, nextVersion, openReviewInvitation, openReviewRound, proposeFormDraft, publishFormVersion, reconsentDeadlineOf, reconsentTriggerChoices, sendReconsentReminders, settingsOf, updateFormDraft, withdrawReviewInvitation } from "./forms/index.server";
export type { FormDraft, FormVersion, OpenedReviewInvitation, ReviewComment } from "./forms/index.server";
export { changeChoicesLocked, checkConsentReceipt, closeReceiptKeys, CONSENT_RECEIPT_MEDIA_TYPE, consentDocumentAttachment, consentDocumentFileName, downloadConsentReceipt, grantConsent, listConsentRecords, loadParticipantRecord, readConsentDocument, RECEIPT_KEYS_FILE, receiptJwks, recordAssent, runConsentFollowUp, VerificationLookupSchema, verifyConsentReceipt, verifyConsentRecord, withdrawConsent } from "./records/index.server";
export type { ReceiptCheck, VerificationResult } from "./records/index.server";
export { answerComprehensionQuestion, askJourneyQuestion, assistedJourneyStart, handTabletOver, loadJourneyOutcome, loadJourneyScreen, loadPaperConsentView, loadQuestionsPage, loadShareableForm, markSectionRead, onlineJourneyStart, readPaperScan, recordJourneyAssent, recordJourneyChoice, recordPaperConsent, signJourney, startOrResumeJourney } from "./journey/index.server";
export { ChangeChoiceSchema, changeOwnChoice, loadChoiceToChange, loadConsentHistory, loadParticipantForWithdrawal, loadWithdrawalStanding, ReceivedWithdrawalSchema, recordReceivedWithdrawal, reviewOwnChoiceChange, reviewOwnWithdrawal, reviewReceivedWithdrawal, withdrawOwnConsent, WithdrawSchema } from "./dashboard/index.server";
export {
  PaperProvisionNoticeSchema,
  ProvisionNoticeSchema,
  StopProvisionSchema,
  acknowledgeOwnProvisionNotice,
  loadProvisionStanding,
  recordPaperProvisionNotice,
  stopOwnProvision,
} from "./dashboard/index.server";
export type { ProvisionStandingView } from "./dashboard/index.server";
export { giveProvisionNotice, stopProvision } from "./records/index.server";
export { recordLifeEvent, RecordLifeEventSchema } from "./records/index.server";
