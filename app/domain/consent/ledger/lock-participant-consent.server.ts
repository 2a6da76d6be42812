import { sql, sqlRows, type SqlTransaction } from "../../../db.server";
import type { ConsentState } from "../../../generated/prisma/client";
import { AppError, type AppErrorCode } from "../../kernel/index";
import { uuidPattern } from "../../kernel/index";

/**
 * A participant's turn at the ledger (ADR 016): their consent as it stands, read while their row is locked, so a
 * verb's check, its snapshot of choices and its append all see the same state. Only lockParticipantConsent makes
 * one, and appendConsentEvent takes nothing else, so a verb cannot append without having held the lock.
 */
export interface ConsentTurn {
  readonly participantId: string;
  /** Null before the first consent. Nothing can change it until the transaction ends. */
  readonly state: ConsentState | null;
  /** The participant's last event number (0 before the first); the append refuses if the ledger disagrees. */
  readonly participantSeq: number;
  /**
   * The verb's time, taken once the lock is held and never before the consent's last change (a clock set back,
   * or another server's clock, cannot put an event before the one it follows). The event's occurredAt is this,
   * or the global chain's last occurredAt if that is later (appendConsentEvent), which is never before any event —
   * a sample event too, which leaves the consent's time as it was.
   */
  readonly now: Date;
}

interface Issued {
  tx: SqlTransaction;
  used: boolean;
}

// Turns are recognised by identity: a look-alike object built elsewhere is refused.
const issued = new WeakMap<ConsentTurn, Issued>();


export interface LockOptions {
  /** A fixed time (tests, the demo seed); otherwise the clock is read once the lock is held. */
  now?: Date;
  /** The refusal when a participant does not exist: verbs on a standing consent say there is no consent. */
  missing?: AppErrorCode;
}

/**
 * Locks one participant's consent for the rest of the transaction (a row lock on Participant, FOR NO KEY UPDATE:
 * it queues every other consent verb for this participant but not inserts that merely reference the row) and
 * returns their turn. Take it first in the transaction: lock order is form (grants and publishing only), then
 * participant, then the ledger-wide lock inside appendConsentEvent, so nothing can wait in a circle.
 */
export async function lockParticipantConsent(tx: SqlTransaction, participantId: string, options: LockOptions = {}): Promise<ConsentTurn> {
  const turns = await lockParticipantsConsent(tx, [participantId], options);
  return turns.get(participantId)!;
}

/**
 * Several participants at once (publishing a major version): locked in id order, in one call, so two
 * transactions locking overlapping sets cannot deadlock. A participant who does not exist is refused.
 */
export async function lockParticipantsConsent(tx: SqlTransaction, participantIds: readonly string[], options: LockOptions = {}): Promise<Map<string, ConsentTurn>> {
  const missing = options.missing ?? "consent_not_found";
  const ids = [...new Set(participantIds)].sort();
  if (ids.some((id) => !uuidPattern.test(id))) throw new AppError(missing);
  if (ids.length === 0) return new Map();
  // The locks, in id order, then the states read once they are granted: two statements in one round trip
  // (tsunagi_lock_participants_consent, ADR 083), one row for each participant that exists.
  const locked = await sqlRows<{ participantId: string; state: ConsentStateJson | null }>(tx, sql`SELECT * FROM tsunagi_lock_participants_consent(${ids}::uuid[])`);
  if (locked.length !== ids.length) throw new AppError(missing);
  const states = locked.flatMap((row) => (row.state ? [consentStateFromJson(row.state)] : []));
  // Read after the lock is granted: a time taken before it could be older than the event that was ahead in the queue.
  const clock = Math.floor((options.now ?? new Date()).getTime());
  const byId = new Map(states.map((state) => [state.participantId, state]));
  const turns = new Map<string, ConsentTurn>();
  for (const participantId of ids) {
    const state = byId.get(participantId) ?? null;
    const turn: ConsentTurn = {
      participantId,
      state,
      participantSeq: state?.version ?? 0,
      now: new Date(Math.max(clock, state?.updatedAt.getTime() ?? 0)),
    };
    issued.set(turn, { tx, used: false });
    turns.set(participantId, turn);
  }
  return turns;
}

/**
 * For appendConsentEvent: the turn was issued in this transaction and not used yet (one event per turn; lock again
 * for another). A programming error, not a user's: it throws a plain Error.
 */
export function claimConsentTurn(tx: SqlTransaction, turn: ConsentTurn): void {
  const record = issued.get(turn);
  if (!record || record.tx !== tx) throw new Error(`Consent event for ${turn.participantId} appended without the participant's lock in this transaction (lockParticipantConsent)`);
  if (record.used) throw new Error(`Consent turn for ${turn.participantId} used twice: lock the participant again for another event`);
  record.used = true;
}

/** A ConsentState row as PostgreSQL's to_jsonb writes it: times as ISO strings. */
type ConsentStateJson = { [Key in keyof ConsentState]: ConsentState[Key] extends Date ? string : ConsentState[Key] extends Date[] ? string[] : ConsentState[Key] };

/** Every column named, so that a new column of ConsentState is a type error here until it is mapped. */
function consentStateFromJson(json: ConsentStateJson): ConsentState {
  return {
    participantId: json.participantId,
    status: json.status,
    formVersionId: json.formVersionId,
    formVersionHash: json.formVersionHash,
    choices: json.choices,
    permittedPurposes: json.permittedPurposes,
    withdrawalLevel: json.withdrawalLevel,
    pendingFormVersionId: json.pendingFormVersionId,
    interimRule: json.interimRule,
    consentedBy: json.consentedBy,
    provision: json.provision,
    lifeEvent: json.lifeEvent,
    lastEventId: json.lastEventId,
    version: json.version,
    updatedAt: new Date(json.updatedAt),
    shapeId: json.shapeId,
    liveSamples: json.liveSamples,
    hasEmail: json.hasEmail,
    deliveredAt: json.deliveredAt.map((at) => new Date(at)),
  };
}
