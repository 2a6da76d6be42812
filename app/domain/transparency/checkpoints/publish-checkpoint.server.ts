import type { KeyObject } from "node:crypto";
import { getDatabase, type Database, type Transaction } from "../../../db.server";
import { dataDir, getEnv } from "../../../env.server";
import { CHECKPOINT_LOCK_KEY, checkpointLogPath, loadCheckpointKeys, type PublicCheckpointJwk, takeLedgerCheckpoint, AuditDigest, auditDigestColumns, checkpointHashOf, GENESIS_HASH, SignedCheckpointSchema, type LedgerCheckpoint, checkpointSignatureProblem } from "../../consent/index.server";
import {
  checkpointCommitmentOf,
  GENESIS_PUBLISHED_HASH,
  newCheckpointOpening,
  nextAuditDigest,
  openPublishedCheckpoint,
  PublishedCheckpointReasonSchema,
  publishedCheckpointHashOf,
  SignedPublishedCheckpointSchema,
  type CheckpointOpening,
  type OpenedCheckpoint,
  type PublishedCheckpoint,
  type PublishedCheckpointReason,
  type PublishedCheckpointV2,
  type SignedPublishedCheckpoint,
} from "./published-checkpoint";
import { publishedSignatureProblem, signPublishedCheckpoint } from "./sign-published-checkpoint";
import { appendPublishedCheckpoints, publishedCheckpointLogPath, readPublishedLines } from "./published-checkpoint-log.server";
import { appendCheckpointOpenings, checkpointOpeningsPath, readCheckpointOpenings } from "./checkpoint-openings-file.server";

// Its own lock: publications take turns with each other, never with consent changes or ledger checkpoints.
const PUBLISH_LOCK_KEY = 0x7473_7063; // "tspc"
const PAGE = 2000;
const LEDGER_PAGE = 200;

export interface PublishCheckpointOptions {
  /** The fixed schedule (every 10 minutes by default), a report being published (it names its own checkpoint), the demo. */
  reason: PublishedCheckpointReason;
  /** The publication time (never before the previous checkpoint's); now by default. */
  now?: Date;
  /** The keys and ledger checkpoint log to use (the checkpointer's, as it holds them); this installation's by default. */
  keys?: { signing: { kid: string; privateKey: KeyObject }; publicJwks: { keys: PublicCheckpointJwk[] } };
  logFile?: string;
  /** The caller has just taken a ledger checkpoint: do not take another first. */
  ledgerCheckpointTaken?: boolean;
}

export interface PublishedCheckpointView {
  seq: number;
  publishedAt: Date;
  reason: PublishedCheckpointReason;
  /** The ledger checkpoint (ADR 012) it was made from: the public one commits to its heads, not its participants. */
  ledgerCheckpointSeq: number;
  /** SHA-256 of the statement's canonical bytes: what the next checkpoint's `previous` will be. */
  hash: string;
  checkpoint: PublishedCheckpointV2;
  /** The heads it committed to, with the salt (ADR 114): private, kept by the operator, never in the public list. */
  opening: CheckpointOpening;
  jws: string;
}

/**
 * The signed records in the database are not as signed, or the audit rows since the last publication are not those the
 * ledger checkpoints covered: nothing is published, since a public checkpoint would vouch for an altered audit log.
 * `npm run ledger:verify` names the damage. (A consent ledger that lost witnessed events is no reason to refuse: the
 * ledger checkpoints signed what the witness saw, and publishing them is how outsiders learn of the loss; ADR 113.)
 */
export class CheckpointPublicationRefused extends Error {
  constructor(readonly reason: string) {
    super(`No checkpoint published: ${reason}`);
    this.name = "CheckpointPublicationRefused";
  }
}

/**
 * What the queue's `transparency.checkpoint` job runs, on the schedule the lead's crontab sets (TRANSPARENCY_CHECKPOINT_CRON,
 * every 10 minutes by default): a checkpoint every time, whether or not anything moved (ADR 114).
 */
export async function publishScheduledCheckpoint(): Promise<PublishedCheckpointView> {
  return publishCheckpoint({ reason: "schedule" });
}

/**
 * Publishes a signed checkpoint of the consent chain's and the audit log's heads (issue 16 item 4; ADRs 046, 114). It
 * first takes a ledger checkpoint (ADR 012) so the heads are fresh, then, one publisher at a time, builds the public
 * statement from the newest ledger checkpoint — whose audit mark is safe from audit ids committing out of order —
 * signs it with the ledger checkpoint key and appends it to `PublishedCheckpoint`.
 *
 * The statement commits to the heads (version 2) rather than stating them, with a fresh salt each time, and is made
 * whether or not anything moved: the list tells the public when checkpoints were published, never how many consent
 * events or audit rows there are, nor when one was added. The opening goes to the row and to the openings file beside
 * the public list, written before it.
 *
 * Before signing it checks what it chains onto: the previous publication's signature and opening, the ledger
 * checkpoints since then (signatures and links), and that the audit rows since then are the rows those ledger
 * checkpoints signed. It does not ask the database whether it still holds the consent ledger's heads: the ledger
 * checkpoints signed what the witness saw as each event committed (ADR 113), and a ledger that lost one is what a
 * publication exists to expose.
 */
export async function publishCheckpoint(options: PublishCheckpointOptions, db: Database = getDatabase()): Promise<PublishedCheckpointView> {
  const reason = PublishedCheckpointReasonSchema.parse(options.reason);
  const now = options.now ?? new Date();
  const { signing, publicJwks, logFile } = options.keys && options.logFile ? { ...options.keys, logFile: options.logFile } : await publishingKeys();
  const publicLog = publishedCheckpointLogPath({ ledgerLogFile: logFile });
  const openingsFile = checkpointOpeningsPath({ ledgerLogFile: logFile });

  if (!options.ledgerCheckpointTaken) {
    // "busy": another checkpointer is taking one now. Its transaction is waited out and the checkpoint taken again, so
    // a first publication never finds no ledger checkpoint while one is being made (`npm start`'s demo publishes as the
    // checkpointer service takes its first). "refused": the database no longer extends the newest ledger checkpoint.
    // That checkpoint signed what the witness saw (ADR 113), so it is published all the same: every outsider's verifier
    // then names what the database lost.
    const taken = await takeLedgerCheckpoint({ keys: { signing, publicJwks }, logFile, database: db });
    if (taken.outcome === "busy") {
      await db.$transaction(async (tx) => void (await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHECKPOINT_LOCK_KEY})`));
      await takeLedgerCheckpoint({ keys: { signing, publicJwks }, logFile, database: db });
    }
  }

  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PUBLISH_LOCK_KEY})`;
      // The public log and the table agree before anything is added to either (issue 27 item 2).
      await reconcileWithPublicLog(tx, { publicLog, openingsFile }, publicJwks);
      const previous = await previousPublication(tx, publicJwks);
      const ledger = await newestLedgerCheckpoint(tx, publicJwks);
      if (!ledger) throw new CheckpointPublicationRefused("there is no ledger checkpoint yet");
      if (previous) {
        const behind =
          ledger.seq < previous.ledgerCheckpointSeq ||
          BigInt(ledger.checkpoint.ledger.globalSeq) < BigInt(previous.heads.ledger.globalSeq) ||
          BigInt(ledger.checkpoint.audit.throughId) < BigInt(previous.heads.audit.throughId);
        if (behind) throw new CheckpointPublicationRefused(`the newest ledger checkpoint (#${ledger.seq}) is behind published checkpoint #${previous.checkpoint.seq}`);
      }
      // No "nothing moved, nothing published": a publication at every tick whatever happened is what keeps the list
      // from telling when consent events happen (ADR 114). Unchanged heads get a fresh salt, so a fresh commitment.
      const interval = await auditIntervalSince(tx, previous, ledger.seq, publicJwks);

      const previousThrough = previous?.heads.audit.throughId ?? "0";
      const through = ledger.checkpoint.audit.throughId;
      const previousAudit = previous?.heads.audit ?? { rows: 0, digest: GENESIS_PUBLISHED_HASH };
      const seq = (previous?.checkpoint.seq ?? 0) + 1;
      const opening = newCheckpointOpening(seq, {
        ledger: { globalSeq: ledger.checkpoint.ledger.globalSeq, chainHash: ledger.checkpoint.ledger.chainHash },
        audit:
          through === previousThrough
            ? { throughId: through, rows: previousAudit.rows, digest: previousAudit.digest }
            : { throughId: through, rows: previousAudit.rows + interval.rows, digest: nextAuditDigest(previousAudit.digest, interval.digest) },
      });
      const statement: PublishedCheckpointV2 = {
        version: 2,
        seq,
        previous: previous ? publishedCheckpointHashOf(previous.checkpoint) : GENESIS_PUBLISHED_HASH,
        publishedAt: new Date(Math.max(now.getTime(), previous ? Date.parse(previous.checkpoint.publishedAt) : 0)).toISOString(),
        reason,
        commitment: checkpointCommitmentOf(opening),
      };
      const signed = await signPublishedCheckpoint(statement, signing);
      const hash = publishedCheckpointHashOf(statement);
      const publishedAt = new Date(statement.publishedAt);
      await tx.publishedCheckpoint.create({
        data: {
          seq: BigInt(statement.seq),
          publishedAt,
          reason,
          ledgerCheckpointSeq: BigInt(ledger.seq),
          globalSeq: BigInt(opening.ledger.globalSeq),
          chainHash: opening.ledger.chainHash,
          auditThroughId: BigInt(opening.audit.throughId),
          auditRows: BigInt(opening.audit.rows),
          auditDigest: opening.audit.digest,
          hash,
          checkpoint: statement as object,
          opening: opening as object,
          jws: signed.jws,
        },
      });
      // Appended under the lock, before the row commits: a publication whose commit then fails is in the log only,
      // and the next one puts its row back from there (reconcileWithPublicLog). Never the other way round: the log is
      // what the public reads, so nothing is in it that was not signed here. The opening goes first, so no public
      // line is ever without its opening outside the database.
      await appendCheckpointOpenings(openingsFile, [opening]);
      await appendPublishedCheckpoints(publicLog, [signed]);
      return { seq: statement.seq, publishedAt, reason, ledgerCheckpointSeq: ledger.seq, hash, checkpoint: statement, opening, jws: signed.jws };
    },
    // The first publication of a large installation reads the whole audit log once; later ones ten minutes of it.
    { maxWait: 60_000, timeout: 10 * 60_000 },
  );
}

/** The ledger checkpoint keys and log of this installation (ADR 012): the same key signs both kinds of checkpoint. */
async function publishingKeys(): Promise<{ signing: { kid: string; privateKey: KeyObject }; publicJwks: { keys: PublicCheckpointJwk[] }; logFile: string }> {
  const env = getEnv();
  const folder = dataDir(env);
  const keys = await loadCheckpointKeys({ keysFile: env.LEDGER_CHECKPOINT_KEYS_FILE, dataDir: folder, generate: true });
  if (!keys?.signing) throw new Error("The ledger checkpoint keys hold no private key, so checkpoints cannot be published (LEDGER_CHECKPOINT_KEYS_FILE).");
  return { signing: keys.signing, publicJwks: keys.publicJwks, logFile: checkpointLogPath({ logFile: env.LEDGER_CHECKPOINT_LOG, dataDir: folder }) };
}

/**
 * Brings the table and the public log into agreement, or refuses. The log is the public record and the table an index
 * of it that a superuser can edit, so:
 * - rows the log holds and the table lacks (emptied, or a commit that failed after its line was written) are put back
 *   from the log, each checked first: its signature, its number and its link to the one before; a version 2
 *   checkpoint with its opening from the openings file (ADR 114), the one that opens it;
 * - rows the table holds beyond the log (an installation from before the log, or a log written short) are appended to
 *   the log, checked the same way, their openings to the openings file first when it lacks them;
 * - a checkpoint whose row and line differ refuses everything: one of the two was altered after it was signed.
 */
async function reconcileWithPublicLog(tx: Transaction, files: { publicLog: string; openingsFile: string }, jwks: { keys: PublicCheckpointJwk[] }): Promise<void> {
  const { publicLog, openingsFile } = files;
  const newestRow = await tx.publishedCheckpoint.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
  const rowsThrough = Number(newestRow?.seq ?? 0n);
  const { total: linesThrough } = await readPublishedLines(publicLog, { after: 0, limit: 0 });
  const overlap = Math.min(rowsThrough, linesThrough);
  // Where both hold a checkpoint, the newest of them must be the same statement (each links to all before it).
  if (overlap > 0) {
    const [line] = (await readPublishedLines(publicLog, { after: overlap - 1, limit: 1 })).lines;
    const row = await tx.publishedCheckpoint.findUnique({ where: { seq: BigInt(overlap) }, select: { hash: true } });
    const fromLog = line === undefined ? null : await checkedLine(line, overlap, jwks);
    if (!row || !fromLog || publishedCheckpointHashOf(fromLog.checkpoint) !== row.hash) {
      throw new CheckpointPublicationRefused(`published checkpoint #${overlap} in the database is not the one in the public log (${publicLog})`);
    }
  }
  if (linesThrough > rowsThrough) {
    // Put back what the table lost, from the log.
    let previous = rowsThrough > 0 ? (await checkedLine((await readPublishedLines(publicLog, { after: rowsThrough - 1, limit: 1 })).lines[0]!, rowsThrough, jwks)).checkpoint : null;
    const openings = await readCheckpointOpenings(openingsFile, { after: rowsThrough, through: linesThrough });
    for (let after = rowsThrough; after < linesThrough; after += 500) {
      const { lines } = await readPublishedLines(publicLog, { after, limit: 500 });
      for (const [offset, line] of lines.entries()) {
        const entry = await checkedLine(line, after + offset + 1, jwks, previous);
        const opening = entry.checkpoint.version === 1 ? undefined : openings.get(entry.checkpoint.seq)?.find((candidate) => openPublishedCheckpoint(entry.checkpoint, candidate) !== null);
        if (entry.checkpoint.version === 2 && !opening) {
          throw new CheckpointPublicationRefused(`published checkpoint #${entry.checkpoint.seq} cannot be put back: neither the database nor ${openingsFile} holds its opening`);
        }
        await tx.publishedCheckpoint.create({ data: await publishedRowOf(tx, entry, opening) });
        previous = entry.checkpoint;
      }
    }
  } else if (rowsThrough > linesThrough) {
    let previous = linesThrough > 0 ? (await checkedLine((await readPublishedLines(publicLog, { after: linesThrough - 1, limit: 1 })).lines[0]!, linesThrough, jwks)).checkpoint : null;
    const rows = await tx.publishedCheckpoint.findMany({ where: { seq: { gt: BigInt(linesThrough) } }, orderBy: { seq: "asc" }, select: { seq: true, checkpoint: true, opening: true, jws: true } });
    const inFile = await readCheckpointOpenings(openingsFile, { after: linesThrough, through: rowsThrough });
    const missing: SignedPublishedCheckpoint[] = [];
    const missingOpenings: CheckpointOpening[] = [];
    for (const row of rows) {
      const parsed = SignedPublishedCheckpointSchema.safeParse({ checkpoint: row.checkpoint, jws: row.jws });
      if (!parsed.success) throw new CheckpointPublicationRefused(`published checkpoint #${row.seq} in the database is not a signed checkpoint`);
      const entry = await checkedEntry(parsed.data, Number(row.seq), jwks, previous);
      if (entry.checkpoint.version === 2) {
        if (!openPublishedCheckpoint(entry.checkpoint, row.opening)) throw new CheckpointPublicationRefused(`published checkpoint #${row.seq} in the database is not as it was signed (its opening does not open it)`);
        const opening = row.opening as CheckpointOpening;
        if (!inFile.get(entry.checkpoint.seq)?.some((candidate) => checkpointCommitmentOf(candidate) === checkpointCommitmentOf(opening))) missingOpenings.push(opening);
      }
      missing.push(entry);
      previous = entry.checkpoint;
    }
    await appendCheckpointOpenings(openingsFile, missingOpenings);
    await appendPublishedCheckpoints(publicLog, missing);
  }
}

/** A line of the public log as checkpoint `seq`, refused unless signed by a key of ours and linked to `previous`. */
async function checkedLine(line: string, seq: number, jwks: { keys: PublicCheckpointJwk[] }, previous?: PublishedCheckpoint | null): Promise<SignedPublishedCheckpoint> {
  let parsed: ReturnType<typeof SignedPublishedCheckpointSchema.safeParse>;
  try {
    parsed = SignedPublishedCheckpointSchema.safeParse(JSON.parse(line));
  } catch {
    throw new CheckpointPublicationRefused(`line ${seq} of the public checkpoint log is not JSON`);
  }
  if (!parsed.success) throw new CheckpointPublicationRefused(`line ${seq} of the public checkpoint log is not a signed checkpoint`);
  return checkedEntry(parsed.data, seq, jwks, previous);
}

async function checkedEntry(entry: SignedPublishedCheckpoint, seq: number, jwks: { keys: PublicCheckpointJwk[] }, previous?: PublishedCheckpoint | null): Promise<SignedPublishedCheckpoint> {
  if (entry.checkpoint.seq !== seq || (await publishedSignatureProblem(entry, jwks)) !== null) {
    throw new CheckpointPublicationRefused(`published checkpoint #${seq} is not as it was signed`);
  }
  if (previous !== undefined && entry.checkpoint.previous !== (previous ? publishedCheckpointHashOf(previous) : GENESIS_PUBLISHED_HASH)) {
    throw new CheckpointPublicationRefused(`published checkpoint #${seq} does not link to #${seq - 1}`);
  }
  return entry;
}

/**
 * The table's row for a checkpoint put back from the log (a version 2 one with its opening). Its ledger checkpoint is
 * the first whose heads it carries: a ledger checkpoint is taken only when a head moved, so equal heads name one (or,
 * after a restart of the ledger log, the first of equals, which holds the same audit mark).
 */
async function publishedRowOf(tx: Transaction, entry: SignedPublishedCheckpoint, opening: CheckpointOpening | undefined) {
  const statement = entry.checkpoint;
  const heads = openPublishedCheckpoint(statement, opening)!;
  const [ledger] = await tx.$queryRaw<{ seq: bigint }[]>`
    SELECT seq FROM "LedgerCheckpoint"
     WHERE checkpoint->'ledger'->>'globalSeq' = ${heads.ledger.globalSeq}
       AND checkpoint->'ledger'->>'chainHash' = ${heads.ledger.chainHash}
       AND checkpoint->'audit'->>'throughId' = ${heads.audit.throughId}
     ORDER BY seq LIMIT 1`;
  if (!ledger) throw new CheckpointPublicationRefused(`no ledger checkpoint carries the heads of published checkpoint #${statement.seq}`);
  return {
    seq: BigInt(statement.seq),
    publishedAt: new Date(statement.publishedAt),
    reason: statement.reason,
    ledgerCheckpointSeq: ledger.seq,
    globalSeq: BigInt(heads.ledger.globalSeq),
    chainHash: heads.ledger.chainHash,
    auditThroughId: BigInt(heads.audit.throughId),
    auditRows: BigInt(heads.audit.rows),
    auditDigest: heads.audit.digest,
    hash: publishedCheckpointHashOf(statement),
    checkpoint: statement as object,
    ...(opening ? { opening: opening as object } : {}),
    jws: entry.jws,
  };
}

interface PreviousPublication {
  checkpoint: PublishedCheckpoint;
  /** Its heads: a version 1 statement's own, a version 2 one's from its opening. */
  heads: OpenedCheckpoint;
  ledgerCheckpointSeq: number;
}

/**
 * The newest published checkpoint, refused unless it is exactly what was signed and, from version 2 on, its row holds
 * the opening it committed to: the next one chains onto it and carries its heads on.
 */
async function previousPublication(tx: Transaction, jwks: { keys: PublicCheckpointJwk[] }): Promise<PreviousPublication | null> {
  const row = await tx.publishedCheckpoint.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true, ledgerCheckpointSeq: true, checkpoint: true, opening: true, jws: true } });
  if (!row) return null;
  const parsed = SignedPublishedCheckpointSchema.safeParse({ checkpoint: row.checkpoint, jws: row.jws });
  const intact =
    parsed.success &&
    parsed.data.checkpoint.seq === Number(row.seq) &&
    publishedCheckpointHashOf(parsed.data.checkpoint) === row.hash &&
    (await publishedSignatureProblem(parsed.data, jwks)) === null;
  if (!intact) throw new CheckpointPublicationRefused(`published checkpoint #${row.seq} in the database is not as it was signed`);
  const heads = openPublishedCheckpoint(parsed.data.checkpoint, row.opening);
  if (!heads) throw new CheckpointPublicationRefused(`published checkpoint #${row.seq} in the database is not as it was signed (its opening does not open it)`);
  return { checkpoint: parsed.data.checkpoint, heads, ledgerCheckpointSeq: Number(row.ledgerCheckpointSeq) };
}

async function newestLedgerCheckpoint(tx: Transaction, jwks: { keys: PublicCheckpointJwk[] }): Promise<{ seq: number; checkpoint: LedgerCheckpoint } | null> {
  const row = await tx.ledgerCheckpoint.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, checkpoint: true, jws: true } });
  return row ? { seq: Number(row.seq), checkpoint: await signedLedgerCheckpoint(row, jwks) } : null;
}

/** A ledger checkpoint row, refused unless its signature holds: the database's copy is what a superuser could edit. */
async function signedLedgerCheckpoint(row: { seq: bigint; checkpoint: unknown; jws: string }, jwks: { keys: PublicCheckpointJwk[] }): Promise<LedgerCheckpoint> {
  const parsed = SignedCheckpointSchema.safeParse({ checkpoint: row.checkpoint, jws: row.jws });
  if (!parsed.success || parsed.data.checkpoint.seq !== Number(row.seq) || (await checkpointSignatureProblem(parsed.data, jwks)) !== null) {
    throw new CheckpointPublicationRefused(`ledger checkpoint #${row.seq} in the database is not as it was signed`);
  }
  return parsed.data.checkpoint;
}

/**
 * The digest of the audit rows after the previous publication's mark and up to the newest ledger checkpoint's, checked
 * on the way against each ledger checkpoint in between: their intervals tile that range exactly, since every
 * publication's mark is a ledger checkpoint's.
 */
async function auditIntervalSince(
  tx: Transaction,
  previous: PreviousPublication | null,
  throughLedgerSeq: number,
  jwks: { keys: PublicCheckpointJwk[] },
): Promise<{ rows: number; digest: string }> {
  const fromLedgerSeq = previous?.ledgerCheckpointSeq ?? 0;
  let before: LedgerCheckpoint | null = null;
  if (fromLedgerSeq > 0) {
    const row = await tx.ledgerCheckpoint.findUnique({ where: { seq: BigInt(fromLedgerSeq) }, select: { seq: true, checkpoint: true, jws: true } });
    if (!row) throw new CheckpointPublicationRefused(`ledger checkpoint #${fromLedgerSeq}, which published checkpoint #${previous!.checkpoint.seq} was made from, is missing`);
    before = await signedLedgerCheckpoint(row, jwks);
  }
  let after = BigInt(before?.audit.throughId ?? "0");
  if (after !== BigInt(previous?.heads.audit.throughId ?? "0")) {
    throw new CheckpointPublicationRefused(`published checkpoint #${previous!.checkpoint.seq}'s audit mark is not that of ledger checkpoint #${fromLedgerSeq}`);
  }
  const whole = new AuditDigest();
  let cursor = BigInt(fromLedgerSeq);
  for (;;) {
    const page = await tx.ledgerCheckpoint.findMany({ where: { seq: { gt: cursor, lte: BigInt(throughLedgerSeq) } }, orderBy: { seq: "asc" }, take: LEDGER_PAGE, select: { seq: true, checkpoint: true, jws: true } });
    for (const row of page) {
      const checkpoint = await signedLedgerCheckpoint(row, jwks);
      if (checkpoint.seq !== (before?.seq ?? 0) + 1 || checkpoint.previous !== (before ? checkpointHashOf(before) : GENESIS_HASH)) {
        throw new CheckpointPublicationRefused(`ledger checkpoint #${checkpoint.seq} does not follow #${before?.seq ?? 0} in the database`);
      }
      const through = BigInt(checkpoint.audit.throughId);
      const part = new AuditDigest();
      let from = after;
      while (from < through) {
        const rows = await tx.auditEvent.findMany({ where: { id: { gt: from, lte: through } }, orderBy: { id: "asc" }, take: PAGE, select: auditDigestColumns });
        for (const audit of rows) {
          part.add(audit);
          whole.add(audit);
        }
        if (rows.length < PAGE) break;
        from = rows.at(-1)!.id;
      }
      const taken = part.take();
      if (taken.rows !== checkpoint.audit.rows || taken.digest !== checkpoint.audit.digest) {
        throw new CheckpointPublicationRefused(`the audit rows after #${after} through #${through} are not those ledger checkpoint #${checkpoint.seq} signed`);
      }
      after = through;
      before = checkpoint;
    }
    if (page.length < LEDGER_PAGE) break;
    cursor = page.at(-1)!.seq;
  }
  return whole.take();
}
