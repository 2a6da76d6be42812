/**
 * Issue 10, defect 3 (ADR 012): a database superuser could alter the consent ledger and pass `npm run
 * ledger:verify`, since the chains inside the database were checked only against themselves. Each attack below is
 * first shown to pass that old check (verifyLedger without checkpoints, what `ledger:verify` ran before), then to be
 * caught by the signed checkpoints kept outside the database, naming the first bad point.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APPLICATION_ROLE, getDatabase } from "../../app/db.server";
import { recordAuditEvent } from "../../app/domain/kernel/record-audit-event.server";
import { readCheckpointLog } from "../../app/domain/consent/ledger/checkpoints/checkpoint-log.server";
import { checkpointHashOf, checkpointLine, parseCheckpointLine, type LedgerCheckpoint } from "../../app/domain/consent/ledger/checkpoints/ledger-checkpoint";
import { GENERATED_CHECKPOINT_KEYS_FILE, loadCheckpointKeys, type CheckpointKeys } from "../../app/domain/consent/ledger/checkpoints/load-checkpoint-keys.server";
import { signCheckpoint } from "../../app/domain/consent/ledger/checkpoints/sign-checkpoint";
import { takeLedgerCheckpoint, type CheckpointOutcome } from "../../app/domain/consent/ledger/checkpoints/take-ledger-checkpoint.server";
import { verifyCheckpointedLedger } from "../../app/domain/consent/ledger/checkpoints/verify-checkpointed-ledger.server";
import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import { verifyLedger } from "../../app/domain/consent/ledger/verify-ledger.server";
import { withdrawConsent } from "../../app/domain/consent/records/withdraw-consent.server";
import { startLedgerCheckpointer } from "@tsunagi/ledger-checkpointer/ledger-checkpointer";
import { createUser, requestFrom } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { asSuperuser, readLedger, replaceHistory, runLedgerVerify } from "../support/ledger-attacks";
import { collectingLog, commitConsentChange, eventually } from "../support/outbox-fixtures";
import { useTempDataDir } from "../support/temp-data-dir";

// Mail and PDF copies of the withdrawals land in a private folder.
useTempDataDir();

/** A data folder of its own for each database: the checkpoint keys and the log outside the database. */
function useCheckpointFolder() {
  let dir = "";
  let keys: CheckpointKeys;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "tsunagi-checkpoints-"));
    keys = (await loadCheckpointKeys({ dataDir: dir, generate: true }))!;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const logFile = () => path.join(dir, "ledger-checkpoints.jsonl");
  return {
    get dir() {
      return dir;
    },
    get logFile() {
      return logFile();
    },
    get keys() {
      return keys;
    },
    /** What the checkpointer in `npm start` does each time it looks. */
    take: (options: { auditSettleMs?: number } = {}): Promise<CheckpointOutcome> =>
      takeLedgerCheckpoint({ keys: { signing: keys.signing!, publicJwks: keys.publicJwks }, logFile: logFile(), ...options }),
    /**
     * What the checkpoint log alone proves, in process: `npm run ledger:verify` without the witness log (ADR 113), which
     * names most of these attacks first, at the event (the scripts' runs below show that).
     */
    verify: () => verifyCheckpointedLedger({ logFile: logFile(), publicJwks: keys.publicJwks, witnessFile: null }),
    /** Everything `npm run ledger:verify` checks, in process: the checkpoints and the witness. */
    verifyAll: () => verifyCheckpointedLedger({ logFile: logFile(), publicJwks: keys.publicJwks }),
    lines: async () => (await readCheckpointLog(logFile())) ?? [],
  };
}

async function taken(outcome: Promise<CheckpointOutcome>): Promise<LedgerCheckpoint> {
  const result = await outcome;
  if (result.outcome !== "taken") throw new Error(`expected a checkpoint, got ${JSON.stringify(result)}`);
  return result.checkpoint.checkpoint;
}

/** A withdrawal as the clinic records it from a phone call: the real verb, with its audit row. */
async function withdraw(participantId: string, level: "no_contact" | "no_further_use" | "destroy" = "no_further_use"): Promise<LedgerEventRecord> {
  const coordinator = await createUser({ role: "coordinator" });
  return withdrawConsent({
    participantId,
    level,
    actor: { userId: coordinator.id, role: "coordinator" },
    method: "phone",
    language: "ja",
    note: "電話で撤回の申し出",
    request: requestFrom(),
  });
}

/**
 * Thirteen events over five participants in three checkpointed windows:
 *   #1–#5 grants, #6–#7 changes (checkpoint 1 at #7); #8 change, #9 withdrawal of p[3], #10–#11 changes
 *   (checkpoint 2 at #11); #12 change of p[1], #13 withdrawal of p[4] (checkpoint 3 at #13).
 */
async function buildCheckpointedLedger(folder: ReturnType<typeof useCheckpointFolder>) {
  const p: string[] = [];
  for (let index = 0; index < 5; index++) p.push((await commitConsentChange()).participantId);
  await commitConsentChange(p[0]);
  await commitConsentChange(p[1]);
  const first = await taken(folder.take());
  await commitConsentChange(p[2]);
  await withdraw(p[3]!);
  await commitConsentChange(p[4]);
  await commitConsentChange(p[0]);
  const second = await taken(folder.take());
  await commitConsentChange(p[1]);
  await withdraw(p[4]!);
  const third = await taken(folder.take());
  expect([first, second, third].map((checkpoint) => checkpoint.ledger.globalSeq)).toEqual(["7", "11", "13"]);
  const ledger = await readLedger();
  expect(ledger.map((event) => event.participantId)).toEqual([p[0], p[1], p[2], p[3], p[4], p[0], p[1], p[2], p[3], p[4], p[0], p[1], p[4]]);
  return { p, ledger, checkpoints: [first, second, third] };
}

// ---------------------------------------------------------------------------------------------------------------

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

describe("attack: roll the consent and audit tables back to an earlier, consistent snapshot, erasing a withdrawal", () => {
  const db = useTestDatabase();
  const folder = useCheckpointFolder();
  const tables = ["ConsentEvent", "ConsentState", "ConsentOutbox", "AuditEvent", "LedgerCheckpoint"];

  it("passed the old check; now named: the checkpoint, the erased withdrawal's position and its participant", async () => {
    const { p } = await buildCheckpointedLedger(folder);
    // The superuser's snapshot (a backup, or a copy kept for the purpose), taken before the withdrawal.
    await asSuperuser(db.url, async (client) => {
      for (const table of tables) await client.query(`CREATE TABLE "snapshot_${table}" AS SELECT * FROM "${table}"`);
    });
    const withdrawal = await withdraw(p[0]!, "destroy");
    const other = await commitConsentChange(p[2]);
    const checkpoint = await taken(folder.take());
    expect(checkpoint.participants.map((entry) => [entry.participantId, entry.globalSeq])).toEqual([
      [p[0], withdrawal.globalSeq],
      [p[2], other.event.globalSeq],
    ]);
    expect(await folder.verify()).toMatchObject({ ok: true });

    // Every table back as it was, the checkpoints' copy included, and the audit id sequence with them.
    await asSuperuser(db.url, async (client) => {
      for (const table of tables) {
        await client.query(`DELETE FROM "${table}"`);
        await client.query(`INSERT INTO "${table}" SELECT * FROM "snapshot_${table}"`);
        await client.query(`DROP TABLE "snapshot_${table}"`);
      }
      await client.query(`SELECT setval(pg_get_serial_sequence('"AuditEvent"', 'id'), (SELECT max("id") FROM "AuditEvent"))`);
    });
    const state = await getDatabase().consentState.findUniqueOrThrow({ where: { participantId: p[0]! } });
    expect(state.withdrawalLevel).toBeNull();
    expect(await getDatabase().auditEvent.count({ where: { detail: { path: ["eventId"], equals: withdrawal.id } } })).toBe(0);

    expect(await verifyLedger()).toMatchObject({ ok: true, events: 13 });
    const verdict = await folder.verify();
    expect(verdict).toMatchObject({
      ok: false,
      problem: "ledger_behind_checkpoint",
      checkpointSeq: 4,
      ledgerEnd: "13",
      intactThrough: "13",
      globalSeq: withdrawal.globalSeq,
      participantId: p[0],
      participantIds: [p[0], p[2]],
    });
    const run = await runLedgerVerify({ databaseUrl: db.url, dataDir: folder.dir });
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain(`Ledger rolled back: consent event global #14 (participant ${p[0]}, their event #4), which the witness recorded committed at `);

    // Within a minute the checkpointer notices and refuses to sign the rolled-back ledger.
    expect(await folder.take()).toMatchObject({ outcome: "refused", reason: expect.stringContaining("before checkpoint #4") });

    // The app carries on: new events take the erased positions. The history still does not extend the checkpoint.
    await commitConsentChange(p[1]);
    await commitConsentChange(p[2]);
    expect(await verifyLedger()).toMatchObject({ ok: true, events: 15 });
    expect(await folder.verify()).toMatchObject({ ok: false, problem: "ledger_differs_from_checkpoint", checkpointSeq: 4, globalSeq: "14", participantId: p[0] });
  }, 120_000);
});

describe("attack: remove or edit audit rows a checkpoint covered", () => {
  const db = useTestDatabase();
  const folder = useCheckpointFolder();

  it("names the checkpoint whose audit rows differ", async () => {
    await buildCheckpointedLedger(folder);
    expect(await folder.verify()).toMatchObject({ ok: true });
    const withdrawals = await getDatabase().auditEvent.findMany({ where: { type: "consent.recorded" }, orderBy: { id: "asc" } });
    const last = withdrawals.at(-1)!;
    const [, second] = (await folder.lines()).map((line) => parseCheckpointLine(line)!.checkpoint);

    await asSuperuser(db.url, (client) => client.query(`UPDATE "AuditEvent" SET "ipAddress" = '203.0.113.9' WHERE "id" = $1`, [last.id]));
    expect(await verifyLedger()).toMatchObject({ ok: true });
    expect(await folder.verify()).toMatchObject({ ok: false, problem: "audit_differs_from_checkpoint", checkpointSeq: 3, afterId: second!.audit.throughId, rowsNow: 1, rowsSigned: 1 });

    await asSuperuser(db.url, (client) => client.query(`DELETE FROM "AuditEvent" WHERE "id" = $1`, [last.id]));
    expect(await folder.verify()).toMatchObject({ ok: false, problem: "audit_differs_from_checkpoint", checkpointSeq: 3, rowsNow: 0, rowsSigned: 1 });
    const run = await runLedgerVerify({ databaseUrl: db.url, dataDir: folder.dir });
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(/Audit log altered: the audit rows after #\d+ up to #\d+ are not those checkpoint #3 \(taken [^)]+\) signed: 0 rows now, 1 signed/);
  }, 120_000);
});

describe("attack: the checkpoints themselves", () => {
  const db = useTestDatabase();
  const folder = useCheckpointFolder();

  it("a forged, an edited, a removed or a torn line, and a database copy that differs, are each named", async () => {
    await buildCheckpointedLedger(folder);
    const original = readFileSync(folder.logFile, "utf8");
    const lines = original.trimEnd().split("\n");
    const restore = () => writeFileSync(folder.logFile, original);
    const verdictAfter = async (text: string) => {
      writeFileSync(folder.logFile, text);
      const verdict = await folder.verify();
      restore();
      return verdict;
    };

    // A superuser who also reaches the file appends a checkpoint blessing the rolled-back ledger, signed with a
    // key of their own (claiming ours).
    const last = parseCheckpointLine(lines[2]!)!.checkpoint;
    const forgedBody: LedgerCheckpoint = { ...last, seq: 4, previous: checkpointHashOf(last), participants: [], audit: { ...last.audit, rows: 0, digest: last.audit.digest } };
    const elsewhere = mkdtempSync(path.join(tmpdir(), "tsunagi-forger-"));
    try {
      const theirs = (await loadCheckpointKeys({ dataDir: elsewhere, generate: true }))!;
      const forged = await signCheckpoint(forgedBody, { kid: folder.keys.signing!.kid, privateKey: theirs.signing!.privateKey });
      expect(await verdictAfter(`${original}${checkpointLine(forged)}\n`)).toMatchObject({ ok: false, problem: "checkpoint_log_invalid", line: 4, seq: 4, reason: "bad_signature" });
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }

    const edited = lines[1]!.replace(/"globalSeq":"11"/, '"globalSeq":"10"');
    expect(edited).not.toBe(lines[1]);
    expect(await verdictAfter(`${[lines[0], edited, lines[2]].join("\n")}\n`)).toMatchObject({ ok: false, problem: "checkpoint_log_invalid", line: 2, reason: "bad_signature" });
    expect(await verdictAfter(`${[lines[0], lines[2]].join("\n")}\n`)).toMatchObject({ ok: false, problem: "checkpoint_log_invalid", line: 2, seq: 3, reason: "sequence_gap" });
    expect(await verdictAfter(`${lines[0]}\n${lines[1]}\n${lines[2]!.slice(0, 120)}`)).toMatchObject({ ok: false, problem: "checkpoint_log_invalid", line: 3, reason: "malformed_line" });
    // Truncated to its first two lines: the database's copy still holds the third.
    expect(await verdictAfter(`${[lines[0], lines[1]].join("\n")}\n`)).toMatchObject({ ok: false, problem: "checkpoint_copy_differs", seq: 3, detail: "missing_from_log" });
    rmSync(folder.logFile);
    expect(await folder.verify()).toMatchObject({ ok: false, problem: "checkpoint_log_missing", stored: 3 });
    restore();

    const run = await runLedgerVerify({ databaseUrl: db.url, dataDir: folder.dir });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/Ledger intact: 13 events verified; global chain head [0-9a-f]{64}; holds every event the witness recorded, through global #13; extends all 3 signed checkpoints, the latest #3 taken \S+ at global #13; \d+ audit rows as checkpointed/);

    // The database's copy edited: the log is the authority and the copy must match it.
    await asSuperuser(db.url, (client) => client.query(`UPDATE "LedgerCheckpoint" SET "chainHash" = $1 WHERE "seq" = 2`, ["0".repeat(64)]));
    expect(await folder.verify()).toMatchObject({ ok: false, problem: "checkpoint_copy_differs", seq: 2, detail: "differs" });

    // An auditor with a copy of the log and the public keys alone reaches the same verdict.
    appendFileSync(path.join(folder.dir, "public.json"), JSON.stringify(folder.keys.publicJwks));
    const audited = await runLedgerVerify({ databaseUrl: db.url, dataDir: path.join(folder.dir, "nowhere"), args: ["--log", folder.logFile, "--public-keys", path.join(folder.dir, "public.json")] });
    expect(audited.code, audited.output).toBe(1);
    expect(audited.output).toContain("The database's copy of checkpoint #2 does not match");
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
