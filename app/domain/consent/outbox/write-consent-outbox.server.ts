import type { Transaction } from "../../../db.server";
import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import type { ConsentProjection } from "@tsunagi/consent-rules/consent-projection";
import { ConsentChangeMessageSchema, MESSAGE_SCHEMA_VERSION, messageKindOf, OUTBOX_NOTIFY_CHANNEL, type ConsentChangeMessage } from "@tsunagi/consent-rules/consent-change-message";

/** What the message needs about the participant, read before the ledger lock is taken. */
export interface OutboxContext {
  pseudonym: string;
  samples: { sampleCode: string; destroyedAt: Date | null }[];
  /** Form version labels by id, for the version the event names; another is looked up when the state needs it. */
  formVersionLabels: Map<string, string>;
}

export async function readOutboxContext(tx: Transaction, participantId: string, formVersionId: string | null): Promise<OutboxContext> {
  const [participant, formVersion] = [
    await tx.participant.findUniqueOrThrow({
      where: { id: participantId },
      select: { pseudonym: true, samples: { select: { sampleCode: true, destroyedAt: true }, orderBy: { sampleCode: "asc" } } },
    }),
    formVersionId ? await tx.consentFormVersion.findUnique({ where: { id: formVersionId }, select: { id: true, version: true } }) : null,
  ];
  return { pseudonym: participant.pseudonym, samples: participant.samples, formVersionLabels: new Map(formVersion ? [[formVersion.id, formVersion.version]] : []) };
}

/**
 * Writes the pseudonymous change message for one ledger event into the outbox — `consent_changed`, or
 * `samples_changed` for a sample event; the same whole state either way (ADR 024) — in the event's transaction, and
 * asks PostgreSQL to wake the relay when that transaction commits (NOTIFY is held until then, and dropped on
 * rollback, as is the row). One statement for both: it runs under the ledger lock.
 */
export async function writeConsentOutbox(tx: Transaction, event: LedgerEventRecord, state: ConsentProjection, context: OutboxContext): Promise<ConsentChangeMessage> {
  let formVersion: string | null = null;
  if (state.formVersionId) {
    formVersion = context.formVersionLabels.get(state.formVersionId) ?? null;
    formVersion ??= (await tx.consentFormVersion.findUnique({ where: { id: state.formVersionId }, select: { version: true } }))?.version ?? null;
  }
  const destroyAll = state.withdrawalLevel === "destroy";
  const message = ConsentChangeMessageSchema.parse({
    schemaVersion: MESSAGE_SCHEMA_VERSION,
    kind: messageKindOf(event.type),
    eventId: event.id,
    globalSeq: event.globalSeq,
    pseudonym: context.pseudonym,
    version: state.version,
    type: event.type,
    occurredAt: event.occurredAt,
    samples: context.samples.map((sample) => ({ code: sample.sampleCode, destroyed: destroyAll || sample.destroyedAt !== null })),
    consent: {
      status: state.status,
      formVersion,
      formVersionHash: state.formVersionHash,
      choices: state.choices,
      permittedPurposes: state.permittedPurposes,
      withdrawalLevel: state.withdrawalLevel,
      interimRule: state.interimRule,
      consentedBy: state.consentedBy,
    },
  });
  await tx.$queryRaw`
    WITH written AS (
      INSERT INTO "ConsentOutbox" ("globalSeq", "eventId", "pseudonym", "payload")
      VALUES (${BigInt(event.globalSeq)}, ${event.id}::uuid, ${message.pseudonym}, ${JSON.stringify(message)}::jsonb)
      RETURNING "globalSeq"
    )
    SELECT pg_notify(${OUTBOX_NOTIFY_CHANNEL}, "globalSeq"::text)::text AS notified FROM written`;
  return message;
}
