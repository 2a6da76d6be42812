// A first publication made while the checkpointer service is taking its first ledger checkpoint (`npm start`'s demo
// does so as the services start): it waits for that checkpoint rather than find none and refuse, which stopped a
// browser-test server's start (docs/testing.md row 124).
import pg from "pg";
import { expect, it } from "vitest";
import { CHECKPOINT_LOCK_KEY } from "../../app/domain/consent/ledger/checkpoints/take-ledger-checkpoint.server";
import { publishCheckpoint } from "../../app/domain/transparency/checkpoints/publish-checkpoint.server";
import { useTestDatabase } from "../support/database";
import { settled } from "../support/lock-gate";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant } from "./dashboard-fixtures";

const db = useTestDatabase();
useTempDataDir();

it("a first publication while another checkpointer holds the checkpoint lock waits for it, then publishes", async () => {
  await consentedParticipant();
  const checkpointer = new pg.Client({ connectionString: db.url });
  const observer = new pg.Client({ connectionString: db.url });
  await Promise.all([checkpointer.connect(), observer.connect()]);
  try {
    // Another checkpointer's transaction, holding the lock as takeLedgerCheckpoint does while it takes one.
    await checkpointer.query("BEGIN");
    await checkpointer.query("SELECT pg_advisory_xact_lock($1)", [CHECKPOINT_LOCK_KEY]);
    const publishing = settled(publishCheckpoint({ reason: "demo" }));
    const waitingOnLock = async () =>
      Number((await observer.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`)).rows[0]!.n);
    // The publication waits on the lock (PostgreSQL's own record), or, as before, gives up at once.
    while (!publishing.done && (await waitingOnLock()) === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(publishing.done).toBe(false);
    await checkpointer.query("COMMIT");
    const outcome = await publishing.promise;
    if (!outcome.ok) throw outcome.error;
    expect(outcome.value.reason).toBe("demo");
    expect(outcome.value.ledgerCheckpointSeq).toBeGreaterThanOrEqual(1);
  } finally {
    await checkpointer.query("ROLLBACK").catch(() => undefined);
    await Promise.all([checkpointer.end(), observer.end()]);
  }
});
