import { readRows, type Database, type NamedStatement } from "../../../../db.server";
import { readLastCheckpointLine } from "../checkpoints/checkpoint-log.server";
import { parseCheckpointLine } from "../checkpoints/ledger-checkpoint";
import type { WitnessedEvent } from "./ledger-witness";
import { appendWitnessLine, readWitnessHead, witnessLogPath } from "./witness-log.server";

const PAGE = 2000;

/**
 * The look's one read: the witness's newest event (to see it is still there) and every one after it, in one statement,
 * so both come from one snapshot. Prepared once per pooled connection (ADR 084).
 */
const witnessRead: NamedStatement = {
  name: "tsunagi_witness_read",
  // Ordered by the bigint column itself: ORDER BY "globalSeq" would sort by the text alias, putting #10 before #9.
  text: `SELECT e."globalSeq"::text AS "globalSeq", e."chainHash", e."participantId", e."participantSeq", e."hash" FROM "ConsentEvent" e
          WHERE e."globalSeq" >= $1::bigint ORDER BY e."globalSeq" LIMIT $2::int`,
};

/**
 * The ledger no longer holds an event the witness recorded: it was deleted (`missing`) or replaced (`differs`) after
 * it committed. What the witness saw stands; the database is what changed.
 */
export interface WitnessDivergence {
  globalSeq: string;
  participantId: string;
  participantSeq: number;
  /** When the witness recorded the event the ledger no longer holds. */
  seenAt: string;
  found: "missing" | "differs";
}

export type WitnessOutcome =
  | { outcome: "recorded"; events: number; through: string }
  | { outcome: "unchanged" }
  | { outcome: "diverged"; divergence: WitnessDivergence };

export interface WitnessLedgerEventsOptions {
  /** The ledger checkpoint log (ADR 012): the witness log lives beside it, and a new witness starts at its last checkpoint. */
  ledgerLogFile: string;
  /** A Prisma client to read through (a test's); by default the app's pool, one round trip a look. */
  database?: Database;
  now?: () => Date;
}

/**
 * The witness's look (ADR 113): records every consent event committed since the last one it recorded — its global
 * position, chain hash, participant and hash — in the witness log outside the database, after checking that the
 * ledger still holds the last one as recorded. Called on every consent change's NOTIFY (within milliseconds of the
 * commit) and before every checkpoint, which signs what the witness holds rather than what the database says now.
 * A look is one statement and an append: its lines reach the disk with the system's writeback, and every checkpoint
 * syncs the log before it signs what it holds (a crash of this host can lose the newest lines, which the next look
 * records again; nothing the database does can).
 *
 * A ledger that no longer holds the witness's newest event answers `diverged` and records nothing more: everything after
 * that point would be another history. A new witness (no log yet) starts after the last signed checkpoint, which already
 * vouches for everything before it.
 */
export async function witnessLedgerEvents(options: WitnessLedgerEventsOptions): Promise<WitnessOutcome> {
  const file = witnessLogPath({ ledgerLogFile: options.ledgerLogFile });
  // One look at a time in this process, so its lines follow each other. Looks from two processes (a report published in
  // a web worker takes a checkpoint) may record the same events twice; readers keep the first record of each.
  const previous = looking.get(file) ?? Promise.resolve();
  const look = previous.then(() => lookOnce(file, options));
  const settled = look.catch(() => undefined);
  looking.set(file, settled);
  void settled.then(() => {
    if (looking.get(file) === settled) looking.delete(file);
  });
  return look;
}

const looking = new Map<string, Promise<unknown>>();

async function lookOnce(file: string, options: WitnessLedgerEventsOptions): Promise<WitnessOutcome> {
  const now = options.now ?? (() => new Date());
  const head = await readWitnessHead(file);
  let from = head ? BigInt(head.globalSeq) : await lastCheckpointedPosition(options.ledgerLogFile);
  let recorded = 0;
  let checkHead = head;
  for (;;) {
    const rows = await readRows<{ globalSeq: string; chainHash: string; participantId: string; participantSeq: number; hash: string }>(
      witnessRead,
      [(checkHead ? from : from + 1n).toString(), PAGE + 1],
      options.database,
    );
    let events = rows.map((row): WitnessedEvent => ({ globalSeq: String(row.globalSeq), chainHash: row.chainHash, participantId: row.participantId, participantSeq: Number(row.participantSeq), hash: row.hash }));
    if (checkHead) {
      const found = events[0];
      if (!found || found.globalSeq !== checkHead.globalSeq) return diverged(checkHead, "missing");
      if (found.chainHash !== checkHead.chainHash || found.hash !== checkHead.hash || found.participantId !== checkHead.participantId) return diverged(checkHead, "differs");
      events = events.slice(1);
    }
    if (events.length === 0) break;
    await appendWitnessLine(file, { seenAt: now().toISOString(), events });
    recorded += events.length;
    from = BigInt(events.at(-1)!.globalSeq);
    // The next page is read after this one's last event, which was just read: there is nothing to check again.
    checkHead = null;
    if (rows.length <= PAGE) break;
  }
  return recorded === 0 ? { outcome: "unchanged" } : { outcome: "recorded", events: recorded, through: from.toString() };
}

function diverged(head: WitnessedEvent & { seenAt: string }, found: WitnessDivergence["found"]): WitnessOutcome {
  return { outcome: "diverged", divergence: { globalSeq: head.globalSeq, participantId: head.participantId, participantSeq: head.participantSeq, seenAt: head.seenAt, found } };
}

/** Where the last signed checkpoint left the ledger (0 with none): a new witness log starts after it. */
async function lastCheckpointedPosition(ledgerLogFile: string): Promise<bigint> {
  const line = await readLastCheckpointLine(ledgerLogFile);
  const signed = line === null ? null : parseCheckpointLine(line);
  return signed ? BigInt(signed.checkpoint.ledger.globalSeq) : 0n;
}
