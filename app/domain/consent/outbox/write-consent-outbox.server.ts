import type { Transaction } from "../../../db.server";
import type { LedgerEventRecord } from "../ledger/ledger-event";
import type { ConsentProjection } from "../projection/consent-projection";
import { ConsentChangeMessageSchema, OUTBOX_NOTIFY_CHANNEL, type ConsentChangeMessage } from "./consent-change-message";

/**
 * Writes the pseudonymous change message for one ledger event into the outbox, in the event's transaction, and
 * asks PostgreSQL to wake the relay when that transaction commits (NOTIFY is held until then, and dropped on
 * rollback, as is the row).
 */
export async function writeConsentOutbox(tx: Transaction, event: LedgerEventRecord, state: ConsentProjection): Promise<ConsentChangeMessage> {
  const [participant, formVersion] = await Promise.all([
    tx.participant.findUniqueOrThrow({
      where: { id: event.participantId },
      select: { pseudonym: true, samples: { select: { sampleCode: true, destroyedAt: true }, orderBy: { sampleCode: "asc" } } },
    }),
    state.formVersionId ? tx.consentFormVersion.findUnique({ where: { id: state.formVersionId }, select: { version: true } }) : null,
  ]);
  const destroyAll = state.withdrawalLevel === "destroy";
  const message = ConsentChangeMessageSchema.parse({
    eventId: event.id,
    globalSeq: event.globalSeq,
    pseudonym: participant.pseudonym,
    version: state.version,
    type: event.type,
    occurredAt: event.occurredAt,
    samples: participant.samples.map((sample) => ({ code: sample.sampleCode, destroyed: destroyAll || sample.destroyedAt !== null })),
    consent: {
      status: state.status,
      formVersion: formVersion?.version ?? null,
      formVersionHash: state.formVersionHash,
      choices: state.choices,
      permittedPurposes: state.permittedPurposes,
      withdrawalLevel: state.withdrawalLevel,
      interimRule: state.interimRule,
      consentedBy: state.consentedBy,
    },
  });
  await tx.consentOutbox.create({
    data: { globalSeq: BigInt(event.globalSeq), eventId: event.id, pseudonym: message.pseudonym, payload: message },
  });
  await tx.$executeRaw`SELECT pg_notify(${OUTBOX_NOTIFY_CHANNEL}, ${event.globalSeq})`;
  return message;
}
