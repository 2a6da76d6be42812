// A process's consent changes take the ledger in at most two turns at once (ADR 167): a third waits in the process,
// not in PostgreSQL, and goes when a turn frees, in the order the changes came.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { LEDGER_TURNS_PER_PROCESS, ledgerTurns } from "../../app/domain/consent/ledger/index.server";
import { withdrawConsent } from "../../app/domain/consent/records/withdraw-consent.server";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { settled } from "../support/lock-gate";
import { consentedParticipant } from "./dashboard-fixtures";

const db = useTestDatabase();
const request = { ipAddress: "127.0.0.1", userAgent: "ledger turns test" };

describe("the ledger turns (ADR 167)", () => {
  it("keep a third withdrawal out of PostgreSQL while two wait there, then let it through; all three are recorded", async () => {
    const [first, second, third] = [await consentedParticipant(), await consentedParticipant(), await consentedParticipant()];
    const coordinator = await createUser({ role: "coordinator" });
    const withdraw = (participantId: string) =>
      settled(withdrawConsent({ participantId, level: "no_further_use", actor: { userId: coordinator.id, role: "coordinator" }, method: "phone", language: "ja", request }));
    // Another session holds the first two participants' rows, so their withdrawals stop at their own lock, in turns.
    const holder = new pg.Client({ connectionString: db.url });
    const observer = new pg.Client({ connectionString: db.url });
    await Promise.all([holder.connect(), observer.connect()]);
    try {
      await holder.query("BEGIN");
      await holder.query(`SELECT 1 FROM "Participant" WHERE "id" = ANY($1::uuid[]) FOR UPDATE`, [[first.id, second.id]]);
      const held = [withdraw(first.id), withdraw(second.id)];
      const waitingInPostgres = async () =>
        Number(
          (await observer.query<{ count: string }>(`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`)).rows[0]!
            .count,
        );
      while ((await waitingInPostgres()) < 2) await new Promise((resolve) => setTimeout(resolve, 10));
      const free = withdraw(third.id);
      expect(LEDGER_TURNS_PER_PROCESS).toBe(2);
      expect(ledgerTurns()).toEqual({ active: 2, waiting: 1 });
      // The third participant's row is free, yet nothing of theirs reaches PostgreSQL: no session waits for it, none
      // holds it, and the ledger has no withdrawal of theirs.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(free.done).toBe(false);
      expect(await waitingInPostgres()).toBe(2);
      expect(await getDatabase().consentEvent.count({ where: { participantId: third.id, type: "withdrawn" } })).toBe(0);
      await holder.query("COMMIT");
      const outcomes = await Promise.all([...held, free].map((call) => call.promise));
      expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true, true]);
    } finally {
      await holder.query("ROLLBACK").catch(() => undefined);
      await Promise.all([holder.end(), observer.end()]);
    }
    expect(ledgerTurns()).toEqual({ active: 0, waiting: 0 });
    const withdrawn = await getDatabase().consentEvent.findMany({ where: { participantId: { in: [first.id, second.id, third.id] }, type: "withdrawn" }, orderBy: { globalSeq: "asc" }, select: { participantId: true } });
    expect(withdrawn.map((event) => event.participantId).sort()).toEqual([first.id, second.id, third.id].sort());
  });
});
