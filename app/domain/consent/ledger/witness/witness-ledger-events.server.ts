import { getDatabase, type Database } from "../../../../db.server";
import { readLastCheckpointLine } from "../checkpoints/checkpoint-log.server";
import { parseCheckpointLine } from "../checkpoints/ledger-checkpoint";
import type { WitnessedEvent } from "./ledger-witness";
import { appendWitnessLine, readWitnessHead, witnessLogPath } from "./witness-log.server";

// Its own lock: a look takes turns with other looks (another process taking a checkpoint), never with consent changes.
export const WITNESS_LOCK_KEY = 0x7473_7774; // "tswt"
const PAGE = 2000;

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
  database?: Database;
  now?: () => Date;
}

/**
 * The witness's look (ADR 113): records every consent event committed since the last one it recorded — its global
 * position, chain hash, participant and hash — in the witness log outside the database, after checking that the
 * ledger still holds the last one as recorded. Called on every consent change's NOTIFY (within milliseconds of the
 * commit) and before every checkpoint, which signs what the witness holds rather than what the database says now.
 *
 * A ledger that no longer holds the witness's newest event answers `diverged` and records nothing more: everything after
 * that point would be another history. A new witness (no log yet) starts after the last signed checkpoint, which already
 * vouches for everything before it.
 */
export async function witnessLedgerEvents(options: WitnessLedgerEventsOptions): Promise<WitnessOutcome> {
  const db = options.database ?? getDatabase();
  const now = options.now ?? (() => new Date());
  const file = witnessLogPath({ ledgerLogFile: options.ledgerLogFile });
  return db.$transaction(
    async (tx) => {
      // One look at a time across processes; the log's head is read under the lock, so two looks never record twice.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${WITNESS_LOCK_KEY})`;
      await tx.$executeRaw`SET LOCAL statement_timeout = '5s'`;
      const head = await readWitnessHead(file);
      let from = head ? BigInt(head.globalSeq) : await lastCheckpointedPosition(options.ledgerLogFile);
      let recorded = 0;
      let checkHead = head;
      for (;;) {
        const rows = await tx.$queryRaw<{ globalSeq: bigint; chainHash: string; participantId: string; participantSeq: number; hash: string }[]>`
          SELECT "globalSeq", "chainHash", "participantId", "participantSeq", "hash" FROM "ConsentEvent"
           WHERE "globalSeq" >= ${checkHead ? from : from + 1n} ORDER BY "globalSeq" LIMIT ${PAGE + 1}`;
        let events = rows.map(
          (row): WitnessedEvent => ({ globalSeq: BigInt(row.globalSeq).toString(), chainHash: row.chainHash, participantId: row.participantId, participantSeq: Number(row.participantSeq), hash: row.hash }),
        );
        if (checkHead) {
          const found = events[0];
          if (!found || found.globalSeq !== checkHead.globalSeq) return diverged(checkHead, "missing");
          if (found.chainHash !== checkHead.chainHash || found.hash !== checkHead.hash || found.participantId !== checkHead.participantId) return diverged(checkHead, "differs");
          events = events.slice(1);
        }
        if (events.length === 0) break;
        await appendWitnessLine(file, { seenAt: now().toISOString(), events });
        recorded += events.length;
        const last = events.at(-1)!;
        from = BigInt(last.globalSeq);
        // The next page is read after this one's last event: it was read in this transaction, so it is still there.
        checkHead = null;
        if (rows.length <= PAGE) break;
      }
      return recorded === 0 ? ({ outcome: "unchanged" } as const) : ({ outcome: "recorded", events: recorded, through: from.toString() } as const);
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
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
