/**
 * The ledger part's entry for server code (ADR 132): the participant's lock and the append under it, the event hashes
 * and both chains, the outbox row written beside each event, the witness and the checkpoints, and the verifiers that
 * walk them. It imports no other part of consent.
 */
export { LEDGER_LOCK_KEY, appendConsentEvent } from "./append-consent-event.server";
export type { NewConsentEvent } from "./append-consent-event.server";
export { lockParticipantConsent, lockParticipantsConsent } from "./lock-participant-consent.server";
export type { ConsentTurn } from "./lock-participant-consent.server";
export { GENESIS_HASH, canonicalJson, chainHashOf, hashEventBody, normaliseVerificationCode, verificationCodeOf } from "./event-hash";
export { ChainVerifier } from "./verify-chains";
export type { ChainProblem } from "./verify-chains";
export { verifyLedger } from "./verify-ledger.server";
export type { LedgerVerdict } from "./verify-ledger.server";
export { compactCohortCounts } from "./compact-cohort-counts.server";
export { consentChangeMessage } from "./outbox/write-consent-outbox.server";
export { pruneDeliveredOutbox } from "./outbox/prune-delivered-outbox.server";
export { directConsentPublishActive, startDirectConsentPublish, stopDirectConsentPublish } from "./outbox/publish-consent-change.server";
export { AuditDigest, auditDigestColumns, auditDigestFields } from "./checkpoints/audit-digest";
export { checkpointLogPath, readCheckpointLog, readLastCheckpointLine } from "./checkpoints/checkpoint-log.server";
export { SignedCheckpointSchema, checkpointHashOf, checkpointLine } from "./checkpoints/ledger-checkpoint";
export type { LedgerCheckpoint } from "./checkpoints/ledger-checkpoint";
export { checkpointKeysPath, loadCheckpointKeys, openCheckpointKeys, readPublicCheckpointKeys } from "./checkpoints/load-checkpoint-keys.server";
export type { CheckpointKeys, LiveCheckpointKeys, PublicCheckpointJwk } from "./checkpoints/load-checkpoint-keys.server";
export { checkpointSignatureProblem } from "./checkpoints/sign-checkpoint";
export { CHECKPOINT_LOCK_KEY, takeLedgerCheckpoint } from "./checkpoints/take-ledger-checkpoint.server";
export type { CheckpointOutcome } from "./checkpoints/take-ledger-checkpoint.server";
export { verifyAuditLog } from "./checkpoints/verify-audit-log.server";
export { verifyCheckpointLog } from "./checkpoints/verify-checkpoint-log";
export type { CheckpointLogProblem } from "./checkpoints/verify-checkpoint-log";
export { verifyCheckpointedLedger } from "./checkpoints/verify-checkpointed-ledger.server";
export type { CheckpointedLedgerVerdict } from "./checkpoints/verify-checkpointed-ledger.server";
export { witnessLedgerEvents } from "./witness/witness-ledger-events.server";
export type { WitnessDivergence, WitnessOutcome } from "./witness/witness-ledger-events.server";
export { closeWitnessLogs, witnessLogPath } from "./witness/witness-log.server";
