import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";
import type { BridgePool } from "../db/bridge-pool";
import type { ChangeFeed } from "../events/change-feed";
import type { BridgeHealth } from "../health/bridge-health";
import type { SubjectRecord, SubjectStore } from "./subject-store";
import { applyConsentChanges, type AppliedChanges, type IncomingChange } from "./apply-consent-changes";
import { recordChangeApplied } from "../metrics/bridge-metrics";
import { readParkedSummary } from "./parked-messages";
import { SpanKind, startConsentStepSpan, tracingEnabled } from "@tsunagi/service-kit/tracing";

const log = serviceLogger("bridge");

/** What taking a batch touches: the bridge's tables, its memory, its health and the change feed's waiters. */
export interface IngestTarget {
  db: BridgePool;
  subjects: SubjectStore;
  health: BridgeHealth;
  changes: ChangeFeed;
}

/**
 * Takes a batch of change messages, however they came (the relay's HTTP delivery or the JetStream stream; ADR 051):
 * stored in one transaction, then put in memory — only after the commit, so memory never holds what the database does
 * not. Memory takes every state the batch hands it by the version rule, including one another replica stored first.
 * Throws when the database cannot take the batch (nothing is in memory then; the sender delivers again).
 */
export async function ingestChanges(context: IngestTarget, changes: readonly IncomingChange[], options: { noteApplied?: boolean } = {}): Promise<AppliedChanges> {
  const started = tracingEnabled() ? Date.now() : 0;
  const result = await applyConsentChanges(context.db, changes);
  const parkedSummary = result.parked > 0 ? await readParkedSummary(context.db).catch((error: unknown) => log.warn({ error: errorText(error) }, "parked summary not read")) : undefined;
  for (const pseudonym of result.parkedPseudonyms) context.subjects.park(pseudonym);
  for (const change of changes) if (change.outcome === "park") context.subjects.park(change.raw.pseudonym);
  // Each state memory newly takes is one this bridge now answers from: its commit → here is the metric (ADR 169).
  const now = Date.now();
  for (const record of result.updated) if (context.subjects.apply(record)) changeApplied(record, now, started);
  for (const record of result.readable) if (context.subjects.apply(record)) changeApplied(record, now, started);
  if (result.parked > 0) {
    if (parkedSummary) context.health.recordParked(parkedSummary);
    for (const parked of result.parkedMessages) {
      log.warn(
        { eventId: parked.eventId, globalSeq: parked.globalSeq, kind: parked.kind, schemaVersion: parked.schemaVersion, reason: parked.reason },
        `parked message ${parked.eventId} (globalSeq ${parked.globalSeq}, kind ${parked.kind}, schema ${parked.schemaVersion}): ${parked.reason}; its participant is denied until a bridge that reads it applies it`,
      );
    }
  }
  // The relay's HTTP delivery is a prefix of the ledger (lowest undelivered rows first, the same batch again after a
  // failure), so the batch's highest position is applied through. The stream follower works out its own (ADR 051).
  if (options.noteApplied !== false) context.health.noteApplied(result.highestGlobalSeq);
  context.changes.notify();
  return result;
}

/**
 * A state this bridge now answers from: its commit → here as a metric (ADR 169), and its step in the change's trace
 * (ADR 170), from when the batch was taken to memory holding it.
 */
function changeApplied(record: SubjectRecord, now: number, started: number): void {
  recordChangeApplied(record, now);
  startConsentStepSpan("tsunagi-bridge", "bridge.apply", record.eventId, { kind: SpanKind.CONSUMER, startTime: started, attributes: { "tsunagi.consent_status": record.consent.status } })?.end(now);
}
