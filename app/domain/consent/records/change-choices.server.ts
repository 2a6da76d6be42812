import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../app-error";
import type { ChoiceSnapshot } from "../choice-catalogue";
import type { LedgerEventRecord } from "../ledger/ledger-event";
import { afterConsentRecorded } from "./after-consent-recorded.server";
import type { ConsentAmendmentInput } from "./consent-actor";
import { recordConsentEvent } from "./record-consent-event.server";
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
    return recordConsentEvent(tx, {
      participantId: input.participantId,
      type: "choices_changed",
      occurredAt: now,
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
    }, input);
  });
  await afterConsentRecorded(event, db);
  return event;
}
