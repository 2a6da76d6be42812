import { serviceLogger } from "@tsunagi/service-kit/logger";
import type { BridgePool } from "../db/bridge-pool";
import type { ApprovalHealth } from "./approval-health";
import type { ApprovalStore } from "./approval-store";
import { applyApprovalChanges, approvalRecordOf, type AppliedApprovalChanges, type IncomingApprovalChange } from "./apply-approval-changes";

const log = serviceLogger("bridge");

export interface ApprovalIngestTarget {
  db: BridgePool;
  approvals: ApprovalStore;
  approvalHealth: ApprovalHealth;
}

/**
 * Takes a batch of approval messages, however they came (the relay's HTTP delivery or the TSUNAGI_APPROVALS stream;
 * ADRs 041 and 051): stored in one transaction, then put in memory — only after the commit. Memory takes every
 * readable message of the batch by the version rule, not only the rows this transaction changed, so a replica whose
 * shared tables another replica filled first still learns each approval's latest state (a revocation included).
 * Throws when the database cannot take the batch (nothing is in memory then; the sender delivers again).
 *
 * `noteAccepted: false` leaves how far the bridge has accepted to the caller: the stream's follower moves it only as
 * far as every earlier message is stored (a batch handed back may sit below one stored after it).
 */
export async function ingestApprovalChanges(
  context: ApprovalIngestTarget,
  changes: readonly IncomingApprovalChange[],
  options: { noteAccepted?: boolean } = {},
): Promise<AppliedApprovalChanges> {
  const result = await applyApprovalChanges(context.db, changes);
  for (const change of changes) if (change.outcome === "park") context.approvals.park(change.raw.approvalId);
  for (const parked of result.parkedMessages) {
    context.approvals.park(parked.approvalId);
    log.warn(
      { eventId: parked.eventId, seq: parked.seq, kind: parked.kind, schemaVersion: parked.schemaVersion, reason: parked.reason },
      `parked approval message ${parked.eventId} (seq ${parked.seq}, kind ${parked.kind}, schema ${parked.schemaVersion}): ${parked.reason}; releases under approval ${parked.approvalId} are denied until a bridge that reads it applies it`,
    );
  }
  // Every readable message, by the version rule (ApprovalStore.apply): what this transaction changed is among them.
  for (const change of changes) if (change.outcome === "apply") context.approvals.apply(approvalRecordOf(change.message));
  if (options.noteAccepted !== false) context.approvalHealth.noteAccepted(result.highestSeq);
  return result;
}
