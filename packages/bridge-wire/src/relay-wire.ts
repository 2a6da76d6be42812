import { z } from "zod";
import { ApprovalEnvelopeSchema, type ApprovalEnvelope } from "@tsunagi/consent-rules/approval-change-message";
import { OutboxEnvelopeSchema, RelayHeartbeatSchema, type OutboxEnvelope, type RelayHeartbeat } from "@tsunagi/consent-rules/consent-change-message";

/**
 * What the outbox relay and the pipeline bridge say to each other over HTTP (ADR 024, 041, 078; ADR 128), each request
 * with an API token scoped `bridge:ingest`:
 *
 *   POST <stream>.changes.path    { changes: Envelope[] }            → 200 BatchAnswer, the acknowledgement
 *   POST <stream>.heartbeat.path  RelayHeartbeat                     → 204 (a relay or bridge older than ADR 078)
 *   POST heartbeatsPath           { <stream's key>: RelayHeartbeat } → 204, every stream's mark in one request
 *
 * The messages themselves (the envelopes, the tolerant readers, the NATS subjects) are the consent rules' package's:
 * the app writes them and pipeline clusters read them from NATS too. What is here is only the relay's HTTP delivery.
 */

declare const wirePathBrand: unique symbol;

/**
 * A path of the wire. Only this module makes one: the relay's requests take a WirePath and the bridge's router refuses
 * a path under /internal/ that is not one, so a path typed as text on either side fails the typecheck (ADR 128).
 */
export type WirePath = `/internal/v1/${string}` & { readonly [wirePathBrand]: true };

const wirePath = (path: `/internal/v1/${string}`): WirePath => path as WirePath;

/** What the bridge answers (200) to a batch it stored: the acknowledgement, and what became of its messages. */
export const BatchAnswerSchema = z.strictObject({
  applied: z.int().nonnegative(),
  /** Event ids it already held. */
  duplicates: z.int().nonnegative(),
  /** Versions not above the one it holds. */
  stale: z.int().nonnegative(),
  /** New messages parked (kept, not applied: an unknown kind, a newer major); absent when none. */
  parked: z.int().positive().optional(),
});
export type BatchAnswer = z.infer<typeof BatchAnswerSchema>;

/** One outbox stream on the wire (ADR 098): where its batches go and what they hold, and how its mark travels. */
export interface StreamWire<Envelope extends { eventId: string } = { eventId: string }> {
  readonly changes: {
    readonly path: WirePath;
    /** The batch's body; each envelope in it is then read tolerantly by the bridge (ADR 024). */
    readonly body: z.ZodType<{ changes: Envelope[] }>;
  };
  readonly heartbeat: {
    /** The mark's key in the combined heartbeat's body (ADR 078). */
    readonly key: string;
    /**
     * Whether the combined heartbeat may leave the mark out (the relay could not read that outbox, so only what the
     * stream carries goes stale). Exactly one stream's is not optional — the consent outbox's: without its mark the
     * relay sends no heartbeat at all, and the bridge's readiness rests on it (ADR 024).
     */
    readonly optional: boolean;
    /** The mark's own endpoint. */
    readonly path: WirePath;
  };
}

/** 1–1000 consent change messages (the relay sends 500 at most, to keep the bridge's transaction short). */
export const ConsentChangeBatchSchema = z.strictObject({ changes: z.array(OutboxEnvelopeSchema).min(1).max(1000) });

/** 1–1000 data-access approval messages (ADR 041). */
export const ApprovalChangeBatchSchema = z.strictObject({ changes: z.array(ApprovalEnvelopeSchema).min(1).max(1000) });

/** Consent changes (ADR 024): the ledger's outbox, its mark over `globalSeq`. */
export const consentWire: StreamWire<OutboxEnvelope> = {
  changes: { path: wirePath("/internal/v1/consent-changes"), body: ConsentChangeBatchSchema },
  heartbeat: { key: "consent", optional: false, path: wirePath("/internal/v1/heartbeat") },
};

/** Data-access approvals (ADR 041): the approval outbox, its mark over `seq`. */
export const approvalWire: StreamWire<ApprovalEnvelope> = {
  changes: { path: wirePath("/internal/v1/approval-changes"), body: ApprovalChangeBatchSchema },
  heartbeat: { key: "approvals", optional: true, path: wirePath("/internal/v1/approval-heartbeat") },
};

/** Every stream on the wire: the relay carries each and the bridge takes each (their own tests hold both to this list). */
export const streamWires: readonly StreamWire[] = [consentWire, approvalWire];

/** Every stream's mark in one request (ADR 078): an idle relay makes one request a second, not one per stream. */
export const heartbeatsPath: WirePath = wirePath("/internal/v1/heartbeats");

/** The combined heartbeat's body: each stream's mark under its key, a stream whose outbox could not be read left out. */
export type RelayHeartbeats = Readonly<Partial<Record<string, RelayHeartbeat>>>;

/** The combined heartbeat's body for these streams: the optional marks may be absent, no other key is taken. */
export function heartbeatsBodySchema(streams: readonly Pick<StreamWire, "heartbeat">[]): z.ZodType<RelayHeartbeats> {
  const shape = Object.fromEntries(streams.map(({ heartbeat }) => [heartbeat.key, heartbeat.optional ? RelayHeartbeatSchema.optional() : RelayHeartbeatSchema]));
  return z.strictObject(shape);
}

/** The combined heartbeat's body for the streams on the wire: `{ consent, approvals? }`. */
export const RelayHeartbeatsSchema = heartbeatsBodySchema(streamWires);
