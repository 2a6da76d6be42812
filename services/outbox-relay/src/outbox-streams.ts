import { ApprovalEnvelopeSchema, type ApprovalEnvelope } from "@tsunagi/consent-rules/approval-change-message";
import { OutboxEnvelopeSchema, outboxNotified, type OutboxEnvelope } from "@tsunagi/consent-rules/consent-change-message";
import type { z } from "zod";
import type { RelayDatabase } from "./relay-database";

/** Where the relay delivers each outbox row; each has its own delivered-at column, queue and backoff. */
export type OutboxDestination = "bridge" | "nats";

/**
 * One outbox the relay carries (issue 31 item 2; ADR 098): a table of messages with a position that only goes up, each
 * stamped when the bridge and when NATS acknowledged it. The consent changes (the ledger's outbox, ADR 024) and the
 * data-access approvals (ADR 041) are two of these; the reads and writes below are the same for both, and a third
 * outbox is one more configuration. Names are constants of the code, never input.
 */
export interface OutboxStream<Envelope> {
  /** Named in the relay's log and lanes. */
  name: string;
  /** Its table: a constant of the configuration (written into the statements), never input. */
  table: string;
  /** The position column: in the order rows are appended and commit (under one lock). */
  position: "globalSeq" | "seq";
  /** The envelope every kind and version of its messages carries: all the relay checks. */
  envelopeSchema: z.ZodType<Envelope>;
  /** How a row and its message are named in a report of one the app did not write right. */
  rowName: string;
  messageName: string;
  /**
   * The notifications that announce a row of it (`outboxNotified` of their payload): only those, and any the relay
   * cannot tell apart, wake its lanes. Unset: every notification does.
   */
  notifiedAs?: Exclude<ReturnType<typeof outboxNotified>, "unknown">;
}

export const consentOutbox: OutboxStream<OutboxEnvelope> = {
  name: "consent",
  table: "ConsentOutbox",
  position: "globalSeq",
  envelopeSchema: OutboxEnvelopeSchema,
  rowName: "outbox row",
  messageName: "change message",
  notifiedAs: "consent",
};
export const approvalOutbox: OutboxStream<ApprovalEnvelope> = {
  name: "approvals",
  table: "ApprovalOutbox",
  position: "seq",
  envelopeSchema: ApprovalEnvelopeSchema,
  rowName: "approval outbox row",
  messageName: "approval message",
  notifiedAs: "approvals",
};

/**
 * Whether a notification with this payload may announce a row of `stream`: a payload that names another outbox does
 * not; one that names none the relay knows (a newer writer's, or none: a reconnection) wakes every lane, as before
 * notifications were told apart.
 */
export function announces(stream: OutboxStream<unknown>, payload: string | undefined): boolean {
  const notified = outboxNotified(payload);
  return notified === "unknown" || stream.notifiedAs === undefined || stream.notifiedAs === notified;
}

export interface OutboxRow<Envelope> {
  position: bigint;
  /** The payload as the app wrote it, whatever its kind or version: readers decide what they can apply (ADR 024). */
  message: Envelope;
}

/** What a heartbeat is measured from: how long the oldest unacknowledged row has waited, and the acknowledged mark. */
export interface OutboxLagAndMark {
  /** Milliseconds by the database's clock that the oldest row the destination has not acknowledged has waited (0 when none). */
  lagMs: number;
  /**
   * The highest position such that every row up to it has been acknowledged ("0" when none has). It names a row that
   * exists, not the one before the first gap in numbering (rows backfilled from an older ledger skip numbers); appends
   * take a lock and commit in position order, so no lower row can appear after this is read.
   */
  mark: string;
}

// Table and column names are constants of the code (the stream configurations above), never input; values are parameters.
// Now that a configuration's table is any string (a test stream's, issue 31), a name that could end the quoting is refused.
const identifier = (name: string) => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a plain SQL identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
};
const deliveredColumn = (destination: OutboxDestination) => identifier(destination === "bridge" ? "bridgeDeliveredAt" : "natsDeliveredAt");

/**
 * The oldest rows a destination has not acknowledged, in position order. The relay is a carrier: it checks only the
 * envelope every kind and version carries, so a row written by a newer app still goes out. A row without a valid
 * envelope (which the app never writes) ends the batch: the rows before it still go, and it is reported rather than
 * skipped, because skipping would lose a change (a withdrawal, a revocation) and let the high-water mark pass it.
 * `acknowledged`: rows the destination took in the last batch, stamped in the same statement (one round trip, not two,
 * between a batch's answer and the next batch).
 */
export async function loadUndelivered<Envelope>(
  stream: OutboxStream<Envelope>,
  destination: OutboxDestination,
  limit: number,
  db: RelayDatabase,
  acknowledged?: Acknowledged,
): Promise<{ rows: OutboxRow<Envelope>[]; invalid?: { position: bigint; problem: string } }> {
  const undelivered = (except: string) =>
    `SELECT ${identifier(stream.position)}::text AS position, payload FROM ${identifier(stream.table)}
      WHERE ${deliveredColumn(destination)} IS NULL${except} ORDER BY ${identifier(stream.position)} LIMIT $1`;
  const found = acknowledged?.positions.length
    ? // The last batch's acknowledgement stamped in the read's own statement (ADR 164): its rows are still undelivered in
      // the statement's snapshot, so they are left out by position.
      await db.query<{ position: string; payload: unknown }>(
        `WITH stamped AS (${stampStatement(stream, destination, { at: "$2", positions: "$3" })})
         ${undelivered(` AND ${identifier(stream.position)} <> ALL($3::bigint[])`)}`,
        [limit, acknowledged.at, acknowledged.positions.map(String)],
      )
    : await db.query<{ position: string; payload: unknown }>(undelivered(""), [limit]);
  const rows: OutboxRow<Envelope>[] = [];
  for (const row of found) {
    const position = BigInt(row.position);
    const parsed = stream.envelopeSchema.safeParse(row.payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { rows, invalid: { position, problem: `${stream.rowName} ${position} is not a valid ${stream.messageName} (${issue?.path.join(".")}: ${issue?.message})` } };
    }
    rows.push({ position, message: parsed.data });
  }
  return { rows };
}

/** Rows a destination acknowledged, and when: stamped by markDelivered, or by the next loadUndelivered. */
export interface Acknowledged {
  positions: readonly bigint[];
  at: Date;
}

/** Stamps rows as acknowledged. Called only after the destination's acknowledgement: at least once, never at most once. */
export async function markDelivered(stream: OutboxStream<unknown>, destination: OutboxDestination, positions: readonly bigint[], at: Date, db: RelayDatabase): Promise<void> {
  if (positions.length === 0) return;
  await db.query(stampStatement(stream, destination, { at: "$1", positions: "$2" }), [at, positions.map(String)]);
}

/** The UPDATE that stamps rows acknowledged, with the placeholders of its time and its positions (a bigint[]). */
function stampStatement(stream: OutboxStream<unknown>, destination: OutboxDestination, placeholders: { at: string; positions: string }): string {
  return `UPDATE ${identifier(stream.table)} SET ${deliveredColumn(destination)} = ${placeholders.at}
      WHERE ${identifier(stream.position)} = ANY(${placeholders.positions}::bigint[]) AND ${deliveredColumn(destination)} IS NULL`;
}

/** Counts a failed attempt on the rows it carried and keeps the reason, for whoever looks at a stuck outbox. */
export async function recordDeliveryFailure(stream: OutboxStream<unknown>, destination: OutboxDestination, positions: readonly bigint[], problem: string, db: RelayDatabase): Promise<void> {
  if (positions.length === 0) return;
  await db.query(`UPDATE ${identifier(stream.table)} SET attempts = attempts + 1, "lastError" = $1 WHERE ${identifier(stream.position)} = ANY($2::bigint[])`, [
    `${destination}: ${problem}`.slice(0, 1000),
    positions.map(String),
  ]);
}

/** How many rows a destination has not acknowledged (the metrics' scrape; the partial index on the delivered column keeps it cheap). */
export async function readUndeliveredCount(stream: OutboxStream<unknown>, destination: OutboxDestination, db: RelayDatabase): Promise<number> {
  const rows = await db.query<{ count: string }>(`SELECT count(*)::text AS count FROM ${identifier(stream.table)} WHERE ${deliveredColumn(destination)} IS NULL`);
  return Number(rows[0]?.count ?? 0);
}

/** The two columns of one outbox's lag and mark for a destination, to select in one statement (one snapshot). */
function lagAndMarkColumns(stream: OutboxStream<unknown>, destination: OutboxDestination, names: { lag: string; mark: string }): string {
  const table = identifier(stream.table);
  const position = identifier(stream.position);
  const delivered = deliveredColumn(destination);
  return `
    (SELECT COALESCE(EXTRACT(EPOCH FROM now() - MIN(o."createdAt")) * 1000, 0)::float8 FROM ${table} o WHERE o.${delivered} IS NULL) AS ${identifier(names.lag)},
    (SELECT COALESCE(MAX(o.${position}), 0)::text FROM ${table} o
      WHERE o.${position} < COALESCE((SELECT MIN(u.${position}) FROM ${table} u WHERE u.${delivered} IS NULL), 9223372036854775807)) AS ${identifier(names.mark)}`;
}

const lagAndMarkOf = (lag: unknown, mark: unknown): OutboxLagAndMark => ({ lagMs: Math.max(0, Number(lag ?? 0)), mark: typeof mark === "string" ? mark : "0" });

/**
 * The lag and the mark of one outbox for one destination in one statement, so from one snapshot: the mark holds every
 * row the lag counted as acknowledged (ADR 051). The relay stays silent on NATS while the lag passes its bound, so
 * replicas cannot keep answering from a state a waiting withdrawal or revocation has overtaken (ADR 051), and claims
 * the outbox's head to the bridge over HTTP (ADR 066).
 */
export async function readLagAndMark(stream: OutboxStream<unknown>, destination: OutboxDestination, db: RelayDatabase): Promise<OutboxLagAndMark> {
  const rows = await db.query<{ lag: number; mark: string }>(`SELECT ${lagAndMarkColumns(stream, destination, { lag: "lag", mark: "mark" })}`);
  return lagAndMarkOf(rows[0]?.lag, rows[0]?.mark);
}

/**
 * Several outboxes' lag and mark for one destination in one statement: the relay's heartbeat each second is one round
 * trip however many streams it carries (ADR 078). Each pair comes from one snapshot, as on its own.
 */
export async function readLagsAndMarks(streams: readonly OutboxStream<unknown>[], destination: OutboxDestination, db: RelayDatabase): Promise<OutboxLagAndMark[]> {
  const columns = streams.map((stream, index) => lagAndMarkColumns(stream, destination, { lag: `lag${index}`, mark: `mark${index}` }));
  const rows = await db.query(`SELECT ${columns.join(", ")}`);
  return streams.map((_stream, index) => lagAndMarkOf(rows[0]?.[`lag${index}`], rows[0]?.[`mark${index}`]));
}

/**
 * The highest position the outbox holds, delivered or not ("0" when empty): every change written up to now. The relay
 * claims it to the bridge while a change waits too long (ADR 066), so the bridge denies until it has it.
 */
export async function readHead(stream: OutboxStream<unknown>, db: RelayDatabase): Promise<string> {
  const rows = await db.query<{ head: string }>(`SELECT COALESCE(MAX(o.${identifier(stream.position)}), 0)::text AS head FROM ${identifier(stream.table)} o`);
  return rows[0]?.head ?? "0";
}
