/**
 * The consent concept's public entry for server code: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export { consentDocumentFileName } from "./documents/ensure-consent-document.server";
export { loadFormVersion } from "./forms/load-form-version.server";
export { reconsentDeadlineOf } from "./forms/reconsent-deadline.server";
export type { FormVersion } from "./forms/load-form-version.server";
export { AuditDigest, auditDigestColumns, auditDigestFields } from "./ledger/checkpoints/audit-digest";
export { checkpointLogPath, readCheckpointLog, readLastCheckpointLine } from "./ledger/checkpoints/checkpoint-log.server";
export { SignedCheckpointSchema, checkpointHashOf, checkpointLine } from "./ledger/checkpoints/ledger-checkpoint";
export type { LedgerCheckpoint } from "./ledger/checkpoints/ledger-checkpoint";
export { checkpointKeysPath, loadCheckpointKeys, openCheckpointKeys } from "./ledger/checkpoints/load-checkpoint-keys.server";
export type { CheckpointKeys, LiveCheckpointKeys, PublicCheckpointJwk } from "./ledger/checkpoints/load-checkpoint-keys.server";
export { checkpointSignatureProblem } from "./ledger/checkpoints/sign-checkpoint";
export { CHECKPOINT_LOCK_KEY, takeLedgerCheckpoint } from "./ledger/checkpoints/take-ledger-checkpoint.server";
export type { CheckpointOutcome } from "./ledger/checkpoints/take-ledger-checkpoint.server";
export { verifyCheckpointLog } from "./ledger/checkpoints/verify-checkpoint-log";
export { verifyCheckpointedLedger } from "./ledger/checkpoints/verify-checkpointed-ledger.server";
export { GENESIS_HASH, canonicalJson } from "./ledger/event-hash";
export { witnessLedgerEvents } from "./ledger/witness/witness-ledger-events.server";
export type { WitnessDivergence, WitnessOutcome } from "./ledger/witness/witness-ledger-events.server";
export { closeWitnessLogs, witnessLogPath } from "./ledger/witness/witness-log.server";
export { lockParticipantConsent } from "./ledger/lock-participant-consent.server";
export { ChainVerifier } from "./ledger/verify-chains";
export type { ChainProblem } from "./ledger/verify-chains";
export { consentSubjectsOf, requireConsentSubject } from "./participants/consent-subjects.server";
export type { ConsentSubject } from "./participants/consent-subjects.server";
export { countOpenQuestions } from "./questions/count-open-questions.server";
export { countReviewRoundsAwaiting } from "./forms/review/count-review-rounds-awaiting.server";
export { queueContactNotices } from "./participants/queue-contact-notices.server";
export { readSubjectsWithFacts } from "./participants/read-subject-facts.server";
export { changeChoicesLocked } from "./records/change-choices.server";
export { compactCohortCounts } from "./shapes/compact-cohort-counts.server";
export { closeReceiptKeys } from "./receipts/receipt-keys.server";
export { listConsentRecords } from "./receipts/list-consent-records.server";
