/**
 * Issue 10, defect 3 (ADR 012): a database superuser could alter the consent ledger and pass `npm run
 * ledger:verify`, since the chains inside the database were checked only against themselves. Each attack below is
 * first shown to pass that old check (verifyLedger without checkpoints, what `ledger:verify` ran before), then to be
 * caught by the signed checkpoints kept outside the database, naming the first bad point.
 *
 * The attacks that roll tables back, edit audit rows and the checkpoints themselves; ledger-checkpoints.test.ts holds
 * the rest (issue 62: one file took over two minutes on a slow hour).
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { checkpointHashOf, checkpointLine, parseCheckpointLine, type LedgerCheckpoint } from "../../app/domain/consent/ledger/checkpoints/ledger-checkpoint";
import { loadCheckpointKeys } from "../../app/domain/consent/ledger/checkpoints/load-checkpoint-keys.server";
import { signCheckpoint } from "../../app/domain/consent/ledger/checkpoints/sign-checkpoint";
import { verifyLedger } from "../../app/domain/consent/ledger/verify-ledger.server";
import { useTestDatabase } from "../support/database";
import { asSuperuser, runLedgerVerify } from "../support/ledger-attacks";
import { commitConsentChange } from "../support/outbox-fixtures";
import { useTempDataDir } from "../support/temp-data-dir";
import { buildCheckpointedLedger, taken, useCheckpointFolder, withdraw } from "../support/ledger-checkpoint-folder";

// Mail and PDF copies of the withdrawals land in a private folder.
useTempDataDir();

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
