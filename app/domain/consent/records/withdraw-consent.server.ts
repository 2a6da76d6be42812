import { getDatabase, plainTransaction, sql, sqlRows, sqlSend, type Database, type SqlTransaction } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import { identityFieldsErasedAtDestroy } from "./withdrawal-levels";
import { isStricterWithdrawal, type LedgerEventRecord, type WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";
import { lockParticipantConsent } from "../ledger/index.server";
import type { ConsentAmendmentInput } from "./consent-actor";
import { recordConsentEvent } from "./record-consent-event.server";
import { projectionFromRow } from "../ledger/index";
import { withdrawalLevelInForce } from "@tsunagi/consent-rules/decide-action";

export interface WithdrawConsentInput extends ConsentAmendmentInput {
  level: WithdrawalLevel;
}

/**
 * Withdraws consent at a level, effective at once. A level can only get stricter: no further contact, then no
 * further use, then destroy. At "destroy", specimens are marked for destruction and identifiable details that
 * no law requires us to keep are erased in the same transaction; the signed records themselves are kept, as
 * the withdrawal screen says. The level check and the snapshot of choices are made under the participant's lock:
 * of two identical withdrawals sent at once, the second is refused exactly as it would be one after the other.
 */
export async function withdrawConsent(input: WithdrawConsentInput, db: Database = getDatabase()): Promise<LedgerEventRecord> {
  // A plain transaction (ADR 155): every change of the programme's consent takes the ledger lock in turn.
  return plainTransaction(db, (tx) => withdrawConsentInTransaction(tx, input));
}

/** The withdrawal's transaction on its own; its follow-up (the PDF copy and the mail) is queued inside it, before the ledger lock. */
export async function withdrawConsentInTransaction(tx: SqlTransaction, input: WithdrawConsentInput): Promise<LedgerEventRecord> {
  const turn = await lockParticipantConsent(tx, input.participantId, { now: input.request.now });
  const { state, now } = turn;
  if (!state) throw new AppError("consent_not_found");
  // A life event's disposition counts as the withdrawal of its reach (ADR 143): only a stricter level changes anything.
  if (!isStricterWithdrawal(input.level, state.lifeEvent ? withdrawalLevelInForce(projectionFromRow(state)) : state.withdrawalLevel)) throw new AppError("nothing_changed");
  const event = await recordConsentEvent(
    tx,
    turn,
    {
      type: "withdrawn",
      method: input.method,
      formVersionId: state.formVersionId,
      formVersionHash: state.formVersionHash,
      choices: state.choices as ChoiceSnapshot,
      withdrawalLevel: input.level,
      detail: { language: input.language, ...(input.note ? { note: input.note } : {}) },
    },
    input,
    {
      followUp: true,
      beforeAppend: async () => {
        if (input.level === "destroy") {
          await sqlSend(tx, sql`UPDATE "Sample" SET "destroyedAt" = ${now}::timestamptz WHERE "participantId" = ${input.participantId}::uuid AND "destroyedAt" IS NULL`);
          const erased = await sqlRows(tx, {
            text: `UPDATE "ParticipantIdentity" SET ${identityFieldsErasedAtDestroy.map((field) => `"${field}" = NULL`).join(", ")}, "erasedAt" = $1::timestamptz, "updatedAt" = $2::timestamptz WHERE "participantId" = $3::uuid RETURNING 1 AS "erased"`,
            values: [now, new Date(), input.participantId],
          });
          if (erased.length !== 1) throw new AppError("consent_not_found");
        }
        // (Prisma's @updatedAt is the clock's time, as Prisma set it.) Nobody is asked to re-consent any more, and unfinished journeys stop.
        // Sent without waiting (ADR 166): the outbox context's read goes right behind it, in the same round trip.
        await sqlSend(tx, sql`UPDATE "ConsentJourney" SET "status" = 'abandoned', "updatedAt" = ${new Date()}::timestamptz WHERE "participantId" = ${input.participantId}::uuid AND "status" = 'in_progress'`);
      },
    },
  );
  return event;
}
