// The witness's looks under a stream of commits (ADR 164): at most one starting every WITNESS_LOOK_GAP_MS, a lone
// notification looked at at once, the last of a burst never left without a look after it, and an approval's
// notification (which moves no ledger event) not looked at. Real PostgreSQL notifications to the real checkpointer
// loop; the look itself is given to it as a function, as its composition root gives it the consent concept's. Each
// consent notification here commits with a marker row, and each look reads the newest marker, so "looked at after the
// commit" is what the look saw, not two clocks compared (a notification can reach the listener before the committing
// client has its answer).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approvalNotifyPayload, OUTBOX_NOTIFY_CHANNEL } from "@tsunagi/consent-rules/consent-change-message";
import { startLedgerCheckpointer, WITNESS_LOOK_GAP_MS, type LedgerCheckpointer } from "@tsunagi/ledger-checkpointer/start-ledger-checkpointer";
import { useTestDatabase } from "../support/database";
import { eventually } from "../support/outbox-fixtures";

const db = useTestDatabase();

let notifier: pg.Client;
let reader: pg.Client;
let checkpointer: LedgerCheckpointer;
/** When each look started, on this process's clock. */
const looks: number[] = [];
/** The newest marker each look saw committed, in the order of `looks`. */
const saw: number[] = [];

beforeAll(async () => {
  notifier = new pg.Client({ connectionString: db.url });
  await notifier.connect();
  await notifier.query("CREATE TABLE witness_pacing_marker (seq integer NOT NULL)");
  reader = new pg.Client({ connectionString: db.url });
  await reader.connect();
  checkpointer = await startLedgerCheckpointer({
    keys: () => ({ signing: { kid: "test" } }),
    takeCheckpoint: async () => ({ outcome: "unchanged" }),
    witness: async () => {
      looks.push(performance.now());
      // A look reads, as the real one reads the ledger, and takes a little while, as its append does.
      const { rows } = await reader.query<{ seq: number | null }>("SELECT max(seq) AS seq FROM witness_pacing_marker");
      saw.push(rows[0]?.seq ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 2));
      return { outcome: "unchanged" };
    },
    databaseUrl: db.url,
    intervalMs: 600_000,
    settleMs: 600_000,
    log: () => undefined,
  });
  expect(checkpointer.status().listening).toBe(true);
  // Its start's own look (the listener calls in once connected) is not what is measured here.
  await eventually("the start's look", () => looks.length >= 1);
  await new Promise((resolve) => setTimeout(resolve, 3 * WITNESS_LOOK_GAP_MS));
});
afterAll(async () => {
  await checkpointer.stop();
  await notifier.end();
  await reader.end();
});

/** Commits one notification (each its own transaction, as each consent change is), with marker `seq` when given. */
async function notify(payload: string, seq?: number): Promise<void> {
  if (seq === undefined) await notifier.query("SELECT pg_notify($1, $2)", [OUTBOX_NOTIFY_CHANNEL, payload]);
  else
    await notifier.query("WITH marked AS (INSERT INTO witness_pacing_marker (seq) VALUES ($3) RETURNING seq) SELECT pg_notify($1, $2) FROM marked", [
      OUTBOX_NOTIFY_CHANNEL,
      payload,
      seq,
    ]);
}

const quiet = () => new Promise((resolve) => setTimeout(resolve, 10 * WITNESS_LOOK_GAP_MS));

describe("the witness looks at most once a gap, and never leaves a commit unlooked-at", () => {
  it("a lone consent notification after a quiet spell is looked at without waiting for a gap", async () => {
    await quiet();
    const before = looks.length;
    await notify("101", 101);
    await eventually("a look", () => saw.length > before);
    // The first look after the quiet spell is this commit's: it saw it.
    expect(saw[before]).toBe(101);
  });

  it("a burst of 40 commits is a few looks, one at least a gap after another's start, the last after the last commit", async () => {
    await quiet();
    const before = looks.length;
    for (let seq = 200; seq < 240; seq += 1) await notify(String(seq), seq);
    await eventually("a look that saw the burst's last commit", () => saw.slice(before).includes(239));
    await new Promise((resolve) => setTimeout(resolve, 3 * WITNESS_LOOK_GAP_MS));
    const burst = looks.slice(before);
    expect(burst.length).toBeLessThan(40);
    // Each start is stamped inside the look, a moment after the checkpointer's own stamp it paces by; on a loaded machine
    // that moment differs between two looks by a few milliseconds (18.3 ms apart once, with a 20 ms gap). Looks paced by
    // nothing would be a look's own length apart, 2–3 ms.
    for (let index = 1; index < burst.length; index += 1) expect(burst[index]! - burst[index - 1]!).toBeGreaterThanOrEqual(WITNESS_LOOK_GAP_MS / 2);
  });

  it("an approval's notification moves no ledger event and is not looked at; one the witness cannot tell is", async () => {
    await quiet();
    const before = looks.length;
    for (let seq = 1; seq <= 5; seq += 1) await notify(approvalNotifyPayload(seq));
    await quiet();
    expect(looks.length).toBe(before);
    await notify("samples:7");
    await eventually("a look at a notification it cannot tell", () => looks.length > before);
  });
});
