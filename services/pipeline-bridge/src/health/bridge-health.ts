import type { RelayHeartbeat } from "@tsunagi/consent-rules/consent-change-message";

export type UnreadyReason = "projection_stale" | "database_unavailable";
export type HealthState = { ready: true } | { ready: false; reason: UnreadyReason };

/** Messages this bridge could not read and keeps in bridge.parked_message (ADR 024). */
export interface ParkedSummary {
  count: number;
  /** When the oldest was parked, and its ledger position. */
  oldestParkedAt: string;
  oldestGlobalSeq: string;
}

interface HeartbeatSeen {
  relayId: string;
  highWaterMark: bigint;
  /** The earlier of the relay's sentAt and our receipt: a heartbeat held up in transit proves nothing newer. */
  freshAt: number;
}

/**
 * Whether the bridge may answer at all. Fail closed: stale until the first heartbeat, stale when the last one is
 * older than the bound, stale when the relay says it delivered more than the bridge has applied (something was
 * lost), and database_unavailable from a failed probe or decision-log write until one succeeds.
 */
export class BridgeHealth {
  private heartbeat: HeartbeatSeen | undefined;
  private appliedThrough = 0n;
  private probeFailed = false;
  private logWriteFailed = false;
  private parkedMessages: ParkedSummary | undefined;
  private askedSinceProbe = false;

  constructor(
    private readonly stalenessMs: number,
    private readonly clock: () => number,
  ) {}

  current(): HealthState {
    this.askedSinceProbe = true;
    return this.peek();
  }

  /** The same answer without counting as asked (the metrics' scrape must not keep the probe beating). */
  peek(): HealthState {
    if (this.probeFailed || this.logWriteFailed) return { ready: false, reason: "database_unavailable" };
    const heartbeat = this.heartbeat;
    if (!heartbeat || this.clock() - heartbeat.freshAt > this.stalenessMs) return { ready: false, reason: "projection_stale" };
    if (heartbeat.highWaterMark > this.appliedThrough) return { ready: false, reason: "projection_stale" };
    return { ready: true };
  }

  /** When the last heartbeat was fresh (ms on this clock), if one came. */
  heartbeatFreshAt(): number | undefined {
    return this.heartbeat?.freshAt;
  }

  recordHeartbeat(heartbeat: RelayHeartbeat, receivedAt: number): void {
    const freshAt = Math.min(Date.parse(heartbeat.sentAt), receivedAt);
    // The latest heartbeat received counts, even if it looks older than the one before: keeping the "freshest"
    // would let a clock that stepped back hold the bridge ready on a time that has not come yet.
    this.heartbeat = { relayId: heartbeat.relayId, highWaterMark: BigInt(heartbeat.highWaterMark), freshAt };
  }

  /** The highest ledger position the bridge has accepted (every message up to it is in bridge.consent_change). */
  noteApplied(globalSeq: bigint): void {
    if (globalSeq > this.appliedThrough) this.appliedThrough = globalSeq;
  }

  appliedGlobalSeq(): bigint {
    return this.appliedThrough;
  }

  /**
   * Parked messages do not make the bridge unready (ADR 024): each one denies its own participant, and every other
   * answer is as current as the relay's heartbeat says. Readiness carries them so an operator sees the bridge is
   * behind the app and upgrades it.
   */
  recordParked(summary: ParkedSummary | undefined): void {
    this.parkedMessages = summary;
  }

  parked(): ParkedSummary | undefined {
    return this.parkedMessages;
  }

  /** The periodic `SELECT 1` as the bridge role. */
  recordProbe(ok: boolean): void {
    this.probeFailed = !ok;
  }

  /**
   * Whether the probe should run on this beat (ADR 111): while anyone asks whether the bridge may answer (a decision,
   * a subject, a release, `/readyz`) or while the last probe failed, every beat; otherwise only once `idleDue`. The
   * asking is forgotten at each beat that probes.
   */
  probeDue(idleDue: boolean): boolean {
    if (!this.askedSinceProbe && !this.probeFailed && !idleDue) return false;
    this.askedSinceProbe = false;
    return true;
  }

  /**
   * A decision-log write. Kept apart from the probe: a database that answers SELECT 1 but refuses the log must
   * still deny, since an answer that cannot be logged must not be given.
   */
  recordLogWrite(ok: boolean): void {
    this.logWriteFailed = !ok;
  }

  logWriteFailing(): boolean {
    return this.logWriteFailed;
  }
}
