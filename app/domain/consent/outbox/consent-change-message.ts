import { z } from "zod";
import { interimRules } from "../forms/form-content";
import { consentEventTypes, withdrawalLevels } from "../ledger/ledger-event";

/**
 * What leaves the app for the pipeline: one message per consent event, written to the outbox in the event's
 * transaction and delivered at least once to the bridge (and to NATS JetStream). Pseudonymous only: no name,
 * no date of birth, no user id, no participant row id.
 *
 * Every message carries the participant's whole consent after the event, not a delta, so a consumer that
 * keeps the highest `version` per pseudonym can take messages duplicated or out of order and still end on the
 * ledger's latest state. `eventId` is the dedupe key (and NATS's `Nats-Msg-Id`).
 */
// The app issues `TGP-XXXX-XXXX` and `S-XXXXXXXXXX`; the contract accepts any code that is one NATS subject
// token (no dots, wildcards or spaces), so codes carried over from other systems still travel.
export const PSEUDONYM_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const SAMPLE_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export const ConsentChangeMessageSchema = z.strictObject({
  /** The ledger event's id: the dedupe key. */
  eventId: z.uuid(),
  /** The event's position in the global ledger chain, as a decimal string (it is a bigint). */
  globalSeq: z.string().regex(/^[1-9][0-9]{0,18}$/),
  pseudonym: z.string().regex(PSEUDONYM_PATTERN),
  /** The participant's event count after this event; only ever goes up. */
  version: z.number().int().min(1),
  type: z.enum(consentEventTypes),
  occurredAt: z.iso.datetime(),
  samples: z.array(z.strictObject({ code: z.string().regex(SAMPLE_CODE_PATTERN), destroyed: z.boolean() })).max(1000),
  consent: z.strictObject({
    status: z.enum(["active", "reconsent_required", "withdrawn"]),
    /** The form version's label ("1.1"); null only for a consent that never had one. */
    formVersion: z.string().max(40).nullable(),
    formVersionHash: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
    choices: z.record(z.string().max(80), z.string().max(80)),
    permittedPurposes: z.array(z.string().max(40)).max(100),
    withdrawalLevel: z.enum(withdrawalLevels).nullable(),
    interimRule: z.enum(interimRules).nullable(),
    consentedBy: z.enum(["self", "proxy"]),
  }),
});
export type ConsentChangeMessage = z.infer<typeof ConsentChangeMessageSchema>;

/** NATS subject for one participant's changes; pipeline clusters subscribe to `tsunagi.consent.>`. */
export function consentSubject(pseudonym: string): string {
  return `tsunagi.consent.${pseudonym}`;
}
export const CONSENT_STREAM = "TSUNAGI_CONSENT";
export const CONSENT_SUBJECTS = "tsunagi.consent.>";
export const RELAY_HEARTBEAT_SUBJECT = "tsunagi.relay.heartbeat";
/** PostgreSQL channel the ledger notifies on commit, so the relay wakes at once instead of on its next poll. */
export const OUTBOX_NOTIFY_CHANNEL = "tsunagi_outbox";

/**
 * Relay → bridge, over HTTP with an API token scoped `bridge:ingest`:
 *   POST /internal/v1/consent-changes  { changes: ConsentChangeMessage[] }  → 200 { applied, duplicates, stale }
 *   POST /internal/v1/heartbeat        RelayHeartbeat                       → 204
 */
export const RelayHeartbeatSchema = z.strictObject({
  relayId: z.string().min(1).max(100),
  /** Every outbox row with globalSeq ≤ this has been acknowledged by the bridge ("0" when the ledger is empty). */
  highWaterMark: z.string().regex(/^(0|[1-9][0-9]{0,18})$/),
  sentAt: z.iso.datetime(),
});
export type RelayHeartbeat = z.infer<typeof RelayHeartbeatSchema>;

export const ConsentChangeBatchSchema = z.strictObject({ changes: z.array(ConsentChangeMessageSchema).min(1).max(1000) });
