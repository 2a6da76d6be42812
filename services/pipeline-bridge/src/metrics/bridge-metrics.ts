import { counter, gauge, histogram } from "@tsunagi/service-kit/metrics";
import type { BridgeDecision } from "../decisions/decision-request";
import type { BridgeHealth } from "../health/bridge-health";
import type { SubjectRecord } from "../projection/subject-store";

/**
 * The bridge's promises as metrics (issue 61, ADR 169; docs/operations.md, "What to watch"): how long a consent change
 * takes from its commit to this bridge answering from it (a withdrawal's is the promise that matters most), the
 * decisions it gives by outcome and reason, and whether it may answer at all.
 */
const changeLag = histogram(
  "tsunagi_bridge_consent_change_lag_seconds",
  "From a consent change's commit (its ledger time) to this bridge answering from it, by the consent's status after it (withdrawn: a withdrawal reaching the pipeline)",
  ["status"],
);
const decisions = counter("tsunagi_bridge_decisions_total", "Decisions answered (POST /v1/decisions), by action, outcome and reason", ["action", "outcome", "reason"]);

/**
 * A state this bridge's memory took (newly applied), at `now` (ms): its commit → here. Only changes committed after
 * the bridge started count: one committed before is a catch-up (a new replica reading the stream, the projection
 * loaded at start, a backfilled history), during which the participant was denied or answered from what the tables
 * held — not a change on its way (readiness and the relay's lag say how long a catch-up takes).
 */
export function recordChangeApplied(record: SubjectRecord, now: number): void {
  const committed = Date.parse(record.occurredAt);
  if (!Number.isFinite(committed) || watched === undefined || committed < watched.startedAt) return;
  changeLag.observe({ status: record.consent.status }, Math.max(0, now - committed) / 1000);
}

/** One answer's decisions, counted by label set once per answer (a batch is up to 10,000 decisions). */
export function recordDecisions(answered: readonly BridgeDecision[]): void {
  if (answered.length === 1) {
    const only = answered[0]!;
    decisions.inc({ action: only.action ?? "", outcome: only.allowed ? "allow" : "deny", reason: only.reason });
    return;
  }
  const counts = new Map<string, number>();
  for (const decision of answered) {
    const key = `${decision.action ?? ""}\u0000${decision.allowed ? "allow" : "deny"}\u0000${decision.reason}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [key, count] of counts) {
    const [action, outcome, reason] = key.split("\u0000") as [string, string, string];
    decisions.inc({ action, outcome, reason }, count);
  }
}

interface Watched {
  /** When the bridge started (ms on the wall clock): changes committed before it are a catch-up, not counted. */
  startedAt: number;
  health: BridgeHealth;
  decisionLog: { buffered: number };
  clock: () => number;
}
let watched: Watched | undefined;

/** Read when scraped, of the bridge last started in this process: whether it may answer, the heartbeat's age, the log's backlog. */
export function watchBridgeHealth(target: Watched): void {
  watched = target;
}

export function unwatchBridgeHealth(target: Watched): void {
  if (watched === target) watched = undefined;
}

gauge("tsunagi_bridge_ready", "1 when the bridge may answer from its projection; 0 while it denies everything, with the reason (projection_stale, database_unavailable)", ["reason"], function collect() {
  this.reset();
  if (!watched) return;
  const state = watched.health.peek();
  this.set({ reason: state.ready ? "ready" : state.reason }, state.ready ? 1 : 0);
});
gauge("tsunagi_bridge_heartbeat_age_seconds", "Seconds since the relay's last heartbeat reached this bridge (past BRIDGE_STALENESS_MS it denies everything)", [], function collect() {
  this.reset();
  const freshAt = watched?.health.heartbeatFreshAt();
  if (watched && freshAt !== undefined) this.set(Math.max(0, watched.clock() - freshAt) / 1000);
});
gauge("tsunagi_bridge_decision_log_buffered", "Decision-log rows waiting to be written (past the bound, every decision denies)", [], function collect() {
  this.set(watched?.decisionLog.buffered ?? 0);
});
