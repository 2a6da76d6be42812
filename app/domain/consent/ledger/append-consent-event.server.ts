import { randomUUID } from "node:crypto";
import { afterCommit, sql, sqlRowsAndCommit, sqlSend, type SqlTransaction } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import { OUTBOX_NOTIFY_CHANNEL } from "@tsunagi/consent-rules/consent-change-message";
import { consentChangeMessage, readOutboxContext, type WrittenBesideTheEvent } from "./outbox/write-consent-outbox.server";
import { publishConsentChangeDirectly } from "./outbox/publish-consent-change.server";
import { applyConsentEvent, type ConsentProjection } from "@tsunagi/consent-rules/consent-projection";
import { canonicalJson, chainHashOf, GENESIS_HASH, hashEventBody, verificationCodeOf } from "./event-hash";
import { isLifeEvent, isProvisionEvent, SignatureSchema, type ConsentEventType, type ConsentMethod, type LedgerEventBody, type LedgerEventRecord, type Signature, type WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";
import { projectionFromRow, rowFromProjection } from "./ledger-rows";
import { claimConsentTurn, type ConsentTurn } from "./lock-participant-consent.server";
import { endSpanFailed, startConsentChangeSpan } from "@tsunagi/service-kit/tracing";

/** The participant and the time come from the turn (lockParticipantConsent), never from the caller. */
export interface NewConsentEvent {
  /** Chosen by the caller when rows written before the append (audit, journey) must name the event. */
  eventId?: string;
  type: ConsentEventType;
  actorUserId: string | null;
  actorRole: string;
  method: ConsentMethod;
  formVersionId?: string | null;
  formVersionHash?: string | null;
  choices: ChoiceSnapshot;
  signature?: Signature | null;
  withdrawalLevel?: WithdrawalLevel | null;
  detail?: Record<string, unknown>;
}

// One lock for the whole ledger: the global chain must be a single line, so appends take turns.
export const LEDGER_LOCK_KEY = 0x7473_756e; // "tsun"

/**
 * Appends one event to the ledger and updates the participant's consent state, inside the caller's
 * transaction: the change, its event and the projection commit together or not at all. The caller decided on
 * `turn.state`, under the participant's lock; the append checks the ledger agrees (compare-and-set on the
 * participant's sequence) rather than trusting that every caller locked.
 *
 * Appends take turns under the ledger's one lock, held from the append to the caller's COMMIT, so every round trip
 * inside it limits how many consent changes a second the whole ledger takes. Everything that does not need the lock
 * is done first, here: the outbox context, the message, the state, and the event's canonical JSON with three holes for
 * what only the ledger's heads decide (the global sequence number, the time, the participant's previous hash). Then
 * one statement, tsunagi_append_consent_event (ADR 073), takes the lock, reads the heads, fills the holes, hashes,
 * links the global chain and writes the event, the state, the outbox row and its NOTIFY. The hashes it returns are
 * recomputed here, from the body as stored, before the caller can commit: the chains are exactly what event-hash.ts
 * makes, and a difference rolls everything back.
 *
 * `beside`: rows the change writes with its event (its audit row, its follow-up job; recordConsentEvent). They go in
 * the statement that reads the message's context, before the lock, so the whole append is two round trips before the
 * lock and one under it (ADR 083).
 */
export async function appendConsentEvent(
  tx: SqlTransaction,
  turn: ConsentTurn,
  input: NewConsentEvent,
  beside: WrittenBesideTheEvent = {},
): Promise<{ event: LedgerEventRecord; state: ConsentProjection }> {
  claimConsentTurn(tx, turn);
  const participantId = turn.participantId;
  const signature = input.signature ? SignatureSchema.parse(input.signature) : null;
  const outboxContext = await readOutboxContext(tx, participantId, [input.formVersionId, turn.state?.formVersionId], beside);
  const holes = { globalSeq: `hole:globalSeq:${randomUUID()}`, occurredAt: `hole:occurredAt:${randomUUID()}`, prevHash: `hole:prevHash:${randomUUID()}` };
  const template: LedgerEventBody = {
    id: input.eventId ?? randomUUID(),
    globalSeq: holes.globalSeq,
    participantId,
    participantSeq: turn.participantSeq + 1,
    type: input.type,
    occurredAt: holes.occurredAt,
    actorUserId: input.actorUserId,
    actorRole: input.actorRole,
    method: input.method,
    formVersionId: input.formVersionId ?? null,
    formVersionHash: input.formVersionHash ?? null,
    choices: Object.fromEntries(Object.entries(input.choices).filter((entry): entry is [string, string] => typeof entry[1] === "string")),
    signature,
    withdrawalLevel: input.withdrawalLevel ?? null,
    detail: input.detail ?? {},
    prevHash: holes.prevHash,
  };
  const bodyParts = splitAtHoles(canonicalJson(template), [holes.globalSeq, holes.occurredAt, holes.prevHash]);

  // The state and the message as they will be but for the time and the position, which the statement sets. A time
  // no event can have marks the state's updatedAt as the event's (a sample's event leaves the consent's own).
  const previous = turn.state ? projectionFromRow(turn.state) : null;
  const provisional: LedgerEventRecord = { ...template, globalSeq: "1", occurredAt: PROVISIONAL_TIME, prevHash: GENESIS_HASH, hash: GENESIS_HASH, globalPrevHash: GENESIS_HASH, chainHash: GENESIS_HASH, verificationCode: "" };
  const provisionalState = applyConsentEvent(previous, provisional);
  if (!provisionalState) throw new AppError("consent_not_found");
  const message = await consentChangeMessage(tx, provisional, provisionalState, outboxContext);
  const stateRow = rowFromProjection(provisionalState);
  // The 2024 law's standing is written only by its own events (a notice, a stop: rare), and before the ledger lock: the
  // participant's row lock (the turn) already keeps every other verb out, the standing owes nothing to the event's time
  // or position, and a failed append rolls it back with everything else. The append function's write of the state
  // leaves the column as it was for every other event (ADR 140). Sent without waiting: it goes with the append and its
  // COMMIT (ADR 166).
  if (isProvisionEvent(input.type)) {
    await sqlSend(tx, sql`UPDATE "ConsentState" SET "provision" = ${JSON.stringify(provisionalState.provision)}::jsonb WHERE "participantId" = ${participantId}::uuid`);
  }
  // A death or a loss of capacity (ADR 143), the same way: its own events alone write it.
  if (isLifeEvent(input.type)) {
    await sqlSend(tx, sql`UPDATE "ConsentState" SET "lifeEvent" = ${JSON.stringify(provisionalState.lifeEvent)}::jsonb WHERE "participantId" = ${participantId}::uuid`);
  }

  // The change's trace (ADR 170): its event id is the trace's id, so the relay and the bridge find it from the message.
  const span = startConsentChangeSpan("tsunagi-app", "consent.change", template.id, { "tsunagi.event_type": input.type });
  const appended = await writeAppend(tx, {
    template,
    bodyParts,
    expectedParticipantSeq: turn.participantSeq,
    notBefore: turn.now,
    state: stateRow,
    stateUpdatedAt: provisionalState.updatedAt === PROVISIONAL_TIME ? null : stateRow.updatedAt,
    message,
  }).catch((error: unknown) => {
    if (span) endSpanFailed(span, error);
    throw error;
  });
  span?.end();
  const body: LedgerEventBody = { ...template, globalSeq: appended.globalSeq.toString(), occurredAt: appended.occurredAt.toISOString(), prevHash: appended.prevHash };
  const hash = hashEventBody(body);
  if (hash !== appended.hash || chainHashOf(appended.globalPrevHash, hash) !== appended.chainHash || verificationCodeOf(hash) !== appended.verificationCode) {
    // In a plain transaction the append carried its COMMIT (ADR 163), so this is found after the event committed; in
    // Prisma's the transaction rolls back. Either way the verb fails loudly, and ledger:verify names the event.
    throw new Error(`Ledger append of event ${body.id}: the hashes the database wrote (${appended.hash}, ${appended.chainHash}) are not those of the event's body (${hash})`);
  }
  const event: LedgerEventRecord = { ...body, hash, globalPrevHash: appended.globalPrevHash, chainHash: appended.chainHash, verificationCode: appended.verificationCode };
  const state = applyConsentEvent(previous, event)!;
  // After COMMIT, in a plain transaction (the verbs on every change, ADR 155), the outbox row's own message also goes
  // straight to NATS (ADR 159): best effort, a relay cycle sooner; the relay still delivers it.
  const committed = { ...message, globalSeq: body.globalSeq, occurredAt: body.occurredAt };
  afterCommit(tx, () => publishConsentChangeDirectly(committed));

  return { event, state };
}

/** The message and state are built before the append knows the event's time; this stands in for it meanwhile. */
const PROVISIONAL_TIME = "1970-01-01T00:00:00.000Z";

/** `text` cut around each hole in turn (each must appear exactly once, in this order): holes + 1 parts. */
function splitAtHoles(text: string, holes: readonly string[]): string[] {
  const parts: string[] = [];
  let from = 0;
  for (const hole of holes) {
    const at = text.indexOf(hole, from);
    if (at === -1 || text.indexOf(hole, at + hole.length) !== -1) throw new Error(`the event's canonical JSON must hold ${hole} once`);
    parts.push(text.slice(from, at));
    from = at + hole.length;
  }
  parts.push(text.slice(from));
  return parts;
}

interface AppendedRow {
  globalSeq: bigint;
  occurredAt: Date;
  prevHash: string;
  hash: string;
  globalPrevHash: string;
  chainHash: string;
  verificationCode: string;
}

/**
 * The one statement under the ledger lock (migration 20261206093000, ADR 073): the lock, the chain heads, the event,
 * the participant's new consent state and the outbox message with its NOTIFY, which wakes the relay at commit: the
 * pipeline hears of the change only if it commits, and always if it does.
 */
async function writeAppend(
  tx: SqlTransaction,
  append: {
    template: LedgerEventBody;
    bodyParts: string[];
    expectedParticipantSeq: number;
    notBefore: Date;
    state: ReturnType<typeof rowFromProjection>;
    stateUpdatedAt: Date | null;
    message: { pseudonym: string };
  },
): Promise<AppendedRow> {
  const { template: event, state, message } = append;
  // The transaction's last statement: in a plain one it carries the COMMIT (ADR 163), so the ledger lock it takes is
  // released in the same round trip.
  const rows = await sqlRowsAndCommit<AppendedRow>(tx, sql`
    SELECT * FROM tsunagi_append_consent_event(
      ${LEDGER_LOCK_KEY}::bigint, ${OUTBOX_NOTIFY_CHANNEL}::text, ${append.bodyParts}::text[], ${append.expectedParticipantSeq}::integer, ${append.notBefore}::timestamptz,
      ${event.id}::uuid, ${event.participantId}::uuid, ${event.type}::"ConsentEventType", ${event.actorUserId}::uuid, ${event.actorRole}::text,
      ${event.method}::"ConsentMethod", ${event.formVersionId}::uuid, ${event.formVersionHash}::text, ${JSON.stringify(event.choices)}::jsonb,
      ${event.signature ? JSON.stringify(event.signature) : null}::jsonb, ${event.withdrawalLevel}::"WithdrawalLevel", ${JSON.stringify(event.detail)}::jsonb,
      ${state.status}::"ConsentStatus", ${state.formVersionId}::uuid, ${state.formVersionHash}::text, ${JSON.stringify(state.choices)}::jsonb,
      ${state.permittedPurposes}::text[], ${state.withdrawalLevel}::"WithdrawalLevel", ${state.pendingFormVersionId}::uuid, ${state.interimRule}::text,
      ${state.consentedBy}::text, ${state.version}::integer, ${append.stateUpdatedAt}::timestamptz,
      ${message.pseudonym}::text, ${JSON.stringify(message)}::jsonb)`);
  const row = rows[0]!;
  return {
    globalSeq: BigInt(row.globalSeq),
    occurredAt: new Date(row.occurredAt),
    prevHash: row.prevHash,
    hash: row.hash,
    globalPrevHash: row.globalPrevHash,
    chainHash: row.chainHash,
    verificationCode: row.verificationCode,
  };
}
