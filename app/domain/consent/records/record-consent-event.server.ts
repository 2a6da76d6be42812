import { randomUUID } from "node:crypto";
import type { SqlTransaction } from "../../../db.server";
import type { RequestContext } from "../../kernel/index";
import { appendConsentEvent, type NewConsentEvent, type ConsentTurn } from "../ledger/index.server";
import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import { consentFollowUpJob } from "./consent-follow-up-job.server";
import { consentRecordedAuditRow } from "./audit-consent-recorded.server";
import type { ConsentActor } from "./consent-actor";

export interface RecordConsentEventOptions {
  /** Whatever else the change touches, given the event's id (closing a journey, erasing at destroy). */
  beforeAppend?: (eventId: string) => Promise<void>;
  /** Queue the event's follow-up job (its PDF copy and notices; ADR 031). */
  followUp?: boolean;
}

/**
 * A consent verb's writes in the order the locks want. The verb has already taken the participant's turn
 * (lockParticipantConsent) and decided on `turn.state`; then come whatever else the change touches (`beforeAppend`),
 * the follow-up job and the audit row (in the append's first statement, ADR 083), and last the ledger append — which takes the ledger-wide lock and holds it until
 * commit. Every consent change in the programme takes that lock in turn, so everything that can be written before
 * it is: the event's id is chosen here, and the rows that name it need nothing the append decides.
 */
export async function recordConsentEvent(
  tx: SqlTransaction,
  turn: ConsentTurn,
  event: Omit<NewConsentEvent, "eventId" | "actorUserId" | "actorRole">,
  context: { actor: ConsentActor; request: RequestContext },
  options: RecordConsentEventOptions = {},
): Promise<LedgerEventRecord> {
  const eventId = randomUUID();
  await options.beforeAppend?.(eventId);
  // The follow-up job and the audit row are written in the statement that reads what the outbox message needs,
  // before the ledger lock (ADR 083): one round trip for the three.
  const job = options.followUp ? consentFollowUpJob({ id: eventId, type: event.type }) : null;
  const audit = consentRecordedAuditRow({ id: eventId, participantId: turn.participantId, type: event.type, method: event.method }, context.actor.userId, context.request);
  const { event: recorded } = await appendConsentEvent(tx, turn, { ...event, eventId, actorUserId: context.actor.userId, actorRole: context.actor.role }, { audit, job });
  return recorded;
}
