import type { RelayHeartbeat } from "@tsunagi/consent-rules/consent-change-message";

export interface ApprovalFreshness {
  /** Releases under approvals are answered (false: refused `projection_stale`). */
  fresh: boolean;
  /** Since the latest approval heartbeat counts from (the earlier of its sending and its arrival); null before the first. */
  heartbeatAgeMs: number | null;
  /** The relay's mark over the approval outbox, as that heartbeat said; null before the first. */
  highWaterMark: string | null;
  /** Every approval message up to this `seq` is accepted here. */
  acceptedThrough: string;
}

/**
 * Whether the bridge's copy of the approvals is current (ADR 041): the relay's approval heartbeat, within the same
 * staleness bound as consent's, claims no more than the bridge has accepted. Otherwise a release that needs an
 * approval is refused `projection_stale` (a revocation may be on its way); public releases, and every other answer,
 * do not depend on it.
 */
export class ApprovalHealth {
  private heartbeat: { highWaterMark: bigint; freshAt: number } | undefined;
  private acceptedThrough = 0n;

  constructor(
    private readonly stalenessMs: number,
    private readonly clock: () => number,
  ) {}

  current(): { ready: true } | { ready: false; reason: "projection_stale" } {
    const heartbeat = this.heartbeat;
    if (!heartbeat || this.clock() - heartbeat.freshAt > this.stalenessMs) return { ready: false, reason: "projection_stale" };
    if (heartbeat.highWaterMark > this.acceptedThrough) return { ready: false, reason: "projection_stale" };
    return { ready: true };
  }

  /**
   * For `/readyz` (issue 27 item 3): whether releases under approvals can be answered, how old the heartbeat that
   * says so is, the relay's mark and how far this bridge has accepted. It does not make the bridge unready: consent
   * decisions and public releases do not depend on it.
   */
  freshness(): ApprovalFreshness {
    const heartbeat = this.heartbeat;
    return {
      fresh: this.current().ready,
      heartbeatAgeMs: heartbeat ? Math.max(0, this.clock() - heartbeat.freshAt) : null,
      highWaterMark: heartbeat ? heartbeat.highWaterMark.toString() : null,
      acceptedThrough: this.acceptedThrough.toString(),
    };
  }

  recordHeartbeat(heartbeat: RelayHeartbeat, receivedAt: number): void {
    // As for consent: fresh from the earlier of its sending and its arrival; the latest received counts.
    this.heartbeat = { highWaterMark: BigInt(heartbeat.highWaterMark), freshAt: Math.min(Date.parse(heartbeat.sentAt), receivedAt) };
  }

  noteAccepted(seq: bigint): void {
    if (seq > this.acceptedThrough) this.acceptedThrough = seq;
  }

  acceptedSeq(): bigint {
    return this.acceptedThrough;
  }
}
