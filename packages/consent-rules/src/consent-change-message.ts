import { z } from "zod";
import { interimRules } from "./form-content";
import { consentEventTypes, isLifeEvent, isProvisionEvent, isSampleEvent, lifeEventTypes, provisionEventTypes, sampleEventTypes, withdrawalLevels, type ConsentEventType } from "./ledger-event";

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

/**
 * Every message names its kind and the version of its schema (ADR 024). A minor version only adds what a reader of
 * the same major may ignore; a new major, or a kind a reader does not know, is parked by that reader: kept, never
 * applied and never dropped. A message without these two members was written before they existed (the outbox keeps
 * rows for years) and is read as version 1.0 of `consent_changed`.
 *
 * Kinds: `consent_changed` for an event of the consent itself (a grant, a change, a withdrawal…); `samples_changed`
 * for an event that changes what the consent covers (a sample registered after the last consent change). Both carry
 * the same whole state, so a reader that knows both applies them alike; a reader that knows only `consent_changed`
 * parks `samples_changed`, and the new sample stays unknown to it, so denied (fail closed). `provision_changed` (1.1,
 * ADR 140) for an event of the 2024 law (a notice given, a stop of provision): a reader that does not know it parks it
 * and denies the participant until it does.
 *
 * 1.1 added `consent.provision` (the participant's standing under the 2024 law) and the kind `provision_changed`. A
 * 1.0 reader drops the member and so denies every law recipient (it reads nobody as notified): fail closed.
 *
 * 1.2 added the kind `life_changed` (a death or a loss of capacity recorded, ADR 143). The life event itself,
 * `consent.lifeEvent`, is one member an old reader must not drop: dropped, it would read the person as living and
 * allow what their disposition stops. So a message that carries one is major 2 (`LIFE_EVENT_SCHEMA_VERSION`): a 1.x
 * reader parks it and denies that person until it is upgraded, while every other participant's messages stay 1.2 and
 * go on being read (fail closed for exactly those it would misread).
 */
export const MESSAGE_SCHEMA_VERSION = "1.2";
/** The version of a message that carries a life event (ADR 143): a new major, so an old reader parks it. */
export const LIFE_EVENT_SCHEMA_VERSION = "2.0";
/** The highest major this release reads. */
const READER_MAJOR = 2;
/** What a message written before versions existed (no `schemaVersion`, no `kind`) is read as: 1.0 `consent_changed`. */
export const UNVERSIONED_SCHEMA_VERSION = "1.0";
export const messageKinds = ["consent_changed", "samples_changed", "provision_changed", "life_changed"] as const;
export type MessageKind = (typeof messageKinds)[number];

/** The kind of message a ledger event leaves as. */
export function messageKindOf(type: ConsentEventType): MessageKind {
  return isSampleEvent(type) ? "samples_changed" : isProvisionEvent(type) ? "provision_changed" : isLifeEvent(type) ? "life_changed" : "consent_changed";
}

/** The schema version a message is written at: major 2 when it carries a life event (ADR 143), 1.2 otherwise. */
export function messageSchemaVersionFor(consent: { lifeEvent?: unknown }): string {
  return consent.lifeEvent ? LIFE_EVENT_SCHEMA_VERSION : MESSAGE_SCHEMA_VERSION;
}
const consentChangeTypes = consentEventTypes.filter((type) => !isSampleEvent(type) && !isProvisionEvent(type) && !isLifeEvent(type)) as [ConsentEventType, ...ConsentEventType[]];
const SCHEMA_VERSION_PATTERN = /^([1-9][0-9]{0,3})\.(0|[1-9][0-9]{0,3})$/;

/**
 * The members every kind and every version carries, whatever else it holds: enough to deduplicate a message, to place
 * it in the ledger and to know whose consent it concerns, so that a reader can park what it cannot read. Loose:
 * everything else passes through untouched (the relay forwards a row as written; readers decide).
 */
export const OutboxEnvelopeSchema = z.looseObject({
  /** The ledger event's id: the dedupe key. */
  eventId: z.uuid(),
  /** The event's position in the global ledger chain, as a decimal string (it is a bigint). */
  globalSeq: z.string().regex(/^[1-9][0-9]{0,18}$/),
  pseudonym: z.string().regex(PSEUDONYM_PATTERN),
  // Any text: a reader parks what it cannot name rather than refusing the batch it came in.
  kind: z.string().min(1).max(80).optional(),
  schemaVersion: z.string().min(1).max(20).optional(),
});
export type OutboxEnvelope = z.infer<typeof OutboxEnvelopeSchema>;

/**
 * The body of every kind of message, strict (what this release writes) or tolerant (what it reads): the participant's
 * whole state after the event, whatever the event was.
 */
function consentChangedShape(object: typeof z.object | typeof z.strictObject, types: readonly [ConsentEventType, ...ConsentEventType[]] = consentEventTypes) {
  return {
    eventId: z.uuid(),
    globalSeq: z.string().regex(/^[1-9][0-9]{0,18}$/),
    pseudonym: z.string().regex(PSEUDONYM_PATTERN),
    /** The participant's event count after this event; only ever goes up. */
    version: z.number().int().min(1),
    type: z.enum(types),
    occurredAt: z.iso.datetime(),
    samples: z.array(object({ code: z.string().regex(SAMPLE_CODE_PATTERN), destroyed: z.boolean() })).max(1000),
    consent: object({
      status: z.enum(["active", "reconsent_required", "withdrawn"]),
      /** The form version's label ("1.1"); null only for a consent that never had one. */
      formVersion: z.string().max(40).nullable(),
      formVersionHash: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
      choices: z.record(z.string().max(80), z.string().max(80)),
      permittedPurposes: z.array(z.string().max(40)).max(100),
      withdrawalLevel: z.enum(withdrawalLevels).nullable(),
      interimRule: z.enum(interimRules).nullable(),
      consentedBy: z.enum(["self", "proxy"]),
      /** Since 1.1: the 2024 law's notice and stop (ADR 140). Absent (a 1.0 message): nobody notified, nothing stopped. */
      provision: object({ noticeVersion: z.string().min(1).max(40).nullable(), stopped: z.boolean() }).optional(),
      /** Since 2.0: a death or a loss of capacity (ADR 143). Absent or null: neither recorded. */
      lifeEvent: object({ kind: z.enum(["death", "incapacity"]), on: z.iso.date() }).nullable().optional(),
    }),
  };
}

/**
 * What the app writes: exactly this version, nothing unknown (a typo in the writer fails its transaction), and each
 * event under its own kind — a sample event as `samples_changed`, never as `consent_changed`, so a reader that does
 * not know the sample events parks the message rather than refusing it as malformed.
 */
const writtenVersion = z.enum([MESSAGE_SCHEMA_VERSION, LIFE_EVENT_SCHEMA_VERSION]);
export const ConsentChangeMessageSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({ schemaVersion: writtenVersion, kind: z.literal("consent_changed"), ...consentChangedShape(z.strictObject, consentChangeTypes) }),
    z.strictObject({ schemaVersion: writtenVersion, kind: z.literal("samples_changed"), ...consentChangedShape(z.strictObject, sampleEventTypes) }),
    z.strictObject({ schemaVersion: writtenVersion, kind: z.literal("provision_changed"), ...consentChangedShape(z.strictObject, provisionEventTypes) }),
    z.strictObject({ schemaVersion: writtenVersion, kind: z.literal("life_changed"), ...consentChangedShape(z.strictObject, lifeEventTypes) }),
  ])
  // Major 2 exactly when a life event is carried: an old reader must park every message it would misread.
  .refine((message) => (message.schemaVersion === LIFE_EVENT_SCHEMA_VERSION) === Boolean(message.consent.lifeEvent), { path: ["schemaVersion"], message: "2.0 exactly when consent.lifeEvent is set" });

/**
 * What a reader of majors 1 and 2 accepts as any kind it knows (readOutboxMessage has checked the kind): any 1.x or 2.x, or
 * no version at all (rows written before versions, read as 1.0 `consent_changed`); members it does not know, at any
 * depth, are accepted and left out of what it applies.
 */
export const ConsentChangedReaderSchema = z.object({
  schemaVersion: z.string().regex(SCHEMA_VERSION_PATTERN, "major.minor, such as 1.0").default(UNVERSIONED_SCHEMA_VERSION),
  kind: z.enum(messageKinds).default("consent_changed"),
  ...consentChangedShape(z.object),
});
export type ConsentChangeMessage = z.infer<typeof ConsentChangedReaderSchema>;

export type ParkReason = "unknown_kind" | "newer_major";

/** What a reader makes of one message: apply it, park it (with why), or refuse it as malformed. */
export type ReadMessage =
  | { outcome: "apply"; message: ConsentChangeMessage }
  | { outcome: "park"; reason: ParkReason; kind: string; schemaVersion: string }
  | { outcome: "malformed"; error: z.ZodError };

/**
 * The tolerant reader, for the bridge and for consumers of the NATS stream (docs/nats.md). A kind it does not know or
 * a major above its own is parked; a message of a version it knows that does not match that version's schema is
 * malformed (a writer's bug, refused loudly rather than parked quietly). `knownKinds` is what this release reads;
 * tests pass fewer to read as an earlier release would.
 */
export function readOutboxMessage(raw: unknown, knownKinds: readonly MessageKind[] = messageKinds): ReadMessage {
  const envelope = OutboxEnvelopeSchema.safeParse(raw);
  if (!envelope.success) return { outcome: "malformed", error: envelope.error };
  const kind = envelope.data.kind ?? "consent_changed";
  const schemaVersion = envelope.data.schemaVersion ?? UNVERSIONED_SCHEMA_VERSION;
  if (!(knownKinds as readonly string[]).includes(kind)) return { outcome: "park", reason: "unknown_kind", kind, schemaVersion };
  if (schemaMajor(schemaVersion) > READER_MAJOR) return { outcome: "park", reason: "newer_major", kind, schemaVersion };
  const message = ConsentChangedReaderSchema.safeParse(raw);
  return message.success ? { outcome: "apply", message: message.data } : { outcome: "malformed", error: message.error };
}

/** The major of "major.minor"; a version this reader cannot even parse counts as newer than any it knows. */
function schemaMajor(schemaVersion: string): number {
  const major = /^([0-9]{1,6})(?:\.|$)/.exec(schemaVersion)?.[1];
  return major === undefined ? Number.POSITIVE_INFINITY : Number(major);
}

/** NATS subject for one participant's changes; pipeline clusters subscribe to `tsunagi.consent.>`. */
export function consentSubject(pseudonym: string): string {
  return `tsunagi.consent.${pseudonym}`;
}
export const CONSENT_STREAM = "TSUNAGI_CONSENT";
export const CONSENT_SUBJECTS = "tsunagi.consent.>";
export const RELAY_HEARTBEAT_SUBJECT = "tsunagi.relay.heartbeat";
/**
 * The app's direct publish after COMMIT (ADR 159): core NATS, best effort, outside `tsunagi.consent.>` so that no
 * stream stores it and nothing ordered (the stream's floor, the relay's mark) is ever moved by it. A bridge following
 * the stream applies what arrives here early, once by event id, by the version rule.
 */
export function directConsentSubject(pseudonym: string): string {
  return `tsunagi.direct.consent.${pseudonym}`;
}
export const DIRECT_CONSENT_SUBJECTS = "tsunagi.direct.consent.>";
/** PostgreSQL channel the ledger notifies on commit, so the relay wakes at once instead of on its next poll. */
export const OUTBOX_NOTIFY_CHANNEL = "tsunagi_outbox";

/**
 * Which outbox a notification on OUTBOX_NOTIFY_CHANNEL announces, by its payload: the ledger's append sends the event's
 * global position (digits; `tsunagi_append_consent_event`), an approval change `approval:<seq>`
 * (`approvalNotifyPayload`). Anything else — a payload from a newer writer, or none — is `unknown`, and whoever listens
 * looks at every outbox, as it did before notifications were told apart.
 */
export function outboxNotified(payload: string | undefined): "consent" | "approvals" | "unknown" {
  if (payload !== undefined && /^[1-9][0-9]{0,18}$/.test(payload)) return "consent";
  if (payload !== undefined && /^approval:[1-9][0-9]{0,18}$/.test(payload)) return "approvals";
  return "unknown";
}

/** The payload of an approval change's notification (enqueueApprovalChange): see `outboxNotified`. */
export function approvalNotifyPayload(seq: bigint | number | string): string {
  return `approval:${seq}`;
}

/**
 * The relay's mark over an outbox: over HTTP to the bridge (its paths and bodies: `@tsunagi/bridge-wire/relay-wire`)
 * and, with NATS, on the stream's core-NATS heartbeat subject.
 */
export const RelayHeartbeatSchema = z.strictObject({
  relayId: z.string().min(1).max(100),
  /** Every outbox row with globalSeq ≤ this has been acknowledged by the bridge ("0" when the ledger is empty). */
  highWaterMark: z.string().regex(/^(0|[1-9][0-9]{0,18})$/),
  sentAt: z.iso.datetime(),
});
export type RelayHeartbeat = z.infer<typeof RelayHeartbeatSchema>;
