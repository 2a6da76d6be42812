import { randomUUID } from "node:crypto";
import type { Transaction } from "../../../db.server";
import { AppError } from "../../app-error";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import { OUTBOX_NOTIFY_CHANNEL } from "@tsunagi/consent-rules/consent-change-message";
import { consentChangeMessage, readOutboxContext } from "../outbox/write-consent-outbox.server";
import { applyConsentEvent, type ConsentProjection } from "@tsunagi/consent-rules/consent-projection";
import { chainHashOf, GENESIS_HASH, hashEventBody, verificationCodeOf } from "./event-hash";
import { SignatureSchema, type ConsentEventType, type ConsentMethod, type LedgerEventBody, type LedgerEventRecord, type Signature, type WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";
import { projectionFromRow, rowFromProjection } from "./ledger-rows";
import { claimConsentTurn, type ConsentTurn } from "./lock-participant-consent.server";

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
 */
export async function appendConsentEvent(tx: Transaction, turn: ConsentTurn, input: NewConsentEvent): Promise<{ event: LedgerEventRecord; state: ConsentProjection }> {
  claimConsentTurn(tx, turn);
  const participantId = turn.participantId;
  const signature = input.signature ? SignatureSchema.parse(input.signature) : null;
  // Appends take turns under the lock, so everything that does not need it is read first: the lock is held from
  // here to the caller's commit, and every round trip inside it limits how many consent changes a second the
  // whole ledger can take. The participant's state needs no read here: the turn holds it, and their lock kept it.
  const outboxContext = await readOutboxContext(tx, participantId, [input.formVersionId, turn.state?.formVersionId]);
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LEDGER_LOCK_KEY})`;
  const heads = await readChainHeads(tx, participantId);
  if ((heads.participantSeq ?? 0) !== turn.participantSeq) {
    throw new Error(`Participant ${participantId} is at event ${heads.participantSeq ?? 0} in the ledger, not ${turn.participantSeq} as their turn says: an event was appended without their lock`);
  }
  const lastGlobal = heads.globalSeq === null ? null : { globalSeq: heads.globalSeq, chainHash: heads.chainHash! };
  const lastOwn = heads.participantSeq === null ? null : { participantSeq: heads.participantSeq, hash: heads.hash! };
  // Time never runs against the chains: the turn's time is not before the participant's last event, and an event
  // another participant appended meanwhile with a later clock pulls this one up to its time (by at most the wait
  // for this lock). Stored to the millisecond; hash exactly what will be read back.
  const occurredAt = new Date(Math.max(turn.now.getTime(), heads.occurredAt?.getTime() ?? 0));
  const body: LedgerEventBody = {
    id: input.eventId ?? randomUUID(),
    globalSeq: ((lastGlobal?.globalSeq ?? 0n) + 1n).toString(),
    participantId,
    participantSeq: (lastOwn?.participantSeq ?? 0) + 1,
    type: input.type,
    occurredAt: occurredAt.toISOString(),
    actorUserId: input.actorUserId,
    actorRole: input.actorRole,
    method: input.method,
    formVersionId: input.formVersionId ?? null,
    formVersionHash: input.formVersionHash ?? null,
    choices: Object.fromEntries(Object.entries(input.choices).filter((entry): entry is [string, string] => typeof entry[1] === "string")),
    signature,
    withdrawalLevel: input.withdrawalLevel ?? null,
    detail: input.detail ?? {},
    prevHash: lastOwn?.hash ?? GENESIS_HASH,
  };
  const hash = hashEventBody(body);
  const globalPrevHash = lastGlobal?.chainHash ?? GENESIS_HASH;
  const event: LedgerEventRecord = { ...body, hash, globalPrevHash, chainHash: chainHashOf(globalPrevHash, hash), verificationCode: verificationCodeOf(hash) };

  const previous = turn.state ? projectionFromRow(turn.state) : null;
  const state = applyConsentEvent(previous, event);
  if (!state) throw new AppError("consent_not_found");

  const message = await consentChangeMessage(tx, event, state, outboxContext);
  await writeAppend(tx, event, occurredAt, rowFromProjection(state), message);
  return { event, state };
}

/**
 * The event, the participant's new consent state and the outbox message, in one statement: each statement under the
 * ledger lock is a round trip and a turn of a busy event loop that every other consent change in the programme waits
 * behind (bench/RESULTS.md). The NOTIFY wakes the relay at commit: the pipeline hears of the change only if it
 * commits, and always if it does.
 */
async function writeAppend(tx: Transaction, event: LedgerEventRecord, occurredAt: Date, state: ReturnType<typeof rowFromProjection>, message: { pseudonym: string }): Promise<void> {
  await tx.$queryRaw`
    WITH appended AS (
      INSERT INTO "ConsentEvent" ("id", "globalSeq", "participantId", "participantSeq", "type", "occurredAt", "actorUserId", "actorRole", "method",
                                  "formVersionId", "formVersionHash", "choices", "signature", "withdrawalLevel", "detail",
                                  "prevHash", "hash", "globalPrevHash", "chainHash", "verificationCode")
      VALUES (${event.id}::uuid, ${BigInt(event.globalSeq)}, ${event.participantId}::uuid, ${event.participantSeq}, ${event.type}::"ConsentEventType",
              ${occurredAt}::timestamptz, ${event.actorUserId}::uuid, ${event.actorRole}, ${event.method}::"ConsentMethod",
              ${event.formVersionId}::uuid, ${event.formVersionHash}, ${JSON.stringify(event.choices)}::jsonb,
              ${event.signature ? JSON.stringify(event.signature) : null}::jsonb, ${event.withdrawalLevel}::"WithdrawalLevel", ${JSON.stringify(event.detail)}::jsonb,
              ${event.prevHash}, ${event.hash}, ${event.globalPrevHash}, ${event.chainHash}, ${event.verificationCode})
      RETURNING 1
    ), projected AS (
      INSERT INTO "ConsentState" ("participantId", "status", "formVersionId", "formVersionHash", "choices", "permittedPurposes", "withdrawalLevel",
                                  "pendingFormVersionId", "interimRule", "consentedBy", "lastEventId", "version", "updatedAt")
      VALUES (${state.participantId}::uuid, ${state.status}::"ConsentStatus", ${state.formVersionId}::uuid, ${state.formVersionHash},
              ${JSON.stringify(state.choices)}::jsonb, ${state.permittedPurposes}::text[], ${state.withdrawalLevel}::"WithdrawalLevel",
              ${state.pendingFormVersionId}::uuid, ${state.interimRule}, ${state.consentedBy}, ${state.lastEventId}::uuid, ${state.version}, ${state.updatedAt}::timestamptz)
      ON CONFLICT ("participantId") DO UPDATE SET
        "status" = EXCLUDED."status", "formVersionId" = EXCLUDED."formVersionId", "formVersionHash" = EXCLUDED."formVersionHash",
        "choices" = EXCLUDED."choices", "permittedPurposes" = EXCLUDED."permittedPurposes", "withdrawalLevel" = EXCLUDED."withdrawalLevel",
        "pendingFormVersionId" = EXCLUDED."pendingFormVersionId", "interimRule" = EXCLUDED."interimRule", "consentedBy" = EXCLUDED."consentedBy",
        "lastEventId" = EXCLUDED."lastEventId", "version" = EXCLUDED."version", "updatedAt" = EXCLUDED."updatedAt"
      RETURNING 1
    ), outbox AS (
      INSERT INTO "ConsentOutbox" ("globalSeq", "eventId", "pseudonym", "payload")
      VALUES (${BigInt(event.globalSeq)}, ${event.id}::uuid, ${message.pseudonym}, ${JSON.stringify(message)}::jsonb)
      RETURNING "globalSeq"
    )
    SELECT pg_notify(${OUTBOX_NOTIFY_CHANNEL}, outbox."globalSeq"::text)::text AS notified
      FROM outbox, appended, projected`;
}

interface ChainHeads {
  globalSeq: bigint | null;
  chainHash: string | null;
  occurredAt: Date | null;
  participantSeq: number | null;
  hash: string | null;
}

/** The global chain's head (with its time) and the participant's, in one round trip. */
async function readChainHeads(tx: Transaction, participantId: string): Promise<ChainHeads> {
  const rows = await tx.$queryRaw<ChainHeads[]>`
    SELECT g."globalSeq", g."chainHash", g."occurredAt", o."participantSeq", o."hash"
    FROM (SELECT 1) AS one
    LEFT JOIN LATERAL (SELECT "globalSeq", "chainHash", "occurredAt" FROM "ConsentEvent" ORDER BY "globalSeq" DESC LIMIT 1) AS g ON true
    LEFT JOIN LATERAL (
      SELECT "participantSeq", "hash" FROM "ConsentEvent" WHERE "participantId" = ${participantId}::uuid ORDER BY "participantSeq" DESC LIMIT 1
    ) AS o ON true`;
  const row = rows[0]!;
  return {
    globalSeq: row.globalSeq === null ? null : BigInt(row.globalSeq),
    chainHash: row.chainHash,
    occurredAt: row.occurredAt === null ? null : new Date(row.occurredAt),
    participantSeq: row.participantSeq === null ? null : Number(row.participantSeq),
    hash: row.hash,
  };
}
