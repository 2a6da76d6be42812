import { getDatabase, plainTransaction, type Database, type SqlTransaction } from "../../../db.server";
import { AppError } from "../../kernel/index";
import { isChoiceId, type ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import { lockParticipantConsent, type ConsentTurn } from "../ledger/index.server";
import type { ConsentAmendmentInput } from "./consent-actor";
import { recordConsentEvent } from "./record-consent-event.server";
import { changedChoices } from "./validate-choices";
import { projectionFromRow } from "../ledger/index";
import { choiceChangeable } from "./changes-allowed";

export interface ChangeChoicesInput extends ConsentAmendmentInput {
  changes: Record<string, unknown>;
  /**
   * The values the confirmation screen showed for the choices being changed: when the consent says otherwise by
   * the time the change holds the lock (another window, a proxy), nothing is changed (consent_changed_meanwhile).
   */
  expected?: Record<string, string>;
}

/**
 * Changes some choices of a standing consent, effective at once: the ledger gets a full new snapshot (never a
 * diff), with the previous values in the detail so the history can say what changed. The snapshot is built from
 * the state read under the participant's lock, so a change or withdrawal a moment earlier is never overwritten.
 */
export async function changeChoices(input: ChangeChoicesInput, db: Database = getDatabase()): Promise<LedgerEventRecord> {
  // A plain transaction (ADR 155), as a withdrawal's.
  return plainTransaction(db, async (tx) => {
    const turn = await lockParticipantConsent(tx, input.participantId, { now: input.request.now });
    return changeChoicesLocked(tx, turn, input);
  });
}

/**
 * The same change inside a caller's transaction that already holds the participant's turn (a recontact answer
 * writes its own row with it, ADR 035). Its follow-up (PDF copy and notices) is queued in that transaction too.
 */
export async function changeChoicesLocked(tx: SqlTransaction, turn: ConsentTurn, input: ChangeChoicesInput): Promise<LedgerEventRecord> {
  const { state } = turn;
  if (!state) throw new AppError("consent_not_found");
  if (state.status === "withdrawn" && state.withdrawalLevel !== "no_contact") throw new AppError("consent_withdrawn");
  const current = state.choices as ChoiceSnapshot;
  // After a death nothing is chosen for the person, and their disposition stays theirs after any life event (ADR 144).
  if (state.lifeEvent) {
    const standing = projectionFromRow(state);
    if (Object.keys(input.changes).some((id) => isChoiceId(id) && !choiceChangeable(standing, id))) throw new AppError("life_event_recorded");
  }
  const { next, changed } = changedChoices(current, input.changes);
  if (input.expected && Object.entries(input.expected).some(([id, value]) => current[id as keyof ChoiceSnapshot] !== value)) throw new AppError("consent_changed_meanwhile");
  const event = await recordConsentEvent(tx, turn, {
    type: "choices_changed",
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
  }, input, { followUp: true });
  return event;
}
