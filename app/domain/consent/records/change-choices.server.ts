import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../app-error";
import { recordAuditEvent } from "../../audit/record-audit-event.server";
import type { RequestContext } from "../../auth/request-context";
import type { ChoiceSnapshot } from "../choice-catalogue";
import type { FormLanguage } from "../forms/form-content";
import { appendConsentEvent } from "../ledger/append-consent-event.server";
import type { LedgerEventRecord } from "../ledger/ledger-event";
import { afterConsentRecorded } from "./after-consent-recorded.server";
import type { ConsentActor, StaffRecordedMethod } from "./consent-actor";
import { changedChoices } from "./validate-choices";

export interface ChangeChoicesInput {
  participantId: string;
  changes: Record<string, unknown>;
  actor: ConsentActor;
  method: "online" | StaffRecordedMethod;
  /** The language the confirmation was shown in; the PDF record uses it. */
  language: FormLanguage;
  /** Staff-recorded changes: how the request reached the clinic, in the recorder's words. */
  note?: string;
  request: RequestContext;
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
    await recordAuditEvent(
      tx,
      { type: "consent.recorded", outcome: "success", detail: { participantId: input.participantId, eventId: event.id, eventType: "choices_changed", method: input.method } },
      { actorUserId: input.actor.userId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent },
    );
    return event;
  });
  await afterConsentRecorded(event, db);
  return event;
}
