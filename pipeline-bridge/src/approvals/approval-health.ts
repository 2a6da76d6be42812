import type { RelayHeartbeat } from "@tsunagi/consent-rules/consent-change-message";

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
