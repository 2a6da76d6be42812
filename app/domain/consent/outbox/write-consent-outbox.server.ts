import type { Transaction } from "../../../db.server";
import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import type { ConsentProjection } from "@tsunagi/consent-rules/consent-projection";
import { ConsentChangeMessageSchema, MESSAGE_SCHEMA_VERSION, messageKindOf, type ConsentChangeMessage } from "@tsunagi/consent-rules/consent-change-message";

/** What the message needs about the participant, read before the ledger lock is taken. */
export interface OutboxContext {
  pseudonym: string;
  samples: { sampleCode: string; destroyedAt: Date | null }[];
  /** Form version labels by id, for the version the event names; another is looked up when the state needs it. */
  formVersionLabels: Map<string, string>;
}

/**
 * Read before the ledger lock: the pseudonym, the samples, and the labels of the form versions the message may name
 * (the event's, and the participant's current one, which a withdrawal or a change keeps).
 */
export async function readOutboxContext(tx: Transaction, participantId: string, formVersionIds: readonly (string | null | undefined)[]): Promise<OutboxContext> {
  const ids = [...new Set(formVersionIds.filter((id): id is string => typeof id === "string"))];
  const [participant, formVersions] = [
    await tx.participant.findUniqueOrThrow({
      where: { id: participantId },
      select: { pseudonym: true, samples: { select: { sampleCode: true, destroyedAt: true }, orderBy: { sampleCode: "asc" } } },
    }),
    ids.length > 0 ? await tx.consentFormVersion.findMany({ where: { id: { in: ids } }, select: { id: true, version: true } }) : [],
  ];
  return { pseudonym: participant.pseudonym, samples: participant.samples, formVersionLabels: new Map(formVersions.map((version) => [version.id, version.version])) };
}

/**
 * The pseudonymous change message for one ledger event — `consent_changed`, or `samples_changed` for a sample event;
 * the same whole state either way (ADR 024). The ledger append writes it to the outbox in the event's own statement
 * (appendConsentEvent), with a NOTIFY PostgreSQL holds until commit and drops on rollback, as it does the row.
 */
export async function consentChangeMessage(tx: Transaction, event: LedgerEventRecord, state: ConsentProjection, context: OutboxContext): Promise<ConsentChangeMessage> {
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
  return message;
}
