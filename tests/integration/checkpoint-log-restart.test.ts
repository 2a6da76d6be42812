// After a restore, a new checkpoint log (ADR 056; `npm run ledger:restart-log`): the log outside the database went
// beyond the restored history, so the checkpointer refused to extend it and ledger:verify reported the rollback. The
// restart keeps the old log as evidence, names the participants whose changes were lost, records itself in the audit
// log, and the checkpointer goes on. Real PostgreSQL, the real backup and restore, the real checkpointer and verifier.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APPLICATION_ROLE, closeDatabase, openDatabase, type Database } from "../../app/db.server";
import { readCheckpointLog } from "../../app/domain/consent/ledger/checkpoints/checkpoint-log.server";
import { checkpointHashOf, parseCheckpointLine } from "../../app/domain/consent/ledger/checkpoints/ledger-checkpoint";
import { loadCheckpointKeys, type CheckpointKeys } from "../../app/domain/consent/ledger/checkpoints/load-checkpoint-keys.server";
import { publishCheckpoint } from "../../app/domain/transparency/checkpoints/publish-checkpoint.server";
import { publishedCheckpointHashOf } from "../../app/domain/transparency/checkpoints/published-checkpoint";
import { restartCheckpointLog, type RestartCheckpointLogOptions } from "../../app/domain/transparency/checkpoints/restart-checkpoint-log.server";
import { takeLedgerCheckpoint } from "../../app/domain/consent/ledger/checkpoints/take-ledger-checkpoint.server";
import { verifyCheckpointedLedger } from "../../app/domain/consent/ledger/checkpoints/verify-checkpointed-ledger.server";
import { createBackup } from "../../scripts/lib/backup/create-backup";
import { restoreBackup } from "../../scripts/lib/backup/restore-backup";
import { dropDatabase, withDatabase } from "../../scripts/lib/postgres";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant } from "./dashboard-fixtures";
import { runOperatorCommand, type CommandRun } from "../support/operator-command";

const database = useTestDatabase();
const data = useTempDataDir();

let workDir: string;
let restoredName: string | undefined;
let restored: Database | undefined;
beforeAll(async () => {
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), "tsunagi-log-restart-"));
});
afterAll(async () => {
  if (restored) await closeDatabase(restored);
  if (restoredName) await dropDatabase(database.adminUrl, restoredName).catch(() => undefined);
  await fs.rm(workDir, { recursive: true, force: true });
});

/** `npm run ledger:restart-log -- …` as an operator runs it. */
function runScript(args: string[], env: Record<string, string>): Promise<CommandRun> {
  return runOperatorCommand("restart-checkpoint-log", args, { ...process.env, ...env }, { timeout: 60_000 });
}

describe("[operator] restores a backup, then starts a new checkpoint log", () => {
  it("refuses until it is exactly a restore; then keeps the old log, names who lost changes, and the checkpointer and ledger:verify go on", async () => {
    const logFile = path.join(workDir, "ledger-checkpoints.jsonl");
    const keys = (await loadCheckpointKeys({ dataDir: data.path, generate: true })) as CheckpointKeys & { signing: NonNullable<CheckpointKeys["signing"]> };
    const take = (db?: Database, file = logFile) => takeLedgerCheckpoint({ keys: { signing: keys.signing, publicJwks: keys.publicJwks }, logFile: file, database: db, auditSettleMs: 100 });

    // Each ledger checkpoint published after it: the public list beside the log, and its openings (ADR 114).
    const publish = (db?: Database) => publishCheckpoint({ reason: "schedule", keys: { signing: keys.signing, publicJwks: keys.publicJwks }, logFile, ledgerCheckpointTaken: true }, db);
    const publicList = path.join(workDir, "published-checkpoints.jsonl");
    const openingsFile = path.join(workDir, "published-checkpoint-openings.jsonl");
    const kept = await consentedParticipant();
    expect((await take()).outcome).toBe("taken");
    expect((await publish())?.seq).toBe(1);
    const backup = await createBackup({ databaseUrl: database.url, dir: path.join(workDir, "backups"), method: "snapshot" });
    // A participant who consents after the backup: lost with the database, vouched for by checkpoint #2.
    const lost = await consentedParticipant();
    expect((await take()).outcome).toBe("taken");
    expect((await publish())?.seq).toBe(2);
    const oldLog = await fs.readFile(logFile, "utf8");
    const oldList = await fs.readFile(publicList, "utf8");
    const oldOpenings = await fs.readFile(openingsFile, "utf8");
    expect(oldOpenings.trimEnd().split("\n")).toHaveLength(2);

    restoredName = `${database.name}_restart`;
    const restore = await restoreBackup({ file: backup.files.data, targetUrl: withDatabase(database.adminUrl, restoredName), checkpoints: { logFile, publicJwks: keys.publicJwks } });
    expect(restore.ok).toBe(true);
    expect(restore.after?.participantIds).toEqual([lost.id]);
    restored = openDatabase(restore.targetUrl, APPLICATION_ROLE);

    // As ADR 012 means a restore to be seen: the checkpointer refuses, ledger:verify fails.
    expect(await take(restored)).toMatchObject({ outcome: "refused", reason: expect.stringContaining("before checkpoint #2") });
    // A refusal writes nothing: the log's checkpoint #2 is not copied into a database whose ledger ends before it.
    expect(await restored.ledgerCheckpoint.count()).toBe(1);
    expect(await verifyCheckpointedLedger({ logFile, publicJwks: keys.publicJwks, database: restored })).toMatchObject({ ok: false });

    const restart = (overrides: Partial<RestartCheckpointLogOptions> = {}) =>
      restartCheckpointLog({ logFile, newLogFile: logFile, publicJwks: keys.publicJwks, reason: "Incident 2026-11-24: disk lost, restored from the 03:00 backup", database: restored, ...overrides });
    // Refused, nothing written: no reason, a hostile one, a new log that exists, the live database (no rollback there).
    await expect(restart({ reason: "  " })).rejects.toThrow(/Give the reason/);
    await expect(restart({ reason: "restored\u202e" })).rejects.toThrow(/Give the reason/);
    await expect(restart({ reason: "x".repeat(501) })).rejects.toThrow(/Give the reason/);
    await fs.writeFile(path.join(workDir, "taken.jsonl"), "");
    await expect(restart({ newLogFile: path.join(workDir, "taken.jsonl") })).rejects.toThrow(/exists already/);
    const live = openDatabase(database.url, APPLICATION_ROLE);
    try {
      await expect(restart({ database: live })).rejects.toThrow(/does not go beyond the database \(2 checkpoints each\)/);
    } finally {
      await closeDatabase(live);
    }
    expect(await fs.readFile(logFile, "utf8")).toBe(oldLog);
    expect(await fs.readdir(workDir)).toEqual(expect.not.arrayContaining([expect.stringMatching(/rolled-back|restart-/)]));

    // The restart, in place (the default log): the old log set aside unchanged, the new one the database's checkpoints.
    // Two operators at once: one restarts, the other is refused; the old log is set aside once.
    const both = await Promise.allSettled([restart(), restart()]);
    expect(both.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    expect(String((both.find((outcome) => outcome.status === "rejected") as PromiseRejectedResult).reason)).toMatch(/CheckpointLogRestartRefused: (A ledger checkpointer is taking|.* does not go beyond the database)/);
    const done = (both.find((outcome) => outcome.status === "fulfilled") as PromiseFulfilledResult<Awaited<ReturnType<typeof restartCheckpointLog>>>).value;
    expect((await fs.readdir(workDir)).filter((name) => name.includes("rolled-back")).map((name) => name.replace(/rolled-back-.*/, "rolled-back-…")).sort()).toEqual([
      "ledger-checkpoints.jsonl.rolled-back-…",
      "ledger-witness.jsonl.rolled-back-…",
      "published-checkpoint-openings.jsonl.rolled-back-…",
      "published-checkpoints.jsonl.rolled-back-…",
    ]);
    // The public list restarts with it: the one checkpoint the restored database published; the old list set aside.
    const setAside = (await fs.readdir(workDir)).find((name) => name.startsWith("published-checkpoints.jsonl.rolled-back-"))!;
    expect(await fs.readFile(path.join(workDir, setAside), "utf8")).toBe(oldList);
    expect(await fs.readFile(publicList, "utf8")).toBe(`${oldList.split("\n")[0]}\n`);
    // Its openings with it, in step: the kept checkpoint's, private; the old file set aside unchanged.
    const setAsideOpenings = (await fs.readdir(workDir)).find((name) => name.startsWith("published-checkpoint-openings.jsonl.rolled-back-"))!;
    expect(await fs.readFile(path.join(workDir, setAsideOpenings), "utf8")).toBe(oldOpenings);
    expect(await fs.readFile(openingsFile, "utf8")).toBe(`${oldOpenings.split("\n")[0]}\n`);
    expect((await fs.stat(openingsFile)).mode & 0o777).toBe(0o600);
    expect(done).toMatchObject({ newLogFile: logFile, kept: 1, rolledBack: { fromSeq: 2, throughSeq: 2, participantIds: [lost.id] } });
    expect(done.oldLogFile).toMatch(/ledger-checkpoints\.jsonl\.rolled-back-/);
    expect(await fs.readFile(done.oldLogFile, "utf8")).toBe(oldLog);
    expect(await readCheckpointLog(logFile)).toEqual([oldLog.split("\n")[0]]);
    const audit = await restored.auditEvent.findFirstOrThrow({ where: { type: "ledger.checkpoint_log_restarted" } });
    expect(audit.detail).toMatchObject({ keptThroughSeq: 1, rolledBackFromSeq: 2, rolledBackThroughSeq: 2, participantsAffected: 1, oldLog: done.oldLogFile, newLog: logFile, reason: "Incident 2026-11-24: disk lost, restored from the 03:00 backup" });

    // The same rollback again, from the set-aside log into yet another file: recorded already, refused.
    await expect(restart({ logFile: done.oldLogFile, newLogFile: path.join(workDir, "again.jsonl") })).rejects.toThrow(`This restore was recorded already: the new log is ${logFile}`);

    // ledger:verify passes; the checkpointer extends the new log from checkpoint #1, covering the restart's audit row.
    expect(await verifyCheckpointedLedger({ logFile, publicJwks: keys.publicJwks, database: restored })).toMatchObject({ ok: true, checkpoints: 1 });
    const next = await take(restored);
    expect(next.outcome).toBe("taken");
    const first = parseCheckpointLine(oldLog.split("\n")[0]!)!;
    if (next.outcome === "taken") expect(next.checkpoint.checkpoint).toMatchObject({ seq: 2, previous: checkpointHashOf(first.checkpoint), audit: { throughId: audit.id.toString() } });
    expect(await verifyCheckpointedLedger({ logFile, publicJwks: keys.publicJwks, database: restored })).toMatchObject({ ok: true, checkpoints: 2 });
    // Publishing goes on from the restored database's last publication: a new #2, where the old list's #2 was rolled back.
    const republished = await publish(restored);
    expect(republished?.checkpoint).toMatchObject({ seq: 2, previous: publishedCheckpointHashOf(JSON.parse(oldList.split("\n")[0]!).checkpoint) });
    expect((await fs.readFile(publicList, "utf8")).split("\n").filter(Boolean)).toHaveLength(2);
    expect((await fs.readFile(openingsFile, "utf8")).split("\n").filter(Boolean)).toHaveLength(2);
    expect(kept.id).not.toBe(lost.id);

    // Once done, there is nothing left to restart: the new log and the database agree.
    await expect(restart()).rejects.toThrow(/does not go beyond the database/);
  }, 120_000);

  it("as a command: asks for a reason and a confirmation, and for a new path when the log is one the operator chose", async () => {
    const env = { LEDGER_CHECKPOINT_LOG: path.join(workDir, "worm", "ledger.jsonl"), TSUNAGI_DATA_DIR: data.path, DATABASE_URL: database.url };
    expect(await runScript(["--confirm"], env)).toMatchObject({ code: 1, output: expect.stringContaining("--reason is required") });
    expect(await runScript(["--reason", "incident 7", "--confirm"], env)).toMatchObject({ code: 1, output: expect.stringContaining("name the new log with --new-log PATH") });
    expect(await runScript(["--reason", "incident 7", "--new-log", path.join(workDir, "worm", "ledger-2.jsonl")], env)).toMatchObject({ code: 1, output: expect.stringContaining("then add --confirm") });
    expect(await runScript(["--reason", "incident 7", "--bogus"], env)).toMatchObject({ code: 1, output: expect.stringContaining("Usage: npm run ledger:restart-log") });
    // Past the arguments it reaches the database and the log, and still writes nothing it should not.
    const newLog = path.join(workDir, "worm", "ledger-2.jsonl");
    expect(await runScript(["--reason", " ", "--new-log", newLog, "--confirm"], env)).toMatchObject({ code: 1, output: expect.stringContaining("Refused: Give the reason") });
    expect(await runScript(["--reason", "incident 7", "--new-log", newLog, "--confirm"], env)).toMatchObject({ code: 1, output: expect.stringContaining(`Refused: There is no checkpoint log at ${env.LEDGER_CHECKPOINT_LOG}`) });
    await expect(fs.stat(newLog)).rejects.toThrow(/ENOENT/);
  }, 60_000);
});
