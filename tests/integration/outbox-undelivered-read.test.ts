// The relay's reads after every commit cost the rows waiting, not the rows delivered (ADR 164). With an index of
// (deliveredAt, position), statistics taken while a backlog was undelivered sent the planner down the primary key past
// every delivered row: 23,766 of them, 16–180 ms a read, on the path from a withdrawal's commit to the bridge's deny.
// Here the same: a backlog written and analysed undelivered, then delivered; each read is run under EXPLAIN ANALYZE on
// the real PostgreSQL, through the relay's own statements.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approvalOutbox, consentOutbox, loadUndelivered, type OutboxDestination, type OutboxStream } from "@tsunagi/outbox-relay/outbox-streams";
import type { RelayDatabase } from "@tsunagi/outbox-relay/relay-database";
import { useTestDatabase } from "../support/database";

const db = useTestDatabase();
const BACKLOG = 20_000;
const WAITING = 3;

let admin: pg.Client;
beforeAll(async () => {
  admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  // No autovacuum on these two here: its ANALYZE of the delivered backlog would make the statistics fresh (not what is
  // tested), and while it runs its snapshot keeps the first read from marking the delivered rows' index entries dead, so
  // the second read walked them again (323 pages) in one run of the whole suite.
  await admin.query(`ALTER TABLE "ConsentOutbox" SET (autovacuum_enabled = false); ALTER TABLE "ApprovalOutbox" SET (autovacuum_enabled = false)`);
  // A backlog of consent changes and approvals, analysed while undelivered (a relay that was down), then delivered to
  // both destinations but for the newest few: the statistics still say most rows wait.
  await admin.query(`INSERT INTO "ConsentOutbox" ("globalSeq", "eventId", "pseudonym", "payload")
    SELECT g, gen_random_uuid(), 'p' || g, '{}'::jsonb FROM generate_series(1, ${BACKLOG}) g`);
  await admin.query(`INSERT INTO "ApprovalOutbox" ("eventId", "approvalId", "version", "payload")
    SELECT gen_random_uuid(), gen_random_uuid(), 1, '{}'::jsonb FROM generate_series(1, ${BACKLOG}) g`);
  await admin.query(`ANALYZE "ConsentOutbox"; ANALYZE "ApprovalOutbox"`);
  await admin.query(`UPDATE "ConsentOutbox" SET "bridgeDeliveredAt" = now(), "natsDeliveredAt" = now() WHERE "globalSeq" <= ${BACKLOG - WAITING}`);
  await admin.query(`UPDATE "ApprovalOutbox" SET "bridgeDeliveredAt" = now(), "natsDeliveredAt" = now() WHERE "seq" <= (SELECT max("seq") FROM "ApprovalOutbox") - ${WAITING}`);
}, 60_000);
afterAll(() => admin.end());

interface PlanNode {
  "Node Type": string;
  "Rows Removed by Filter"?: number;
  "Shared Hit Blocks"?: number;
  "Shared Read Blocks"?: number;
  Plans?: PlanNode[];
}

/** The relay's database, each statement run under EXPLAIN ANALYZE: the plans it would have run, in order. */
function explainingDatabase(): { db: RelayDatabase; plans: PlanNode[] } {
  const plans: PlanNode[] = [];
  return {
    plans,
    db: {
      query: async <Row extends Record<string, unknown>>(text: string, values: readonly unknown[] = []) => {
        const { rows } = await admin.query<{ "QUERY PLAN": { Plan: PlanNode }[] }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`, values as unknown[]);
        plans.push(rows[0]!["QUERY PLAN"][0]!.Plan);
        return [] as Row[];
      },
      close: async () => undefined,
    },
  };
}

/**
 * Resolves once no other session holds a snapshot (pg_stat_activity.backend_xmin): of this database, and of none yet
 * (a backend still starting up reads the shared catalogs under a snapshot that holds back every database's horizon;
 * the whole suite's files open connections all the time).
 */
async function untilNoOlderSnapshot(): Promise<void> {
  for (;;) {
    const { rows } = await admin.query<{ holding: number }>(
      `SELECT count(*)::int AS holding FROM pg_stat_activity WHERE (datname = current_database() OR datid IS NULL OR datid = 0) AND pid <> pg_backend_pid() AND backend_xmin IS NOT NULL`,
    );
    if (rows[0]!.holding === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Rows the plan read and threw away, and the pages it touched, over every node. */
function walked(plan: PlanNode): { removed: number; pages: number } {
  const below = (plan.Plans ?? []).map(walked);
  return {
    removed: (plan["Rows Removed by Filter"] ?? 0) + below.reduce((sum, node) => sum + node.removed, 0),
    pages: Math.max(plan["Shared Hit Blocks"] ?? 0, 0) + (plan["Shared Read Blocks"] ?? 0),
  };
}

describe("the relay's reads cost the rows still waiting, however stale the statistics", () => {
  const cases: [string, OutboxDestination, OutboxStream<unknown>][] = [
    ["consent changes", "bridge", consentOutbox],
    ["consent changes", "nats", consentOutbox],
    ["approvals", "bridge", approvalOutbox],
    ["approvals", "nats", approvalOutbox],
  ];
  it.each(cases)("the next batch of %s for %s reads none of the delivered rows", async (_name, destination, stream) => {
    const { db: explaining, plans } = explainingDatabase();
    // The first read can mark the delivered rows' old index entries dead only once no session holds a snapshot older
    // than their delivery (an ANALYZE of another table by autovacuum, a backend starting up, on a loaded machine):
    // waited for on PostgreSQL's own record, not timed.
    await untilNoOlderSnapshot();
    // Twice: the first read after a catch-up steps over the delivered rows' old index entries once, marking them dead
    // (PostgreSQL's own clean-up); the read after it must touch neither their rows nor more than the index's pages.
    await loadUndelivered(stream as OutboxStream<{ eventId: string }>, destination, 500, explaining);
    await loadUndelivered(stream as OutboxStream<{ eventId: string }>, destination, 500, explaining);
    let second = walked(plans[1]!);
    // A snapshot taken between the wait and the first read (a connection opened by another file that moment) keeps the
    // entries alive through it: the clean-up is then left to the next read, after waiting again. No read on the good
    // plan throws rows away, whatever the snapshots; the primary key's walk throws away every delivered row.
    for (let retry = 0; retry < 5 && second.pages >= BACKLOG / 100 && second.removed === 0; retry++) {
      await untilNoOlderSnapshot();
      await loadUndelivered(stream as OutboxStream<{ eventId: string }>, destination, 500, explaining);
      await loadUndelivered(stream as OutboxStream<{ eventId: string }>, destination, 500, explaining);
      second = walked(plans.at(-1)!);
    }
    expect(second.removed).toBe(0);
    // The walk along the primary key past every delivered row touched 22,480 pages for 23,766 rows in the bench.
    expect(second.pages).toBeLessThan(BACKLOG / 100);
  });
});

describe("the bridge's acknowledgement is stamped by the next read, in its statement (ADR 164)", () => {
  it("the acknowledged rows are stamped at the time of the answer and left out of the batch; the rest still come", async () => {
    const relayDb: RelayDatabase = { query: async (text, values = []) => (await admin.query(text, values as unknown[])).rows, close: async () => undefined };
    const waiting = (await admin.query<{ seq: string }>(`SELECT "globalSeq"::text AS seq FROM "ConsentOutbox" WHERE "bridgeDeliveredAt" IS NULL ORDER BY "globalSeq"`)).rows.map((row) => BigInt(row.seq));
    expect(waiting).toHaveLength(WAITING);
    const answeredAt = new Date(Date.now() - 1_000);
    const acknowledged = waiting.slice(0, 2);
    const { rows, invalid } = await loadUndelivered(consentOutbox, "bridge", 500, relayDb, { positions: acknowledged, at: answeredAt });
    // The rows' payloads are not messages (this backlog is made of empty ones): the read ends at the first, as it
    // does at any row the app did not write right, and names it — the one still waiting, not an acknowledged one.
    expect(rows).toEqual([]);
    expect(invalid?.position).toBe(waiting[2]);
    const stamped = await admin.query<{ seq: string; at: Date | null }>(`SELECT "globalSeq"::text AS seq, "bridgeDeliveredAt" AS at FROM "ConsentOutbox" WHERE "globalSeq" = ANY($1::bigint[]) ORDER BY "globalSeq"`, [
      waiting.map(String),
    ]);
    expect(stamped.rows.map((row) => [row.seq, row.at?.getTime() ?? null])).toEqual([
      [String(waiting[0]), answeredAt.getTime()],
      [String(waiting[1]), answeredAt.getTime()],
      [String(waiting[2]), null],
    ]);
  });
});
