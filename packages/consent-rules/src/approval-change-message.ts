import { z } from "zod";

/**
 * What leaves the app for the bridge when a data-access approval is granted or changes (issue 15 item 5; ADR 041):
 * one message per change of a `DataAccessApproval` row — granted, suspended, reinstated, revoked, extended — each
 * carrying the approval's whole scope and status after the change and its `version` (the row's, which only goes
 * up). A consumer keeps the highest version per approval and drops duplicates by `eventId`, so duplicates and
 * reordering can never take a revocation back.
 *
 * Its own outbox (`ApprovalOutbox`, its own sequence `seq`), its own relay lane and its own ingest endpoint
 * (`approvalWire` in `@tsunagi/bridge-wire/relay-wire`): approvals concern no participant, so they have no pseudonym
 * or ledger position to travel under the consent envelope (ADR 024), and a bridge that does not serve the endpoint
 * answers 404 to the relay's approval lane only, never stalling consent. Versioned like consent messages (ADR 024): every message
 * names its `kind` and `schemaVersion`; a reader parks a kind it does not know or a newer major (kept, never applied,
 * never dropped) with every later message for the same approval behind it, and a release naming that approval is
 * denied (`approval_message_parked`). No personal data: the institution, not the person who applied.
 *
 * With NATS the relay also publishes every message to the JetStream stream `TSUNAGI_APPROVALS` on
 * `tsunagi.approval.<approvalId>` (`Nats-Msg-Id` = `eventId`), and the mark of what it published as a core-NATS
 * heartbeat on `tsunagi.relay.approval-heartbeat`, so bridge replicas following the streams (ADR 051) hold approvals
 * and know when theirs may be behind, without the relay's HTTP delivery.
 */
// Its own number since the consent message moved to 1.1 (ADR 140): an approval's message did not change.
export const APPROVAL_SCHEMA_VERSION = "1.0";
export const approvalMessageKinds = ["approval_changed"] as const;
export type ApprovalMessageKind = (typeof approvalMessageKinds)[number];

/** What happened to the approval in this change (informational: the message carries the whole state either way). */
export const approvalChanges = ["granted", "suspended", "reinstated", "revoked", "extended", "amended"] as const;
export type ApprovalChange = (typeof approvalChanges)[number];

export const approvalStatuses = ["active", "suspended", "revoked"] as const;
export type ApprovalStatus = (typeof approvalStatuses)[number];

/** Who receives data under an approval, as the application names it (app/domain/access/applications). */
export const approvalRecipientTypes = ["academia", "public_body", "industry"] as const;
export type ApprovalRecipientType = (typeof approvalRecipientTypes)[number];

export const APPROVAL_STREAM = "TSUNAGI_APPROVALS";
export const APPROVAL_SUBJECTS = "tsunagi.approval.>";
export const RELAY_APPROVAL_HEARTBEAT_SUBJECT = "tsunagi.relay.approval-heartbeat";
export function approvalSubject(approvalId: string): string {
  return `tsunagi.approval.${approvalId}`;
}

/** As the bridge's dataset ids (pipeline-bridge releases): a slug. */
export const APPROVAL_DATASET_PATTERN = /^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/;
const SEQ = z.string().regex(/^[1-9][0-9]{0,18}$/);
const SCHEMA_VERSION_PATTERN = /^([1-9][0-9]{0,3})\.(0|[1-9][0-9]{0,3})$/;

/**
 * The members every approval message carries, whatever its kind or version: enough to deduplicate it (`eventId`), to
 * place it in the approval outbox (`seq`, for the relay's high-water mark) and to know which approval it concerns, so
 * a reader can park what it cannot read. Loose: the relay forwards a row as written.
 */
export const ApprovalEnvelopeSchema = z.looseObject({
  eventId: z.uuid(),
  /** The row's position in the approval outbox, as a decimal string (a bigint). */
  seq: SEQ,
  approvalId: z.uuid(),
  kind: z.string().min(1).max(80).optional(),
  schemaVersion: z.string().min(1).max(20).optional(),
});
export type ApprovalEnvelope = z.infer<typeof ApprovalEnvelopeSchema>;

function approvalChangedShape(object: typeof z.object | typeof z.strictObject) {
  return {
    eventId: z.uuid(),
    seq: SEQ,
    approvalId: z.uuid(),
    /** The approval row's version after this change; only ever goes up. */
    version: z.number().int().min(1),
    change: z.enum(approvalChanges),
    occurredAt: z.iso.datetime(),
    approval: object({
      status: z.enum(approvalStatuses),
      /** The public reference of the application it approves (DA-2026-0007), for logs and manifests. */
      applicationReference: z.string().min(1).max(40),
      recipientInstitution: z.string().min(1).max(200),
      recipientType: z.enum(approvalRecipientTypes),
      /** ISO 3166-1 alpha-2. */
      recipientCountry: z.string().regex(/^[A-Z]{2}$/),
      datasets: z.array(z.string().regex(APPROVAL_DATASET_PATTERN)).max(100),
      dataKinds: z.array(z.string().min(1).max(40)).max(20),
      /** DUO abbreviations (GRU, HMB, DS, POA, MDS), as the application names its purpose. */
      purposeCodes: z.array(z.string().min(1).max(40)).max(20),
      purposeDiseases: z.array(z.string().min(1).max(80)).max(50),
      commercial: z.boolean(),
      startsAt: z.iso.datetime(),
      endsAt: z.iso.datetime(),
    }),
  };
}

/** What the app writes: exactly this version, nothing unknown (a typo in the writer fails its transaction). */
export const ApprovalChangeMessageSchema = z.strictObject({
  schemaVersion: z.literal(APPROVAL_SCHEMA_VERSION),
  kind: z.literal("approval_changed"),
  ...approvalChangedShape(z.strictObject),
});

/** What a reader of major 1 accepts for a kind it knows: any 1.x; members it does not know are ignored at any depth. */
export const ApprovalChangedReaderSchema = z.object({
  schemaVersion: z.string().regex(SCHEMA_VERSION_PATTERN, "major.minor, such as 1.0"),
  kind: z.enum(approvalMessageKinds),
  ...approvalChangedShape(z.object),
});
export type ApprovalChangeMessage = z.infer<typeof ApprovalChangedReaderSchema>;
/** The approval as a reader holds it after a message. */
export type ApprovalScope = ApprovalChangeMessage["approval"];

export type ApprovalParkReason = "unknown_kind" | "newer_major";
export type ReadApprovalMessage =
  | { outcome: "apply"; message: ApprovalChangeMessage }
  | { outcome: "park"; reason: ApprovalParkReason; kind: string; schemaVersion: string }
  | { outcome: "malformed"; error: z.ZodError };

/**
 * The tolerant reader (ADR 024, for approvals): an unknown kind or a newer major is parked; a message of a version it
 * knows that does not match that version is malformed (a writer's bug, refused loudly). Unlike consent messages
 * there are no rows from before versions, so `kind` and `schemaVersion` are required.
 */
export function readApprovalMessage(raw: unknown, knownKinds: readonly ApprovalMessageKind[] = approvalMessageKinds): ReadApprovalMessage {
  const envelope = ApprovalEnvelopeSchema.safeParse(raw);
  if (!envelope.success) return { outcome: "malformed", error: envelope.error };
  const kind = envelope.data.kind ?? "";
  const schemaVersion = envelope.data.schemaVersion ?? "";
  if (!(knownKinds as readonly string[]).includes(kind)) return { outcome: "park", reason: "unknown_kind", kind: kind || "(none)", schemaVersion: schemaVersion || "(none)" };
  if (schemaMajor(schemaVersion) > schemaMajor(APPROVAL_SCHEMA_VERSION)) return { outcome: "park", reason: "newer_major", kind, schemaVersion };
  const message = ApprovalChangedReaderSchema.safeParse(raw);
  return message.success ? { outcome: "apply", message: message.data } : { outcome: "malformed", error: message.error };
}

function schemaMajor(schemaVersion: string): number {
  const major = /^([0-9]{1,6})(?:\.|$)/.exec(schemaVersion)?.[1];
  return major === undefined ? Number.POSITIVE_INFINITY : Number(major);
}
