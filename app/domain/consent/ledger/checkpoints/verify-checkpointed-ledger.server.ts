import { getDatabase, type Database } from "../../../../db.server";
import { verifyLedger, type LedgerVerdict } from "../verify-ledger.server";
import { readCheckpointLogLines } from "./checkpoint-log.server";
import { checkpointHashOf, checkpointLine, type LedgerCheckpoint, type SignedCheckpoint } from "./ledger-checkpoint";
import type { PublicCheckpointJwk } from "./load-checkpoint-keys.server";
import { verifyAuditLog, type AuditVerdict } from "./verify-audit-log.server";
import { verifyCheckpointLog, type CheckpointLogProblem } from "./verify-checkpoint-log";
import { readWitnessHead, readWitnessLog, witnessLogPath } from "../witness/witness-log.server";

export type CheckpointedLedgerVerdict =
  | {
      ok: true;
      events: number;
      head: string;
      /** How many checkpoints the history was proved to extend, and the latest of them. */
      checkpoints: number;
      latestCheckpoint: { seq: number; takenAt: string; globalSeq: string } | null;
      auditRows: number;
      /** The witness's newest event the ledger was held against (null: no witness log, or an empty one). */
      witnessedThrough: string | null;
    }
  | Exclude<LedgerVerdict, { ok: true }>
  | Exclude<AuditVerdict, { ok: true }>
  | { ok: false; problem: "checkpoint_log_invalid"; file: string; line: number; seq: number | null; reason: CheckpointLogProblem }
  | { ok: false; problem: "checkpoint_log_missing"; file: string; stored: number }
  | { ok: false; problem: "checkpoint_copy_differs"; file: string; seq: number; detail: "missing_from_database" | "missing_from_log" | "differs" };

export interface VerifyCheckpointedLedgerOptions {
  /** The append-only log outside the database: the authority the database is checked against. */
  logFile: string;
  /** The log's lines when the caller holds them already (a log about to be written): the file is not read then. */
  lines?: readonly string[];
  /** The checkpoint keys' public half; null when there are none (then there must be no checkpoints either). */
  publicJwks: { keys: PublicCheckpointJwk[] } | null;
  /**
   * The witness log (ADR 113) to hold the ledger against: by default the one beside `logFile`; null when it is not to
   * be read (a restart after a restore, whose old witness is set aside with the old log).
   */
  witnessFile?: string | null;
  database?: Database;
  /** How long a checkpoint the log holds and the database's copy lacks may take to commit (in flight) before it counts as missing. */
  inFlightMs?: number;
}

/**
 * Everything `npm run ledger:verify` proves (ADR 008, ADR 012), first failure first:
 * 1. the checkpoint log is a chain of checkpoints signed with the checkpoint keys;
 * 2. the ledger's chains hold and pass through every checkpoint (no truncation, rewrite or reordering up to the
 *    latest), and every stored consent state is the replay of its events;
 * 3. the audit rows each checkpoint covered are still exactly those rows;
 * 4. the database's copy of the checkpoints is the log, line for line;
 * and, all along the walk, that the ledger holds every event the witness recorded (ADR 113).
 *
 * It may run while the app takes checkpoints and records events (issue 54 item 8): what it reads is read in the order
 * they are written — the database's copy of the checkpoints before the log (the log is written first, so every copied
 * checkpoint is in the log read after), the log and the witness's head before the ledger (every checkpointed or
 * witnessed event committed before the walk that reads it) — and a checkpoint the log holds beyond the copy is given
 * `inFlightMs` to commit before it counts as missing from the database.
 */
export async function verifyCheckpointedLedger(options: VerifyCheckpointedLedgerOptions): Promise<CheckpointedLedgerVerdict> {
  const db = options.database ?? getDatabase();
  const { logFile } = options;
  const readStored = () => db.ledgerCheckpoint.findMany({ orderBy: { seq: "asc" }, select: { seq: true, takenAt: true, globalSeq: true, chainHash: true, auditThroughId: true, hash: true, checkpoint: true, jws: true } });
  let stored = await readStored();
  const lines = options.lines ?? liveLines(await readCheckpointLogLines(logFile), stored.length);
  const witnessFile = options.witnessFile === undefined ? witnessLogPath({ ledgerLogFile: logFile }) : options.witnessFile;
  const witnessHead = witnessFile === null ? null : await readWitnessHead(witnessFile);
  if (lines === null && stored.length > 0) return { ok: false, problem: "checkpoint_log_missing", file: logFile, stored: stored.length };

  let checkpoints: SignedCheckpoint[] = [];
  if (lines && lines.length > 0) {
    if (!options.publicJwks) throw new Error(`There are checkpoints in ${logFile} but no checkpoint keys to verify them with (LEDGER_CHECKPOINT_KEYS_FILE, or --public-keys).`);
    const log = await verifyCheckpointLog(lines, options.publicJwks);
    if (!log.ok) return { ok: false, problem: "checkpoint_log_invalid", file: logFile, line: log.line, seq: log.seq, reason: log.problem };
    checkpoints = log.checkpoints;
  }
  const signed: LedgerCheckpoint[] = checkpoints.map((entry) => entry.checkpoint);

  const witness = witnessFile !== null && witnessHead ? { events: readWitnessLog(witnessFile), through: BigInt(witnessHead.globalSeq) } : undefined;
  const ledger = await verifyLedger(db, signed, witness);
  if (!ledger.ok) return ledger;
  const audit = await verifyAuditLog(signed, db);
  if (!audit.ok) return audit;

  // Lines the log holds beyond the copy read first: checkpoints being taken now, committed within moments.
  const deadline = Date.now() + (options.inFlightMs ?? 5_000);
  while (stored.length < checkpoints.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    stored = (await readStored()).slice(0, checkpoints.length);
  }
  for (let index = 0; index < Math.max(checkpoints.length, stored.length); index++) {
    const fromLog = checkpoints[index];
    const row = stored[index];
    if (!row) return { ok: false, problem: "checkpoint_copy_differs", file: logFile, seq: fromLog!.checkpoint.seq, detail: "missing_from_database" };
    if (!fromLog) return { ok: false, problem: "checkpoint_copy_differs", file: logFile, seq: Number(row.seq), detail: "missing_from_log" };
    const { checkpoint } = fromLog;
    const same =
      checkpointLine({ checkpoint: row.checkpoint as LedgerCheckpoint, jws: row.jws }) === checkpointLine(fromLog) &&
      row.seq === BigInt(checkpoint.seq) &&
      row.takenAt.toISOString() === checkpoint.takenAt &&
      row.globalSeq === BigInt(checkpoint.ledger.globalSeq) &&
      row.chainHash === checkpoint.ledger.chainHash &&
      row.auditThroughId === BigInt(checkpoint.audit.throughId) &&
      row.hash === checkpointHashOf(checkpoint);
    if (!same) return { ok: false, problem: "checkpoint_copy_differs", file: logFile, seq: checkpoint.seq, detail: "differs" };
  }

  const latest = signed.at(-1);
  return {
    ok: true,
    events: ledger.events,
    head: ledger.head,
    checkpoints: signed.length,
    latestCheckpoint: latest ? { seq: latest.seq, takenAt: latest.takenAt, globalSeq: latest.ledger.globalSeq } : null,
    auditRows: audit.rows,
    witnessedThrough: witness ? witnessHead!.globalSeq : null,
  };
}

/**
 * The log as a live verifier takes it: a last line not yet whole is one being appended, left for the next run, unless
 * the database's copy already holds that checkpoint (its row commits only after the line is written whole): then the
 * line was torn, and is checked — and named — as it is.
 */
function liveLines(read: { lines: string[]; torn: string | null } | null, copied: number): string[] | null {
  if (!read) return null;
  return read.torn !== null && copied > read.lines.length ? [...read.lines, read.torn] : read.lines;
}
