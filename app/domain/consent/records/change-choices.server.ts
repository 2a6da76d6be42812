import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../app-error";
import type { ChoiceSnapshot } from "../choice-catalogue";
import { appendConsentEvent } from "../ledger/append-consent-event.server";
import type { LedgerEventRecord } from "../ledger/ledger-event";
import { afterConsentRecorded } from "./after-consent-recorded.server";
import { auditConsentRecorded } from "./audit-consent-recorded.server";
import type { ConsentAmendmentInput } from "./consent-actor";
import { changedChoices } from "./validate-choices";

export interface ChangeChoicesInput extends ConsentAmendmentInput {
  changes: Record<string, unknown>;
}

/**
 * Changes some choices of a standing consent, effective at once: the ledger gets a full new snapshot (never a
 * diff), with the previous values in the detail so the history can say what changed.
 */
export async function changeChoices(input: ChangeChoicesInput, db: Database = getDatabase()): Promise<LedgerEventRecord> {
  const now = input.request.now ?? new Date();
  const event = await db.$transaction(async (tx) => {
    const state = await tx.consentState.findUnique({ where: { participantId: input.participantId } });
    if (!state) throw new AppError("consent_not_found");
    if (state.status === "withdrawn" && state.withdrawalLevel !== "no_contact") throw new AppError("consent_withdrawn");
    const current = state.choices as ChoiceSnapshot;
    const { next, changed } = changedChoices(current, input.changes);
    const { event } = await appendConsentEvent(tx, {
      participantId: input.participantId,
      type: "choices_changed",
      occurredAt: now,
      actorUserId: input.actor.userId,
      actorRole: input.actor.role,
      method: input.method,
      formVersionId: state.formVersionId,
      formVersionHash: state.formVersionHash,
      choices: next,
      detail: {
        changed,
        previous: Object.fromEntries(changed.map((id) => [id, current[id]])),
        language: input.language,
        ...(input.note ? { note: input.note } : {}),
      },
    });
    await auditConsentRecorded(tx, event, input.actor.userId, input.request);
    return event;
  });
  await afterConsentRecorded(event, db);
  return event;
}
