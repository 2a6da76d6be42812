/**
 * Issue 10, defect 3 (ADR 012): a database superuser could alter the consent ledger and pass `npm run
 * ledger:verify`, since the chains inside the database were checked only against themselves. Each attack below is
 * first shown to pass that old check (verifyLedger without checkpoints, what `ledger:verify` ran before), then to be
 * caught by the signed checkpoints kept outside the database, naming the first bad point.
 *
 * Taking checkpoints, the checkpointer in `npm start`, and the first attacks; the rest are in
 * ledger-checkpoint-attacks.test.ts (issue 62: one file took over two minutes on a slow hour).
 */
import { statSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { APPLICATION_ROLE, getDatabase } from "../../app/db.server";
import { recordAuditEvent } from "../../app/domain/kernel/record-audit-event.server";
import { checkpointHashOf, checkpointLine, parseCheckpointLine, type LedgerCheckpoint } from "../../app/domain/consent/ledger/checkpoints/ledger-checkpoint";
import { GENERATED_CHECKPOINT_KEYS_FILE } from "../../app/domain/consent/ledger/checkpoints/load-checkpoint-keys.server";
import { verifyLedger } from "../../app/domain/consent/ledger/verify-ledger.server";
import { startLedgerCheckpointer } from "@tsunagi/ledger-checkpointer/ledger-checkpointer";
import { useTestDatabase } from "../support/database";
import { asSuperuser, readLedger, replaceHistory, runLedgerVerify } from "../support/ledger-attacks";
import { collectingLog, commitConsentChange, eventually } from "../support/outbox-fixtures";
import { useTempDataDir } from "../support/temp-data-dir";
import { buildCheckpointedLedger, taken, useCheckpointFolder } from "../support/ledger-checkpoint-folder";

// Mail and PDF copies of the withdrawals land in a private folder.
useTempDataDir();


describe("taking checkpoints", () => {
  const db = useTestDatabase();
  const folder = useCheckpointFolder();

  it("signs the heads with a key the database does not hold, one per move, none when nothing moved, each linked to the last", async () => {
    const empty = await taken(folder.take());
    expect(empty).toMatchObject({ seq: 1, ledger: { globalSeq: "0" }, participants: [] });
    expect(await folder.take()).toEqual({ outcome: "unchanged" });

    const granted = await commitConsentChange();
    const second = await taken(folder.take());
    expect(second).toMatchObject({
      seq: 2,
      previous: checkpointHashOf(empty),
      ledger: { globalSeq: granted.event.globalSeq, chainHash: granted.event.chainHash },
      participants: [{ participantId: granted.participantId, participantSeq: 1, globalSeq: granted.event.globalSeq, hash: granted.event.hash }],
    });
    expect(await folder.take()).toEqual({ outcome: "unchanged" });

    // The audit log moving is enough: its rows are covered too.
    await recordAuditEvent(getDatabase(), { type: "account.disabled", outcome: "success", detail: {} }, {});
    const third = await taken(folder.take());
    expect(third).toMatchObject({ seq: 3, ledger: second.ledger, participants: [], audit: { rows: 1 } });
    expect(BigInt(third.audit.throughId)).toBeGreaterThan(BigInt(second.audit.throughId));

    // The log outside the database and the database's copy hold the same three lines.
    const lines = await folder.lines();
    expect(lines.map((line) => parseCheckpointLine(line)!.checkpoint)).toEqual([empty, second, third]);
    const stored = await getDatabase().ledgerCheckpoint.findMany({ orderBy: { seq: "asc" } });
    expect(stored.map((row) => checkpointLine({ checkpoint: row.checkpoint as LedgerCheckpoint, jws: row.jws }))).toEqual(lines);
    // The key that signs is in the data folder, readable by its owner alone; the database has only signatures.
    expect(statSync(path.join(folder.dir, GENERATED_CHECKPOINT_KEYS_FILE)).mode & 0o777).toBe(0o600);
    expect(await folder.verify()).toMatchObject({ ok: true, checkpoints: 3, latestCheckpoint: { seq: 3 } });
  });

  it("the database's copy is append-only for the application's role, and for a superuser short of disabling triggers", async () => {
    const app = getDatabase();
    for (const sql of [`UPDATE "LedgerCheckpoint" SET "chainHash" = 'x'`, `DELETE FROM "LedgerCheckpoint"`, `TRUNCATE "LedgerCheckpoint"`]) {
      await expect(app.$executeRawUnsafe(sql), sql).rejects.toThrow(/permission denied for table LedgerCheckpoint/);
    }
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await expect(client.query(`DELETE FROM "LedgerCheckpoint"`)).rejects.toThrow(/append-only: DELETE refused/);
    } finally {
      await client.end();
    }
  });

  it("several checkpointers at once: one writes at a time, and the log stays one unbroken chain", async () => {
    const before = (await folder.lines()).length;
    for (let round = 0; round < 3; round++) {
      await commitConsentChange();
      const outcomes = await Promise.all([folder.take(), folder.take(), folder.take(), folder.take()]);
      expect(outcomes.filter((outcome) => outcome.outcome === "taken")).toHaveLength(1);
      expect(outcomes.every((outcome) => ["taken", "busy", "unchanged"].includes(outcome.outcome))).toBe(true);
    }
    expect(await folder.verify()).toMatchObject({ ok: true, checkpoints: before + 3 });
  });

  it("an audit row committed late, below a newer row's id, is neither left out nor a false alarm", async () => {
    // A transaction takes audit id n and stays open; another commits id n+1 meanwhile.
    const late = new pg.Client({ connectionString: db.url, options: `-c role=${APPLICATION_ROLE}` });
    await late.connect();
    try {
      await late.query("BEGIN");
      const { rows } = await late.query<{ id: string }>(`INSERT INTO "AuditEvent" ("type", "outcome", "detail") VALUES ('account.disabled', 'success', '{}') RETURNING "id"`);
      await recordAuditEvent(getDatabase(), { type: "account.disabled", outcome: "success", detail: {} }, {});
      const newest = await getDatabase().auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
      expect(newest.id).toBeGreaterThan(BigInt(rows[0]!.id));
      // Told not to wait for the open transaction, the checkpointer leaves the audit mark where it was: signing up
      // to the newer id now would leave the late row outside every checkpoint.
      expect(await folder.take({ auditSettleMs: 0 })).toEqual({ outcome: "unchanged" });
      await late.query("COMMIT");
    } finally {
      await late.end();
    }
    const after = await taken(folder.take({ auditSettleMs: 0 }));
    expect(after.audit.rows).toBe(2);
    expect(await folder.verify()).toMatchObject({ ok: true });

    // A transaction that rolls back leaves a gap in the ids, not an alarm.
    const rolledBack = new pg.Client({ connectionString: db.url, options: `-c role=${APPLICATION_ROLE}` });
    await rolledBack.connect();
    await rolledBack.query("BEGIN");
    await rolledBack.query(`INSERT INTO "AuditEvent" ("type", "outcome", "detail") VALUES ('account.disabled', 'success', '{}')`);
    await recordAuditEvent(getDatabase(), { type: "account.disabled", outcome: "success", detail: {} }, {});
    // This time it waits for the open transaction, which ends while it waits.
    const waiting = folder.take({ auditSettleMs: 60_000 });
    await eventually("the checkpointer to hold its lock", async () => {
      const locks = await getDatabase().$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_locks
        WHERE locktype = 'advisory' AND objid = ${0x7473_6370} AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
      return locks[0]!.n > 0;
    });
    await rolledBack.query("ROLLBACK");
    await rolledBack.end();
    expect((await taken(waiting)).audit.rows).toBe(1);
    expect(await folder.verify()).toMatchObject({ ok: true });
  });

  it("a line the log has and the database's copy lacks (the process stopped between the two) is copied in", async () => {
    await commitConsentChange();
    const next = await taken(folder.take());
    // As if the commit after the log append had failed.
    await asSuperuser(db.url, (client) => client.query(`DELETE FROM "LedgerCheckpoint" WHERE "seq" = $1`, [next.seq]));
    expect(await folder.verify()).toMatchObject({ ok: false, problem: "checkpoint_copy_differs", seq: next.seq, detail: "missing_from_database" });
    await commitConsentChange();
    expect((await taken(folder.take())).seq).toBe(next.seq + 1);
    expect(await getDatabase().ledgerCheckpoint.count({ where: { seq: BigInt(next.seq) } })).toBe(1);
    expect(await folder.verify()).toMatchObject({ ok: true });
  });
});

describe("attack: delete the newest event together with its consent-state row", () => {
  const db = useTestDatabase();
  const folder = useCheckpointFolder();

  it("passed the old check; now named: the checkpoint, the missing global position and the participant", async () => {
    await buildCheckpointedLedger(folder);
    const newcomer = await commitConsentChange();
    await taken(folder.take());
    expect(await runLedgerVerify({ databaseUrl: db.url, dataDir: folder.dir })).toMatchObject({ code: 0 });

    await asSuperuser(db.url, async (client) => {
      await client.query(`DELETE FROM "ConsentEvent" WHERE "id" = $1`, [newcomer.event.id]);
      await client.query(`DELETE FROM "ConsentState" WHERE "participantId" = $1`, [newcomer.participantId]);
      await client.query(`DELETE FROM "ConsentOutbox" WHERE "eventId" = $1`, [newcomer.event.id]);
    });

    expect(await verifyLedger()).toMatchObject({ ok: true, events: 13 });
    const verdict = await folder.verify();
    expect(verdict).toMatchObject({
      ok: false,
      problem: "ledger_behind_checkpoint",
      checkpointSeq: 4,
      checkpointGlobalSeq: "14",
      ledgerEnd: "13",
      intactThrough: "13",
      globalSeq: "14",
      participantId: newcomer.participantId,
      participantIds: [newcomer.participantId],
    });
    // The script holds the ledger against the witness too (ADR 113), which names the event and when it was seen.
    expect(await folder.verifyAll()).toMatchObject({ ok: false, problem: "ledger_lacks_witnessed_event", globalSeq: "14", participantId: newcomer.participantId, found: "missing" });
    const run = await runLedgerVerify({ databaseUrl: db.url, dataDir: folder.dir });
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(
      new RegExp(`Ledger rolled back: consent event global #14 \\(participant ${newcomer.participantId}, their event #1\\), which the witness recorded committed at \\S+, is missing from the ledger`),
    );
    // And the checkpointer will not sign the shortened ledger.
    expect(await folder.take()).toMatchObject({ outcome: "refused", reason: expect.stringContaining("ends at global #13, before checkpoint #4") });
  }, 120_000);
});

describe("attack: rewrite a past event and recompute every later hash with the app's own functions", () => {
  const db = useTestDatabase();
  const folder = useCheckpointFolder();

  it("passed the old check; now named: the first checkpoint no longer matched, the last position still vouched for and the participant", async () => {
    const { p, ledger } = await buildCheckpointedLedger(folder);
    // p[3]'s withdrawal (#9) becomes a harmless choice change; every later hash and every state row are recomputed.
    const rewritten = ledger.map((event) => (event.globalSeq === "9" ? { ...event, type: "choices_changed" as const, withdrawalLevel: null } : event));
    const sealed = await replaceHistory(db.url, rewritten);
    expect(sealed.slice(0, 8)).toEqual(ledger.slice(0, 8));
    expect(sealed[12]!.chainHash).not.toBe(ledger[12]!.chainHash);
    expect((await getDatabase().consentState.findUniqueOrThrow({ where: { participantId: p[3]! } })).status).toBe("active");

    expect(await verifyLedger()).toMatchObject({ ok: true, events: 13, head: sealed[12]!.chainHash });
    expect(await folder.verify()).toMatchObject({
      ok: false,
      problem: "ledger_differs_from_checkpoint",
      checkpointSeq: 2,
      checkpointGlobalSeq: "11",
      intactThrough: "7",
      globalSeq: "9",
      participantId: p[3],
      participantIds: [p[3]],
    });
    const run = await runLedgerVerify({ databaseUrl: db.url, dataDir: folder.dir });
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(new RegExp(`Ledger rewritten: consent event global #9 \\(participant ${p[3]}, their event #2\\), which the witness recorded committed at \\S+, is not the event the ledger now holds there`));
    expect(await folder.take()).toMatchObject({ outcome: "refused", reason: expect.stringContaining("global #13 is no longer the one checkpoint #3 signed") });
  }, 120_000);
});

describe("attack: reorder two events and recompute every hash", () => {
  const db = useTestDatabase();
  const folder = useCheckpointFolder();

  it("passed the old check; now named: the checkpoint and both participants", async () => {
    const { p, ledger } = await buildCheckpointedLedger(folder);
    // p[4]'s withdrawal (#13) placed before p[1]'s change (#12).
    const reordered = [...ledger.slice(0, 11), ledger[12]!, ledger[11]!];
    await replaceHistory(db.url, reordered);

    expect(await verifyLedger()).toMatchObject({ ok: true, events: 13 });
    expect(await folder.verify()).toMatchObject({
      ok: false,
      problem: "ledger_differs_from_checkpoint",
      checkpointSeq: 3,
      intactThrough: "11",
      globalSeq: "12",
      participantId: p[1],
      participantIds: [p[1], p[4]],
    });
  }, 120_000);
});

describe("the checkpointer running in npm start", () => {
  const db = useTestDatabase();
  const folder = useCheckpointFolder();

  it("checkpoints a consent event without anyone asking: woken by the outbox notification", async () => {
    const { log, entries } = collectingLog();
    // The interval is at its longest, so a checkpoint that follows the event within this test came from the NOTIFY.
    const checkpointer = await startLedgerCheckpointer({ keys: folder.keys, logFile: folder.logFile, intervalMs: 40_000, log });
    try {
      expect(checkpointer.status().listening).toBe(true);
      await eventually("the checkpoint taken at start", () => checkpointer.status().attempts > 0);
      const { event, participantId } = await commitConsentChange();
      const checkpoint = await eventually(
        "a checkpoint of the new event",
        async () => (await getDatabase().ledgerCheckpoint.findFirst({ where: { globalSeq: BigInt(event.globalSeq) } })) ?? undefined,
        20_000,
      );
      expect(checkpoint.chainHash).toBe(event.chainHash);
      expect((checkpoint.checkpoint as LedgerCheckpoint).participants).toEqual([{ participantId, participantSeq: 1, globalSeq: event.globalSeq, hash: event.hash }]);
      expect(await folder.verify()).toMatchObject({ ok: true });
    } finally {
      await checkpointer.stop();
    }
    expect(entries.filter((entry) => entry.level === "warn")).toEqual([]);
  });

  it("and by its interval when notifications are lost", async () => {
    const { log, entries } = collectingLog();
    const checkpointer = await startLedgerCheckpointer({ keys: folder.keys, logFile: folder.logFile, intervalMs: 1_000, databaseUrl: "postgresql://127.0.0.1:1/nowhere", log });
    try {
      expect(checkpointer.status().listening).toBe(false);
      const { event } = await commitConsentChange();
      await eventually("a checkpoint of the new event", async () => (await getDatabase().ledgerCheckpoint.count({ where: { globalSeq: BigInt(event.globalSeq) } })) > 0, 20_000);
    } finally {
      await checkpointer.stop();
    }
    expect(entries.map((entry) => entry.message)).toContain("cannot listen for outbox notifications; polling meanwhile");
  });

  it("refuses to sign a rolled-back ledger, and says so once rather than at every attempt", async () => {
    const { log, entries } = collectingLog();
    const newest = (await readLedger()).at(-1)!;
    await asSuperuser(db.url, (client) => client.query(`DELETE FROM "ConsentEvent" WHERE "id" = $1`, [newest.id]));
    const checkpointer = await startLedgerCheckpointer({ keys: folder.keys, logFile: folder.logFile, intervalMs: 1_000, log });
    try {
      await eventually("three attempts", () => checkpointer.status().attempts >= 3, 20_000);
      expect(checkpointer.status().last).toBe("refused");
    } finally {
      await checkpointer.stop();
    }
    const warnings = entries.filter((entry) => entry.level === "warn");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ message: expect.stringContaining("ledger checkpoint refused"), fields: { reason: expect.stringContaining(`the ledger ends at global #${BigInt(newest.globalSeq) - 1n}`) } });
  });
});
