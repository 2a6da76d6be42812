// Monthly roll-ups of the bridge's decision log (issue 30 item 6; ADR 072): the public snapshot reads a closed
// partition's counts from its roll-up, and its figures are the same, to the digit, with the roll-up and without it —
// with rows across Japan-time month boundaries, a row the default partition holds, a late row arriving in a rolled-up
// month, and a month retired after it was rolled up.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { retireDecisionLogMonths, rollUpDecisionLogMonths } from "../../app/domain/decision-log/retire-decision-log-months.server";
import { computeSnapshotContent, tokyoMonthOf, tokyoMonthStart } from "../../app/domain/transparency/snapshot/compute-snapshot.server";
import { APPLICATION_ROLE } from "../../app/db.server";
import { BRIDGE_ROLE } from "../../services/pipeline-bridge/src/db/bridge-pool";
import { useTestDatabase } from "../support/database";
import { queryRows } from "../support/sql";
import { useTempDataDir } from "../support/temp-data-dir";

const db = useTestDatabase();
useTempDataDir();

/** `decision_log_y2026m11` for the UTC month `offset` months from now. */
function monthPartition(offset: number): string {
  const date = new Date();
  const month = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1));
  return `decision_log_y${month.getUTCFullYear()}m${String(month.getUTCMonth() + 1).padStart(2, "0")}`;
}

async function asBridge(sql: string, values: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: db.url, options: `-c role=${BRIDGE_ROLE}` });
  await client.connect();
  try {
    await client.query(sql, values);
  } finally {
    await client.end();
  }
}

/**
 * Decisions in the UTC month `monthsAgo` months back: each row of `rows` at an hour of that month. Hour 0 of day 1 (UTC)
 * is 09:00 in Japan on day 1; the last day's 16:00 UTC is already the next Japan-time month.
 */
async function logDecisions(monthsAgo: number, rows: { at: "start" | "middle" | "end"; action: string; allowed: boolean; reason: string; times: number }[]): Promise<void> {
  for (const row of rows) {
    const offset = row.at === "start" ? "interval '1 hour'" : row.at === "middle" ? "interval '14 days'" : "interval '1 month' - interval '8 hours'";
    await asBridge(
      `INSERT INTO bridge.decision_log (request_id, client_id, subject, action, purpose, allowed, reason, pseudonym, consent_version, evaluated_at)
       SELECT gen_random_uuid(), 'lab-a', 'S-' || i || '-T', $1, 'DUO:0000006', $2, $3, 'TGP-' || i, 1,
              date_trunc('month', (now() AT TIME ZONE 'UTC') - make_interval(months => $4)) AT TIME ZONE 'UTC' + ${offset}
         FROM generate_series(1, $5::int) AS i`,
      [row.action, row.allowed, row.reason, monthsAgo, row.times],
    );
  }
}

/** The counts as they were read before roll-ups: the whole tally, grouped, up to the current Japan-time month. */
async function tallyCounts(): Promise<{ month: string; action: string; allowed: boolean; reason: string; n: number }[]> {
  const before = tokyoMonthStart(tokyoMonthOf(new Date()));
  return queryRows(
    db.url,
    `SELECT month_jst AS month, action, allowed, reason, sum(decisions)::int AS n FROM bridge_export.decision_tally
      WHERE last_evaluated_at < $1 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    [before],
  );
}

/** The counts the snapshot reads now (ADR 072). */
async function monthCounts(): Promise<{ month: string; action: string; allowed: boolean; reason: string; n: number }[]> {
  const before = tokyoMonthStart(tokyoMonthOf(new Date()));
  return queryRows(
    db.url,
    `SELECT month_jst AS month, action, allowed, reason, sum(decisions)::int AS n FROM bridge_export.decision_month_counts($1)
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    [before],
  );
}

describe("the decision log's monthly roll-ups", () => {
  it("give the snapshot the same figures as the raw rows, through a late row and a month retired after its roll-up", async () => {
    for (const monthsAgo of [70, 3, 2, 1, 0]) await queryRows(db.url, `SELECT bridge.ensure_decision_log_partition(now() - make_interval(months => $1))`, [monthsAgo]);
    await logDecisions(70, [{ at: "middle", action: "analyze", allowed: true, reason: "consented", times: 4 }]);
    for (const monthsAgo of [3, 2, 1]) {
      await logDecisions(monthsAgo, [
        { at: "start", action: "analyze", allowed: true, reason: "consented", times: 12 },
        { at: "middle", action: "analyze", allowed: true, reason: "consented", times: 30 + monthsAgo },
        { at: "middle", action: "release", allowed: false, reason: "withdrawn_no_further_use", times: 11 },
        { at: "end", action: "share", allowed: false, reason: "choice_declined", times: 13 },
      ]);
    }
    // This month's rows: never published, never rolled up.
    await logDecisions(0, [{ at: "start", action: "analyze", allowed: true, reason: "consented", times: 15 }]);
    // A month nobody made a partition for (a bridge's clock years wrong): the default partition holds it, read raw.
    await asBridge(
      `INSERT INTO bridge.decision_log (request_id, subject, action, allowed, reason, evaluated_at)
       SELECT gen_random_uuid(), 'S-OLD', 'analyze', false, 'unknown_subject', now() - interval '30 months' FROM generate_series(1, 12)`,
    );

    const reference = await tallyCounts();
    // Month −70; three months of analyses, refused releases and refused shares (whose month-end rows are the next
    // Japan-time month's, the last of them this month's, unpublished); the default partition's month. In the nine hours
    // when Japan has started the next month and UTC has not (15:00–24:00 UTC on a month's last day), the partitions'
    // current month is Japan's last one, closed for publication: its analyses and month −1's month-end shares count
    // too (seen in the clean run at 00:04 JST on 1 December).
    const inJapansNextMonth = tokyoMonthOf(new Date()) !== new Date().toISOString().slice(0, 7);
    expect(reference).toHaveLength(inJapansNextMonth ? 12 : 10);
    expect(await monthCounts()).toEqual(reference);
    const now = new Date();
    const unrolled = await computeSnapshotContent(now);

    const rolled = await rollUpDecisionLogMonths(undefined, "0 seconds");
    // Every closed month partition, oldest first; this month's and the months ahead stay raw.
    expect(rolled.map((month) => month.partition)).toEqual([monthPartition(-70), monthPartition(-3), monthPartition(-2), monthPartition(-1)]);
    expect(rolled.map((month) => month.rows)).toEqual([4, 66 + 3, 66 + 2, 66 + 1]);
    expect(await rollUpDecisionLogMonths(undefined, "0 seconds")).toEqual([]);
    expect(await monthCounts()).toEqual(reference);
    expect(await computeSnapshotContent(now)).toEqual(unrolled);

    // A bridge's buffered log flushed late into a rolled-up month: counted into its roll-up by the partition's trigger.
    await logDecisions(2, [
      { at: "middle", action: "analyze", allowed: true, reason: "consented", times: 5 },
      { at: "middle", action: "store", allowed: true, reason: "consented", times: 10 },
    ]);
    const withLate = await tallyCounts();
    expect(withLate).not.toEqual(reference);
    expect(await monthCounts()).toEqual(withLate);
    const lateRolled = await queryRows<{ n: string }>(db.url, `SELECT sum(decisions)::text AS n FROM bridge.decision_rollup WHERE partition_name = $1`, [monthPartition(-2)]);
    expect(lateRolled).toEqual([{ n: String(66 + 2 + 15) }]);
    const withLateSnapshot = await computeSnapshotContent(now);

    // The month 70 back retired into summaries: counted once, from the summaries, not again from its roll-up.
    const upkeep = await retireDecisionLogMonths({ retentionMonths: 60 });
    expect(upkeep.retired.map((month) => month.partition)).toEqual([monthPartition(-70)]);
    expect(await monthCounts()).toEqual(withLate);
    expect(await computeSnapshotContent(now)).toEqual(withLateSnapshot);
  });

  it("is refused under a snapshot older than its lock, and the app cannot write the roll-up itself", async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ");
      await expect(client.query(`SELECT * FROM bridge.roll_up_decision_log_months()`)).rejects.toThrow(/read committed/);
      await client.query("ROLLBACK");
    } finally {
      await client.end();
    }
    const app = new pg.Client({ connectionString: db.url, options: `-c role=${APPLICATION_ROLE}` });
    await app.connect();
    try {
      await expect(app.query(`INSERT INTO bridge.decision_rollup VALUES ('decision_log_y2020m01', '2020-01', 'analyze', true, 'consented', 1, now())`)).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
  });
});
