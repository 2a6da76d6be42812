// The bridge's decision log by month (issue 17 item 5; ADR 053): the bridge makes its coming months' partitions and
// its decisions land in them; a month made late takes the rows the default partition caught; months past the
// retention are summarised, recorded and dropped, and what a participant and the public read of them is unchanged;
// nobody may keep it shorter than 36 months; neither the bridge nor the app can alter a decision row.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APPLICATION_ROLE } from "../../app/db.server";
import { MIN_DECISION_LOG_RETENTION_MONTHS, retireDecisionLogMonths } from "../../app/domain/decision-log/retire-decision-log-months.server";
import { parseEnv } from "../../app/env.server";
import { BRIDGE_ROLE } from "../../services/pipeline-bridge/src/db/bridge-pool";
import { useTestDatabase } from "../support/database";
import { issueTestToken, outboxMessages, startTestBridge, type TestBridge } from "../support/pipeline-bridge";
import { queryRows } from "../support/sql";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant, type ConsentedParticipant } from "./dashboard-fixtures";

const db = useTestDatabase();
useTempDataDir();

/** `decision_log_y2026m11` for the UTC month `offset` months from now. */
function monthPartition(offset: number): string {
  const date = new Date();
  const month = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1));
  return `decision_log_y${month.getUTCFullYear()}m${String(month.getUTCMonth() + 1).padStart(2, "0")}`;
}

async function partitions(): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(db.url, `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'bridge.decision_log'::regclass ORDER BY 1`);
  return rows.map((row) => row.name);
}

/** What the app reads: the tally per Japan-time month, subject, action and answer. */
async function tally(subject: string): Promise<{ month: string; action: string; allowed: boolean; reason: string; decisions: number }[]> {
  return queryRows(
    db.url,
    `SELECT month_jst AS month, action, allowed, reason, sum(decisions)::int AS decisions FROM bridge_export.decision_tally WHERE subject = $1 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    [subject],
  );
}

async function asRole<T>(role: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: db.url, options: `-c role=${role}` });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function refused(client: pg.Client, sql: string, code = "42501"): Promise<void> {
  const error = await client.query(sql).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error, sql).toBeInstanceOf(pg.DatabaseError);
  expect((error as pg.DatabaseError).code, sql).toBe(code);
}

describe("the decision log by month", () => {
  let bridge: TestBridge;
  let participant: ConsentedParticipant;
  let token: string;

  beforeAll(async () => {
    bridge = await startTestBridge(db.url);
    token = await issueTestToken(["gate:analyze"]);
    participant = await consentedParticipant();
    await bridge.ingest(await outboxMessages([participant.pseudonym]));
    await bridge.heartbeat();
  });
  afterAll(() => bridge?.close());

  it("a started bridge has made this month's partition and the next three, and its decisions are logged in this month's", async () => {
    await expect.poll(partitions).toEqual(expect.arrayContaining([0, 1, 2, 3].map(monthPartition)));
    const answer = await bridge.post("/v1/decisions", { requests: [{ subject: participant.sampleCodes[0], action: "analyze", purpose: "DUO:0000006" }] }, token);
    expect(answer.status).toBe(200);
    await bridge.context.decisionLog.flush();
    const rows = await queryRows<{ partition: string; allowed: boolean }>(db.url, `SELECT tableoid::regclass::text AS partition, allowed FROM bridge.decision_log WHERE request_id = $1`, [
      (answer.body as { requestId: string }).requestId,
    ]);
    expect(rows).toEqual([{ partition: `bridge.${monthPartition(0)}`, allowed: true }]);
  });

  it("a month whose partition is made late takes every row the default partition held for it, and loses none", async () => {
    // The bridge only writes; a row for a month nobody made yet (a clock far ahead) lands in the default partition.
    await asRole(BRIDGE_ROLE, (client) =>
      client.query(
        `INSERT INTO bridge.decision_log (request_id, subject, action, allowed, reason, evaluated_at)
         SELECT gen_random_uuid(), 'S-LATE', 'analyze', false, 'unknown_subject', now() + interval '20 months' FROM generate_series(1, 3)`,
      ),
    );
    const where = async () => queryRows<{ partition: string; n: number }>(db.url, `SELECT tableoid::regclass::text AS partition, count(*)::int AS n FROM bridge.decision_log WHERE subject = 'S-LATE' GROUP BY 1`);
    expect(await where()).toEqual([{ partition: "bridge.decision_log_default", n: 3 }]);
    // Two makers at once (the bridge's check and the daily job): one makes it, the other finds it.
    const [a, b] = await Promise.all([0, 1].map(() => queryRows<{ name: string }>(db.url, `SELECT bridge.ensure_decision_log_partition(now() + interval '20 months') AS name`)));
    expect(a![0]!.name).toBe(monthPartition(20));
    expect(b![0]!.name).toBe(monthPartition(20));
    expect(await where()).toEqual([{ partition: `bridge.${monthPartition(20)}`, n: 3 }]);
  });

  it("retires months past the retention into monthly summaries: the participant's and the public's counts are unchanged, the month is recorded", async () => {
    const sample = participant.sampleCodes[0]!;
    // 70 and 61 months ago (past a 60-month retention) and 59 months ago (within it).
    for (const monthsAgo of [70, 61, 59]) await queryRows(db.url, `SELECT bridge.ensure_decision_log_partition(now() - make_interval(months => $1))`, [monthsAgo]);
    await asRole(BRIDGE_ROLE, (client) =>
      client.query(
        `INSERT INTO bridge.decision_log (request_id, client_id, subject, action, purpose, allowed, reason, pseudonym, consent_version, evaluated_at)
         SELECT gen_random_uuid(), 'lab-a', $1, action, 'DUO:0000006', allowed, reason, $2, 1, date_trunc('month', now() - make_interval(months => m)) + interval '10 days'
           FROM (VALUES (70, 'analyze', true, 'consented'), (70, 'analyze', true, 'consented'), (70, 'share', false, 'withdrawn'),
                        (61, 'analyze', true, 'consented'), (59, 'analyze', true, 'consented')) AS v(m, action, allowed, reason)`,
        [sample, participant.pseudonym],
      ),
    );
    const before = await tally(sample);
    const beforeSnapshot = await queryRows(db.url, `SELECT month_jst, action, allowed, reason, sum(decisions)::int AS n FROM bridge_export.decision_tally GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`);

    const upkeep = await retireDecisionLogMonths({ retentionMonths: 60 });
    expect(upkeep.retired.map((month) => month.partition)).toEqual([monthPartition(-70), monthPartition(-61)]);
    expect(upkeep.retired.map((month) => month.rowsRetired)).toEqual([3, 1]);
    // Two analyses in one month and one refused share: two summary rows for month −70.
    expect(upkeep.retired.map((month) => month.summaryRows)).toEqual([2, 1]);

    const left = await partitions();
    expect(left).not.toContain(monthPartition(-70));
    expect(left).not.toContain(monthPartition(-61));
    expect(left).toContain(monthPartition(-59));
    expect(await tally(sample)).toEqual(before);
    expect(await queryRows(db.url, `SELECT month_jst, action, allowed, reason, sum(decisions)::int AS n FROM bridge_export.decision_tally GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`)).toEqual(beforeSnapshot);
    // The auditor's summary keeps the client and the purpose, per month.
    const summaries = await queryRows<{ client_id: string; purpose: string; action: string; decisions: string; from_partition: string }>(
      db.url,
      `SELECT client_id, purpose, action, decisions::text, from_partition FROM bridge.decision_summary WHERE subject = $1 ORDER BY from_partition, action`,
      [sample],
    );
    expect(summaries).toEqual([
      { client_id: "lab-a", purpose: "DUO:0000006", action: "analyze", decisions: "2", from_partition: monthPartition(-70) },
      { client_id: "lab-a", purpose: "DUO:0000006", action: "share", decisions: "1", from_partition: monthPartition(-70) },
      { client_id: "lab-a", purpose: "DUO:0000006", action: "analyze", decisions: "1", from_partition: monthPartition(-61) },
    ]);
    const retired = await queryRows<{ partition_name: string; rows_retired: string }>(db.url, `SELECT partition_name, rows_retired::text FROM bridge.decision_log_retired ORDER BY 1`);
    expect(retired).toEqual([
      { partition_name: monthPartition(-70), rows_retired: "3" },
      { partition_name: monthPartition(-61), rows_retired: "1" },
    ]);
    // Again: nothing more to retire, and a retired month is never made again.
    expect((await retireDecisionLogMonths({ retentionMonths: 60 })).retired).toEqual([]);
    await expect(queryRows(db.url, `SELECT bridge.ensure_decision_log_partition(now() - interval '70 months')`)).rejects.toThrow(/was retired/);
  });

  it("keeps rows at least 36 months whoever asks: the setting, the function and the database refuse less", async () => {
    expect(MIN_DECISION_LOG_RETENTION_MONTHS).toBe(36);
    expect(parseEnv({ NODE_ENV: "test" }).DECISION_LOG_RETENTION_MONTHS).toBe(60);
    expect(() => parseEnv({ NODE_ENV: "test", DECISION_LOG_RETENTION_MONTHS: "35" })).toThrow(/DECISION_LOG_RETENTION_MONTHS/);
    expect(parseEnv({ NODE_ENV: "test", DECISION_LOG_RETENTION_MONTHS: "36" }).DECISION_LOG_RETENTION_MONTHS).toBe(36);
    await expect(retireDecisionLogMonths({ retentionMonths: 35 })).rejects.toThrow(/at least 36 months/);
    await asRole(APPLICATION_ROLE, async (client) => {
      await expect(client.query(`SELECT * FROM bridge.retire_decision_log_months(35)`)).rejects.toThrow(/at least 36 months/);
      await expect(client.query(`SELECT * FROM bridge.retire_decision_log_months(0)`)).rejects.toThrow(/at least 36 months/);
    });
  });

  it("neither the bridge nor the app can change, delete or empty a decision row, through the log or a month's partition", async () => {
    const month = monthPartition(0);
    await asRole(BRIDGE_ROLE, async (client) => {
      for (const table of ["bridge.decision_log", `bridge.${month}`, "bridge.decision_log_default"]) {
        await refused(client, `UPDATE ${table} SET allowed = true`);
        await refused(client, `DELETE FROM ${table}`);
        await refused(client, `TRUNCATE ${table}`);
      }
      await refused(client, `INSERT INTO bridge.${month} (request_id, subject, action, allowed, reason, evaluated_at) VALUES (gen_random_uuid(), 'S', 'analyze', true, 'consented', now())`);
      await refused(client, `DELETE FROM bridge.decision_summary`);
      await refused(client, `SELECT * FROM bridge.retire_decision_log_months(60)`);
      await refused(client, `ALTER TABLE bridge.decision_log DETACH PARTITION bridge.${month}`);
    });
    await asRole(APPLICATION_ROLE, async (client) => {
      for (const table of ["bridge.decision_log", `bridge.${month}`, "bridge.decision_summary"]) {
        await refused(client, `SELECT count(*) FROM ${table}`);
        await refused(client, `DELETE FROM ${table}`);
      }
      // What it may read is the tally, which names no client.
      const columns = (await client.query(`SELECT * FROM bridge_export.decision_tally LIMIT 0`)).fields.map((field) => field.name);
      expect(columns).toEqual(["month_jst", "subject", "action", "allowed", "reason", "decisions", "last_evaluated_at"]);
    });
  });
});
