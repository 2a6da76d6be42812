import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { getDatabase, type Database, type Transaction } from "../../../db.server";
import { recordAuditEvent } from "../../kernel/index.server";
import { writePrivateFileAtomically } from "@tsunagi/service-kit/private-file.server";
import { PUBLISHED_CHECKPOINT_LOG, readPublishedLines } from "./published-checkpoint-log.server";
import { openPublishedCheckpoint, PublishedCheckpointSchema, publishedCheckpointHashOf, type CheckpointOpening, type PublishedCheckpoint } from "./published-checkpoint";
import { CHECKPOINT_OPENINGS_LOG, checkpointOpeningsText, readCheckpointOpenings } from "./checkpoint-openings-file.server";
import { readCheckpointLog, type PublicCheckpointJwk, CHECKPOINT_LOCK_KEY, verifyCheckpointedLedger, checkpointLine, type LedgerCheckpoint, verifyCheckpointLog, witnessLogPath } from "../../consent/index.server";

/** Nothing was written: the message says why and what to do. */
export class CheckpointLogRestartRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CheckpointLogRestartRefused";
  }
}

export const RESTART_REASON_MAX = 500;

export interface RestartCheckpointLogOptions {
  /** The log the checkpointer has been extending (LEDGER_CHECKPOINT_LOG, else the default file). */
  logFile: string;
  /** Where the new log goes. The same path as `logFile`: the old log is first set aside beside it. */
  newLogFile: string;
  /** The checkpoint keys' public half: every kept checkpoint is checked against them again. */
  publicJwks: { keys: PublicCheckpointJwk[] };
  /** Why, in the operator's words (the incident): kept in the audit log. */
  reason: string;
  database?: Database;
  now?: () => Date;
}

export interface CheckpointLogRestart {
  newLogFile: string;
  /** The old log, unchanged: where it was, or where it was set aside. */
  oldLogFile: string;
  oldLogSha256: string;
  /** Checkpoints the restored database holds, copied into the new log as they were. */
  kept: number;
  /** The checkpoints the restored history no longer extends, as the old log signed them. */
  rolledBack: {
    fromSeq: number;
    throughSeq: number;
    firstTakenAt: string;
    lastTakenAt: string;
    /** The restored ledger ends here; the rolled-back checkpoints had vouched for events up to `throughGlobalSeq`. */
    restoredGlobalSeq: string;
    throughGlobalSeq: string;
    /** Participants whose consent changed after the restored ledger's end: their changes are to be re-entered. */
    participantIds: string[];
  };
}

/**
 * Starts a new checkpoint log after a restore (ADR 056). The restored database holds the checkpoints taken up to the
 * backup; the log outside it (ADR 012) goes further, so the checkpointer refuses to extend it and `ledger:verify`
 * reports the rollback — rightly, and until someone acts. This is that act, and it refuses unless the situation is
 * exactly that: the old log is intact (every line signed, a chain), the database's copy is the old log's beginning,
 * line for line, and the restored ledger and audit log extend every checkpoint of that beginning (the whole of
 * `ledger:verify`, run against the new log before it takes its place). Then the new log is those lines, the old log is
 * kept unchanged as the evidence of what the rolled-back checkpoints vouched for, and the restart is in the audit log
 * — which the next checkpoint covers. The checkpointer's lock is held throughout.
 */
export async function restartCheckpointLog(options: RestartCheckpointLogOptions): Promise<CheckpointLogRestart> {
  const db = options.database ?? getDatabase();
  const now = options.now ?? (() => new Date());
  const reason = options.reason.trim();
  // eslint-disable-next-line no-control-regex
  if (reason === "" || reason.length > RESTART_REASON_MAX || /[\u0000-\u001f\u007f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(reason)) {
    throw new CheckpointLogRestartRefused(`Give the reason (the incident) in one line of 1–${RESTART_REASON_MAX} characters, without control or direction characters.`);
  }
  const logFile = path.resolve(options.logFile);
  const newLogFile = path.resolve(options.newLogFile);
  const inPlace = newLogFile === logFile;
  if (!inPlace && (await exists(newLogFile))) throw new CheckpointLogRestartRefused(`${newLogFile} exists already; name a new file.`);

  return db.$transaction(
    async (tx) => {
      const [{ locked }] = await tx.$queryRaw<[{ locked: boolean }]>`SELECT pg_try_advisory_xact_lock(${CHECKPOINT_LOCK_KEY}) AS locked`;
      if (!locked) throw new CheckpointLogRestartRefused("A ledger checkpointer is taking a checkpoint now: stop the app (and its checkpointer) first, as the restore runbook says.");

      const lines = await readCheckpointLog(logFile);
      if (lines === null) throw new CheckpointLogRestartRefused(`There is no checkpoint log at ${logFile}; name the one the checkpointer used (LEDGER_CHECKPOINT_LOG).`);
      const verdict = await verifyCheckpointLog(lines, options.publicJwks);
      if (!verdict.ok) {
        throw new CheckpointLogRestartRefused(
          `${logFile} is itself damaged (line ${verdict.line}: ${verdict.problem}): that is not a restore to record but damage to investigate; nothing was written.`,
        );
      }
      const stored = await tx.ledgerCheckpoint.findMany({ orderBy: { seq: "asc" }, select: { seq: true, checkpoint: true, jws: true } });
      if (stored.length >= lines.length) {
        throw new CheckpointLogRestartRefused(
          stored.length === lines.length
            ? `${logFile} does not go beyond the database (${lines.length} checkpoints each): there is no rollback to record. Run npm run ledger:verify.`
            : `The database holds ${stored.length} checkpoints but ${logFile} only ${lines.length}: the log lost lines, which a restart must not paper over.`,
        );
      }
      for (const [index, row] of stored.entries()) {
        if (checkpointLine({ checkpoint: row.checkpoint as LedgerCheckpoint, jws: row.jws }) !== lines[index]) {
          throw new CheckpointLogRestartRefused(`Checkpoint #${Number(row.seq)} in the database differs from line ${index + 1} of ${logFile}: this database was not restored from this deployment's history.`);
        }
      }
      const oldLogSha256 = createHash("sha256").update(await fs.readFile(logFile)).digest("hex");
      const previous = await tx.auditEvent.findFirst({ where: { type: "ledger.checkpoint_log_restarted" }, orderBy: { id: "desc" }, select: { detail: true } });
      const previousDetail = previous?.detail as { oldLogSha256?: string; keptThroughSeq?: number; newLog?: string } | undefined;
      if (previousDetail?.oldLogSha256 === oldLogSha256 && previousDetail.keptThroughSeq === stored.length) {
        throw new CheckpointLogRestartRefused(`This restore was recorded already: the new log is ${previousDetail.newLog}. Point LEDGER_CHECKPOINT_LOG at it.`);
      }
      const kept = lines.slice(0, stored.length);
      const rolledBack = verdict.checkpoints.slice(stored.length).map((entry) => entry.checkpoint);

      const [{ head }] = await tx.$queryRaw<[{ head: bigint | null }]>`SELECT max("globalSeq") AS head FROM "ConsentEvent"`;
      const restoredGlobalSeq = BigInt(head ?? 0n);
      const participantIds = [...new Set(rolledBack.flatMap((checkpoint) => checkpoint.participants.filter((entry) => BigInt(entry.globalSeq) > restoredGlobalSeq).map((entry) => entry.participantId)))];

      // The new log's lines are verified as ledger:verify would verify that file, before it is written.
      // Not against the witness (ADR 113): it recorded the events the restore rolled back, and is set aside with the old log.
      const check = await verifyCheckpointedLedger({ logFile: newLogFile, lines: kept, publicJwks: options.publicJwks, witnessFile: null, database: db });
      if (!check.ok) {
        throw new CheckpointLogRestartRefused(
          `The restored database does not extend the ${kept.length} checkpoints it holds (${check.problem}): fix that first (npm run ledger:verify names it); nothing was written.`,
        );
      }
      const stamp = now().toISOString().replace(/[:.]/g, "-");
      const oldLogFile = inPlace ? `${logFile}.rolled-back-${stamp}` : logFile;
      // The public checkpoint list beside the log (ADR 046, issue 27) restarts with it: the checkpoints the restored
      // database published, line for line from the old list, which is set aside as evidence like the old log; and so
      // does the file of their openings (ADR 114).
      const published = await restartedPublishedList(tx, { oldLog: logFile, newLog: newLogFile, stamp });
      const restart: CheckpointLogRestart = {
        newLogFile,
        oldLogFile,
        oldLogSha256,
        kept: kept.length,
        rolledBack: {
          fromSeq: rolledBack[0]!.seq,
          throughSeq: rolledBack.at(-1)!.seq,
          firstTakenAt: rolledBack[0]!.takenAt,
          lastTakenAt: rolledBack.at(-1)!.takenAt,
          restoredGlobalSeq: restoredGlobalSeq.toString(),
          throughGlobalSeq: rolledBack.at(-1)!.ledger.globalSeq,
          participantIds,
        },
      };
      await recordAuditEvent(
        tx,
        {
          type: "ledger.checkpoint_log_restarted",
          outcome: "success",
          detail: {
            keptThroughSeq: kept.length,
            rolledBackFromSeq: restart.rolledBack.fromSeq,
            rolledBackThroughSeq: restart.rolledBack.throughSeq,
            participantsAffected: participantIds.length,
            oldLog: oldLogFile,
            oldLogSha256,
            newLog: newLogFile,
            publishedKeptThroughSeq: published.kept.length,
            publishedOldList: published.oldFile,
            reason,
          },
        },
        {},
      );
      // Set aside (never rewritten), then the new log under its name, never over a file (the audit row commits after).
      if (inPlace) await fs.rename(logFile, oldLogFile);
      try {
        await writePrivateFileAtomically(newLogFile, kept.map((line) => `${line}\n`).join(""), { replace: false });
      } catch (error) {
        if (inPlace) await fs.rename(oldLogFile, logFile).catch(() => undefined);
        if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new CheckpointLogRestartRefused(`${newLogFile} appeared meanwhile; nothing was changed.`);
        throw error;
      }
      if (published.oldFile !== null && published.oldFile !== published.file) await fs.rename(published.file, published.oldFile);
      // The witness restarts with the log: a new one starts after the new log's last checkpoint. The old one is evidence.
      const oldWitness = witnessLogPath({ ledgerLogFile: logFile });
      if (path.dirname(oldWitness) === path.dirname(witnessLogPath({ ledgerLogFile: newLogFile })) && (await exists(oldWitness))) {
        await fs.rename(oldWitness, `${oldWitness}.rolled-back-${stamp}`);
      }
      // The openings before the list they open, as a publication writes them.
      if (published.openings.oldFile !== null) await fs.rename(published.openings.file, published.openings.oldFile);
      await writePrivateFileAtomically(published.openings.file, checkpointOpeningsText(published.openings.kept), { replace: false });
      await writePrivateFileAtomically(published.file, published.kept.map((line) => `${line}\n`).join(""), { replace: false });
      return restart;
    },
    // ledger:verify over the whole restored ledger runs inside: as long as it takes.
    { maxWait: 10_000, timeout: 30 * 60_000 },
  );
}

/**
 * What the public checkpoint list beside the new log holds after the restart: its first lines, as many as the restored
 * database published, each the row's statement (else the restore did not come from this list, and nothing is written);
 * and the openings file beside it, the kept version 2 checkpoints' openings — each row's, else the old file's, and
 * refused when neither opens its checkpoint. `oldFile` is where each old file is set aside, when the new one takes its
 * name.
 */
async function restartedPublishedList(
  tx: Transaction,
  options: { oldLog: string; newLog: string; stamp: string },
): Promise<{ file: string; oldFile: string | null; kept: string[]; openings: { file: string; oldFile: string | null; kept: CheckpointOpening[] } }> {
  const oldList = path.join(path.dirname(options.oldLog), PUBLISHED_CHECKPOINT_LOG);
  const file = path.join(path.dirname(options.newLog), PUBLISHED_CHECKPOINT_LOG);
  const oldOpenings = path.join(path.dirname(options.oldLog), CHECKPOINT_OPENINGS_LOG);
  const openingsFile = path.join(path.dirname(options.newLog), CHECKPOINT_OPENINGS_LOG);
  const rows = await tx.publishedCheckpoint.findMany({ orderBy: { seq: "asc" }, select: { seq: true, hash: true, opening: true } });
  const { lines } = (await exists(oldList)) ? await readPublishedLines(oldList, { after: 0, limit: rows.length }) : { lines: [] };
  const inOldFile = await readCheckpointOpenings(oldOpenings, { after: 0, through: lines.length });
  const openings: CheckpointOpening[] = [];
  for (const [index, line] of lines.entries()) {
    let statement: PublishedCheckpoint | undefined;
    try {
      const parsed = PublishedCheckpointSchema.safeParse((JSON.parse(line) as { checkpoint?: unknown }).checkpoint);
      statement = parsed.success ? parsed.data : undefined;
    } catch {
      statement = undefined;
    }
    if (!statement || publishedCheckpointHashOf(statement) !== rows[index]!.hash) {
      throw new CheckpointLogRestartRefused(`Published checkpoint #${Number(rows[index]!.seq)} in the database differs from line ${index + 1} of ${oldList}: nothing was written.`);
    }
    if (statement.version === 1) continue;
    const checkpoint = statement;
    const opening = [rows[index]!.opening, ...(inOldFile.get(checkpoint.seq) ?? [])].find((candidate) => openPublishedCheckpoint(checkpoint, candidate) !== null);
    if (!opening) throw new CheckpointLogRestartRefused(`Published checkpoint #${checkpoint.seq} has no opening that opens it, in the database or in ${oldOpenings}: nothing was written.`);
    openings.push(opening as CheckpointOpening);
  }
  if (file !== oldList && (await exists(file))) throw new CheckpointLogRestartRefused(`${file} exists already beside the new log; name a new folder.`);
  if (openingsFile !== oldOpenings && (await exists(openingsFile))) throw new CheckpointLogRestartRefused(`${openingsFile} exists already beside the new log; name a new folder.`);
  return {
    file,
    oldFile: (await exists(oldList)) && file === oldList ? `${oldList}.rolled-back-${options.stamp}` : null,
    kept: lines,
    openings: { file: openingsFile, oldFile: (await exists(oldOpenings)) && openingsFile === oldOpenings ? `${oldOpenings}.rolled-back-${options.stamp}` : null, kept: openings },
  };
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}
