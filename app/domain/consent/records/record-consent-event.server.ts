import { randomUUID } from "node:crypto";
import type { Transaction } from "../../../db.server";
import type { RequestContext } from "../../auth/request-context";
import { appendConsentEvent, type NewConsentEvent } from "../ledger/append-consent-event.server";
import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import type { ConsentTurn } from "../ledger/lock-participant-consent.server";
import { auditConsentRecorded } from "./audit-consent-recorded.server";
import type { ConsentActor } from "./consent-actor";

/**
 * A consent verb's writes in the order the locks want. The verb has already taken the participant's turn
 * (lockParticipantConsent) and decided on `turn.state`; then come whatever else the change touches (`beforeAppend`,
 * given the event's id), the audit row, and the ledger append — which takes the ledger-wide lock and holds it until
 * commit, so nothing is written after it.
 */
export async function recordConsentEvent(
  tx: Transaction,
  turn: ConsentTurn,
  event: Omit<NewConsentEvent, "eventId" | "actorUserId" | "actorRole">,
  context: { actor: ConsentActor; request: RequestContext },
  beforeAppend?: (eventId: string) => Promise<void>,
): Promise<LedgerEventRecord> {
  const eventId = randomUUID();
  await beforeAppend?.(eventId);
  await auditConsentRecorded(tx, { id: eventId, participantId: turn.participantId, type: event.type, method: event.method }, context.actor.userId, context.request);
  const { event: recorded } = await appendConsentEvent(tx, turn, { ...event, eventId, actorUserId: context.actor.userId, actorRole: context.actor.role });
  return recorded;
}
