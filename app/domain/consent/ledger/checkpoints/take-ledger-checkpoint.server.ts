import type { KeyObject } from "node:crypto";
import { getDatabase, type Database, type Transaction } from "../../../../db.server";
import { AuditDigest, auditDigestColumns, EMPTY_AUDIT_DIGEST } from "./audit-digest";
import { appendCheckpointLine, readLastCheckpointLine } from "./checkpoint-log.server";
import { checkpointHashOf, GENESIS_HASH, parseCheckpointLine, type CheckpointParticipant, type LedgerCheckpoint, type SignedCheckpoint } from "./ledger-checkpoint";
import type { PublicCheckpointJwk } from "./load-checkpoint-keys.server";
import { checkpointSignatureProblem, signCheckpoint } from "./sign-checkpoint";
import { witnessLedgerEvents, type WitnessDivergence } from "../witness/witness-ledger-events.server";
import { readWitnessedSince, syncWitnessLog, witnessLogPath } from "../witness/witness-log.server";
import type { WitnessedEvent } from "../witness/ledger-witness";

// Its own lock, apart from the ledger's: checkpoints take turns with each other, never with consent changes.
export const CHECKPOINT_LOCK_KEY = 0x7473_6370; // "tscp"
const PAGE = 2000;

export interface TakeLedgerCheckpointOptions {
  /** Signs the checkpoint; the public keys check the log's last line before it is extended. */
  keys: { signing: { kid: string; privateKey: KeyObject }; publicJwks: { keys: PublicCheckpointJwk[] } };
  /** The append-only log outside the database (LEDGER_CHECKPOINT_LOG). */
  logFile: string;
  database?: Database;
  now?: () => Date;
  /**
   * How long to wait for transactions that are writing audit rows: a row committed late with an id below the
   * newest one must not be left outside every checkpoint. Past this, the audit mark stays where it was this time.
   */
  auditSettleMs?: number;
}

export type CheckpointOutcome =
  /**
   * `rollback`: the ledger no longer holds an event the witness recorded (ADR 113). The checkpoint signs what the
   * witness saw, so every verifier names the rollback; the next attempts are refused until it is dealt with.
   */
  | { outcome: "taken"; checkpoint: SignedCheckpoint; rollback?: WitnessDivergence }
  /** Neither the ledger nor the audit log moved since the last checkpoint. */
  | { outcome: "unchanged" }
  /** Another checkpointer holds the lock. */
  | { outcome: "busy" }
  /** The database no longer extends the last checkpoint, or the log and the database's copy disagree. */
  | { outcome: "refused"; reason: string };

/**
 * Takes a checkpoint of the ledger's and the audit log's heads when either moved (ADR 012): signs it with a key
 * the database does not hold, appends it to the log outside the database, then stores the database's copy. The
 * log is written first: a crash between the two leaves the log one ahead, and the next call copies that line in.
 *
 * The ledger's head and the participants moved are what the witness recorded (ADR 113), not what the database holds
 * at the moment of signing: the witness is brought up to date first, and an event it saw that the database has since
 * lost is signed all the same, so the loss is named by `ledger:verify` and by every outsider's `checkpoints:verify`.
 *
 * It never signs a history that does not extend the last checkpoint: a ledger shorter than the last checkpoint, or
 * whose chain hash at the checkpointed position changed, is refused and reported instead, within a minute of the
 * change rather than at the next `ledger:verify`.
 */
export async function takeLedgerCheckpoint(options: TakeLedgerCheckpointOptions): Promise<CheckpointOutcome> {
  const db = options.database ?? getDatabase();
  const now = options.now ?? (() => new Date());
  const look = await witnessLedgerEvents({ ledgerLogFile: options.logFile, database: options.database, now });
  const rollback = look.outcome === "diverged" ? look.divergence : undefined;
  const witnessFile = witnessLogPath({ ledgerLogFile: options.logFile });
  // What the checkpoint is about to sign as witnessed is on the disk first.
  await syncWitnessLog(witnessFile);
  try {
    return await db.$transaction(
      async (tx) => {
        const [{ locked }] = await tx.$queryRaw<[{ locked: boolean }]>`SELECT pg_try_advisory_xact_lock(${CHECKPOINT_LOCK_KEY}) AS locked`;
        if (!locked) return { outcome: "busy" } as const;

        const last = await lastCheckpoint(tx, options);
        if ("refused" in last) return refuse(last.refused);
        const previous = last.checkpoint;

        const end = await ledgerHead(tx);
        if (previous) {
          const covered = BigInt(previous.ledger.globalSeq);
          if (end.globalSeq < covered) {
            return refuse(`the ledger ends at global #${end.globalSeq}, before checkpoint #${previous.seq} (global #${covered})`);
          }
          if (covered > 0n) {
            const rows = await tx.$queryRaw<{ chainHash: string }[]>`SELECT "chainHash" FROM "ConsentEvent" WHERE "globalSeq" = ${covered}`;
            if (rows[0]?.chainHash !== previous.ledger.chainHash) {
              return refuse(`the chain hash at global #${covered} is no longer the one checkpoint #${previous.seq} signed`);
            }
          }
        }

        const after = BigInt(previous?.ledger.globalSeq ?? "0");
        const witnessed = await readWitnessedSince(witnessFile, after);
        if (!consecutiveFrom(witnessed, after)) return refuse(`the witness log (${witnessFile}) does not hold every consent event after global #${after}`);
        const newest = witnessed.at(-1);
        const head = newest ? { globalSeq: BigInt(newest.globalSeq), chainHash: newest.chainHash } : { globalSeq: after, chainHash: previous?.ledger.chainHash ?? GENESIS_HASH };

        const previousThrough = BigInt(previous?.audit.throughId ?? "0");
        const auditThrough = await settledAuditMark(tx, previousThrough, options.auditSettleMs ?? 3_000);
        if (auditThrough === "behind") return refuse(`the audit log ends before checkpoint #${previous!.seq} (audit row #${previousThrough})`);

        if (previous && head.globalSeq === BigInt(previous.ledger.globalSeq) && auditThrough === previousThrough) return { outcome: "unchanged" } as const;

        const takenAt = new Date(Math.max(now().getTime(), previous ? Date.parse(previous.takenAt) : 0));
        const checkpoint: LedgerCheckpoint = {
          version: 1,
          seq: (previous?.seq ?? 0) + 1,
          previous: previous ? checkpointHashOf(previous) : GENESIS_HASH,
          takenAt: takenAt.toISOString(),
          ledger: { globalSeq: head.globalSeq.toString(), chainHash: head.chainHash },
          participants: participantHeadsOf(witnessed),
          audit: { throughId: auditThrough.toString(), ...(await auditDigestOf(tx, previousThrough, auditThrough)) },
        };
        const signed = await signCheckpoint(checkpoint, options.keys.signing);
        await appendCheckpointLine(options.logFile, signed);
        await storeCheckpoint(tx, signed);
        return rollback ? ({ outcome: "taken", checkpoint: signed, rollback } as const) : ({ outcome: "taken", checkpoint: signed } as const);
      },
      // Waiting for audit writers is bounded by auditSettleMs; a first checkpoint of a large ledger reads it all.
      { maxWait: 10_000, timeout: 120_000 },
    );
  } catch (error) {
    if (error instanceof CheckpointRefused) return { outcome: "refused", reason: error.reason };
    throw error;
  }
}

/**
 * Thrown to end the transaction, so a refusal writes nothing: in particular not the log's last line, which
 * lastCheckpoint copies into the database's copy, when the ledger does not extend it (after a restore, ADR 056 starts
 * a new log from the checkpoints the restored database holds, and needs that copy to be the backup's).
 */
class CheckpointRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

function refuse(reason: string): never {
  throw new CheckpointRefused(reason);
}

/**
 * The last checkpoint, from the log (the authority) and the database's copy, which must agree. A line the log has
 * and the copy lacks — the process stopped between writing the two — is copied in after its signature is checked.
 */
async function lastCheckpoint(tx: Transaction, options: TakeLedgerCheckpointOptions): Promise<{ checkpoint: LedgerCheckpoint | null } | { refused: string }> {
  const line = await readLastCheckpointLine(options.logFile);
  const fromLog = line === null ? null : parseCheckpointLine(line);
  if (line !== null && !fromLog) return { refused: `the last line of ${options.logFile} is not a checkpoint` };
  if (fromLog && (await checkpointSignatureProblem(fromLog, options.keys.publicJwks))) {
    return { refused: `the last checkpoint in ${options.logFile} is not signed by the checkpoint keys` };
  }
  const stored = await tx.ledgerCheckpoint.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const storedSeq = stored ? Number(stored.seq) : 0;
  const logSeq = fromLog?.checkpoint.seq ?? 0;
  if (logSeq === storedSeq) {
    if (fromLog && checkpointHashOf(fromLog.checkpoint) !== stored?.hash) return { refused: `checkpoint #${logSeq} differs between ${options.logFile} and the database` };
    return { checkpoint: fromLog?.checkpoint ?? null };
  }
  if (fromLog && logSeq === storedSeq + 1 && fromLog.checkpoint.previous === (stored?.hash ?? GENESIS_HASH)) {
    await storeCheckpoint(tx, fromLog);
    return { checkpoint: fromLog.checkpoint };
  }
  return { refused: `${options.logFile} ends at checkpoint #${logSeq} but the database's copy at #${storedSeq}` };
}

async function storeCheckpoint(tx: Transaction, signed: SignedCheckpoint): Promise<void> {
  const { checkpoint } = signed;
  await tx.ledgerCheckpoint.create({
    data: {
      seq: BigInt(checkpoint.seq),
      takenAt: new Date(checkpoint.takenAt),
      globalSeq: BigInt(checkpoint.ledger.globalSeq),
      chainHash: checkpoint.ledger.chainHash,
      auditThroughId: BigInt(checkpoint.audit.throughId),
      hash: checkpointHashOf(checkpoint),
      checkpoint: checkpoint as object,
      jws: signed.jws,
    },
  });
}

async function ledgerHead(tx: Transaction): Promise<{ globalSeq: bigint; chainHash: string }> {
  const rows = await tx.$queryRaw<{ globalSeq: bigint; chainHash: string }[]>`SELECT "globalSeq", "chainHash" FROM "ConsentEvent" ORDER BY "globalSeq" DESC LIMIT 1`;
  return rows[0] ? { globalSeq: BigInt(rows[0].globalSeq), chainHash: rows[0].chainHash } : { globalSeq: 0n, chainHash: GENESIS_HASH };
}

/** Each participant with events among those witnessed, at the newest of them, ordered by its global position. */
function participantHeadsOf(witnessed: readonly WitnessedEvent[]): CheckpointParticipant[] {
  const newest = new Map<string, WitnessedEvent>();
  for (const event of witnessed) {
    newest.delete(event.participantId);
    newest.set(event.participantId, event);
  }
  // A Map iterates in insertion order: re-inserting at each event leaves them ordered by their newest position.
  return [...newest.values()].map((event) => ({ participantId: event.participantId, participantSeq: event.participantSeq, globalSeq: event.globalSeq, hash: event.hash }));
}

/** The witnessed events are exactly global #after+1, #after+2, … with none missing. */
function consecutiveFrom(witnessed: readonly WitnessedEvent[], after: bigint): boolean {
  return witnessed.every((event, index) => BigInt(event.globalSeq) === after + 1n + BigInt(index));
}

/**
 * The highest audit id below which no row can still appear. Ids come from a sequence when a row is inserted, and
 * transactions commit in any order: a row with a lower id may become visible after a higher one. Every transaction
 * that took an id holds a ROW EXCLUSIVE lock on the table until it ends, so once those holding it now have ended,
 * every id up to the newest visible one is final. This waits for them without blocking any writer (no table lock,
 * which the app's role could not take anyway); if they outlast `settleMs` the mark stays where it was.
 */
async function settledAuditMark(tx: Transaction, previousThrough: bigint, settleMs: number): Promise<bigint | "behind"> {
  const [{ newest }] = await tx.$queryRaw<[{ newest: bigint | null }]>`SELECT max("id") AS newest FROM "AuditEvent"`;
  const candidate = newest === null ? 0n : BigInt(newest);
  if (candidate < previousThrough) return "behind";
  if (candidate === previousThrough) return previousThrough;
  const writers = await tx.$queryRaw<{ vxid: string }[]>`
    SELECT DISTINCT virtualtransaction AS vxid FROM pg_locks
    WHERE locktype = 'relation' AND granted AND mode = 'RowExclusiveLock'
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND relation = '"AuditEvent"'::regclass AND pid IS DISTINCT FROM pg_backend_pid()`;
  if (writers.length === 0) return candidate;
  const vxids = writers.map((writer) => writer.vxid);
  const deadline = Date.now() + settleMs;
  for (;;) {
    const [{ running }] = await tx.$queryRaw<[{ running: number }]>`
      SELECT count(*)::int AS running FROM pg_locks WHERE locktype = 'virtualxid' AND virtualxid = ANY(${vxids}::text[])`;
    if (running === 0) return candidate;
    if (Date.now() >= deadline) return previousThrough;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function auditDigestOf(tx: Transaction, after: bigint, through: bigint): Promise<{ rows: number; digest: string }> {
  if (through <= after) return { rows: 0, digest: EMPTY_AUDIT_DIGEST };
  const digest = new AuditDigest();
  let from = after;
  for (;;) {
    const rows = await tx.auditEvent.findMany({ where: { id: { gt: from, lte: through } }, orderBy: { id: "asc" }, take: PAGE, select: auditDigestColumns });
    for (const row of rows) digest.add(row);
    if (rows.length < PAGE) break;
    from = rows.at(-1)!.id;
  }
  return digest.take();
}
