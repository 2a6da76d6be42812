/**
 * Issue 54 item 1 (ADR 113): a witness outside the database records every consent event as it commits, and both
 * verifiers hold the ledger against it. The attack it closes: a participant changes `share.industry` yes → no, and a
 * database superuser deletes the event's rows and restores the old consent state a tenth of a second later — before
 * any checkpoint is taken, so ADR 012's checkpoints alone signed the rolled-back history as the truth.
 *
 * And item 8: a verifier that runs while checkpoints are being taken never reports tampering that is not there.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { readCheckpointLog } from "../../app/domain/consent/ledger/checkpoints/checkpoint-log.server";
import { parseCheckpointLine } from "../../app/domain/consent/ledger/checkpoints/ledger-checkpoint";
import { loadCheckpointKeys, type CheckpointKeys } from "../../app/domain/consent/ledger/checkpoints/load-checkpoint-keys.server";
import { takeLedgerCheckpoint } from "../../app/domain/consent/ledger/checkpoints/take-ledger-checkpoint.server";
import { verifyCheckpointedLedger } from "../../app/domain/consent/ledger/checkpoints/verify-checkpointed-ledger.server";
import { rowFromProjection } from "../../app/domain/consent/ledger/ledger-rows";
import { readWitnessLog, witnessLogPath } from "../../app/domain/consent/ledger/witness/witness-log.server";
import { publishCheckpoint } from "../../app/domain/transparency/checkpoints/publish-checkpoint.server";
import { publishedCheckpointLogPath } from "../../app/domain/transparency/checkpoints/published-checkpoint-log.server";
import { projectConsent } from "@tsunagi/consent-rules/consent-projection";
import { startLedgerCheckpointer, type LedgerCheckpointer } from "@tsunagi/ledger-checkpointer/ledger-checkpointer";
import { useTestDatabase } from "../support/database";
import { asSuperuser, readLedger, runLedgerVerify } from "../support/ledger-attacks";
import { collectingLog, commitConsentChange, eventually } from "../support/outbox-fixtures";
import { useTempDataDir } from "../support/temp-data-dir";
import { runOperatorCommand, type CommandRun, type OperatorCommand } from "../support/operator-command";


useTempDataDir();

/** A data folder of the checkpointer's: keys, the checkpoint log, the witness log and the public list beside it. */
function useCheckpointFolder() {
  let dir = "";
  let keys: CheckpointKeys;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "tsunagi-witness-"));
    keys = (await loadCheckpointKeys({ dataDir: dir, generate: true }))!;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    get dir() {
      return dir;
    },
    get logFile() {
      return path.join(dir, "ledger-checkpoints.jsonl");
    },
    get keys() {
      return keys;
    },
    get signing() {
      return { signing: keys.signing!, publicJwks: keys.publicJwks };
    },
  };
}

async function witnessed(logFile: string) {
  const events = [];
  for await (const event of readWitnessLog(witnessLogPath({ ledgerLogFile: logFile }))) events.push(event);
  return events;
}

function run(command: OperatorCommand, args: string[], env: Record<string, string>): Promise<CommandRun> {
  return runOperatorCommand(command, args, { ...process.env, ...env });
}

describe("the witness, as npm start runs it", () => {
  const db = useTestDatabase();
  const folder = useCheckpointFolder();
  let checkpointer: LedgerCheckpointer | undefined;
  afterAll(async () => {
    await checkpointer?.stop();
  });

  it("records each consent event outside the database as it commits, before any checkpoint", async () => {
    // No checkpoint for a minute: what is in the witness log was put there by the looks at each notification.
    checkpointer = await startLedgerCheckpointer({ keys: folder.keys, logFile: folder.logFile, intervalMs: 40_000, settleMs: 60_000, databaseUrl: db.url });
    await eventually("the checkpointer's first look", () => checkpointer!.status().attempts >= 1);
    const changes = [await commitConsentChange(), await commitConsentChange(), await commitConsentChange()];
    const seen = await eventually("the witness to record three events", async () => ((await witnessed(folder.logFile)).length === 3 ? witnessed(folder.logFile) : null));
    expect(seen.map(({ globalSeq, chainHash, participantId, participantSeq, hash }) => ({ globalSeq, chainHash, participantId, participantSeq, hash }))).toEqual(
      changes.map(({ event }) => ({ globalSeq: event.globalSeq, chainHash: event.chainHash, participantId: event.participantId, participantSeq: event.participantSeq, hash: event.hash })),
    );
    // What it keeps is positions and hashes: no choice, name or pseudonym of anyone.
    const text = readFileSync(witnessLogPath({ ledgerLogFile: folder.logFile }), "utf8");
    for (const { pseudonym } of changes) expect(text).not.toContain(pseudonym);
    expect(text).not.toContain("share.industry");
    expect((await readCheckpointLog(folder.logFile))?.length ?? 0).toBe(1);
    await checkpointer.stop();
    checkpointer = undefined;
  }, 60_000);
});

describe("a rollback inside the first second", () => {
  const db = useTestDatabase();
  const folder = useCheckpointFolder();
  let checkpointer: LedgerCheckpointer | undefined;
  afterAll(async () => {
    await checkpointer?.stop();
  });

  it("100 ms after a change, is named by ledger:verify and by an outsider's checkpoints:verify", async () => {
    const { log, entries } = collectingLog();
    checkpointer = await startLedgerCheckpointer({ keys: folder.keys, logFile: folder.logFile, intervalMs: 15_000, databaseUrl: db.url, log });
    const granted = await commitConsentChange();
    await eventually("a checkpoint of the grant", async () => parseCheckpointLine((await readCheckpointLog(folder.logFile))?.at(-1) ?? "")?.checkpoint.ledger.globalSeq === granted.event.globalSeq);
    // The first publication, before the change: what an outsider holds already.
    await publishCheckpoint({ reason: "schedule", keys: folder.signing, logFile: folder.logFile });

    // share.industry yes → no, then, 100 ms later, the superuser deletes the event's rows and puts the old state back.
    // (Never earlier than the witness's record of it: on a loaded machine a look can take longer than the attack's
    // 100 ms, and what is tested here is what happens after the witness saw it, not a race with the scheduler.)
    const committedAt = Date.now();
    const change = await commitConsentChange(granted.participantId);
    expect(change.event.choices).toMatchObject({ "share.industry": "no" });
    await eventually("the witness to record the change", async () => (await witnessed(folder.logFile)).some((event) => event.globalSeq === change.event.globalSeq));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, committedAt + 100 - Date.now())));
    const before = projectConsent([granted.event])!;
    await asSuperuser(db.url, async (client) => {
      await client.query(`DELETE FROM "ConsentOutbox" WHERE "eventId" = $1`, [change.event.id]);
      await client.query(`DELETE FROM "ConsentEvent" WHERE "id" = $1`, [change.event.id]);
      const row = rowFromProjection(before);
      await client.query(`UPDATE "ConsentState" SET "choices" = $2::jsonb, "version" = $3, "lastEventId" = $4, "updatedAt" = $5 WHERE "participantId" = $1`, [
        before.participantId,
        JSON.stringify(row.choices),
        row.version,
        row.lastEventId,
        row.updatedAt,
      ]);
    });
    const ledger = await readLedger();
    expect(ledger.at(-1)!.id).toBe(granted.event.id);
    expect((await getDatabase().consentState.findUniqueOrThrow({ where: { participantId: granted.participantId } })).choices).toMatchObject({ "share.industry": "yes" });

    // The checkpointer's next look, a second after the change's notification, signs what the witness saw.
    const signed = await eventually("a checkpoint of what the witness saw", async () => {
      const last = parseCheckpointLine((await readCheckpointLog(folder.logFile))?.at(-1) ?? "");
      return last?.checkpoint.ledger.globalSeq === change.event.globalSeq ? last : null;
    });
    expect(signed.checkpoint.ledger.chainHash).toBe(change.event.chainHash);
    expect(signed.checkpoint.participants).toEqual([{ participantId: granted.participantId, participantSeq: 2, globalSeq: change.event.globalSeq, hash: change.event.hash }]);
    const alarm = await eventually("the rollback logged", () => entries.find((entry) => entry.level === "error"));
    expect(alarm.message).toContain("the consent ledger no longer holds an event the witness recorded");
    expect(alarm.fields).toMatchObject({ globalSeq: change.event.globalSeq, participantId: granted.participantId, found: "missing" });
    await checkpointer.stop();
    checkpointer = undefined;

    // The operator's verifier names the event, whose it was and when the witness saw it committed.
    const verify = await runLedgerVerify({ databaseUrl: db.url, dataDir: folder.dir });
    expect(verify.code, verify.output).toBe(1);
    expect(verify.output).toMatch(
      new RegExp(`Ledger rolled back: consent event global #${change.event.globalSeq} \\(participant ${granted.participantId}, their event #2\\), which the witness recorded committed at \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z, is missing from the ledger`),
    );

    // The outsider's: the next publication carries the witnessed head, which the database no longer reaches.
    await publishCheckpoint({ reason: "schedule", keys: folder.signing, logFile: folder.logFile });
    const jwks = path.join(folder.dir, "public-jwks.json");
    writeFileSync(jwks, JSON.stringify(folder.keys.publicJwks));
    const list = publishedCheckpointLogPath({ ledgerLogFile: folder.logFile });
    const outsider = await run("verify-checkpoints", ["--checkpoints", list, "--jwks", jwks, "--database-url", db.url], { DATABASE_URL: db.url });
    expect(outsider.code, outsider.output).toBe(1);
    expect(outsider.output).toMatch(new RegExp(`Checkpoint #2 broken: checkpoint #2 \\(published \\S+\\) signed the consent ledger up to global #${change.event.globalSeq}, but it ends at global #${granted.event.globalSeq}`));
  }, 120_000);
});

describe("a verifier running while checkpoints are taken", () => {
  useTestDatabase();
  const folder = useCheckpointFolder();

  it("never reports tampering on an untouched ledger, through 50 checkpoints", async () => {
    const participants: string[] = [];
    for (let index = 0; index < 5; index++) participants.push((await commitConsentChange()).participantId);
    let taking = true;
    const verdicts: Awaited<ReturnType<typeof verifyCheckpointedLedger>>[] = [];
    const verifier = (async () => {
      while (taking) verdicts.push(await verifyCheckpointedLedger({ logFile: folder.logFile, publicJwks: folder.keys.publicJwks }));
    })();
    try {
      for (let index = 0; index < 50; index++) {
        await commitConsentChange(participants[index % participants.length]);
        const outcome = await takeLedgerCheckpoint({ keys: folder.signing, logFile: folder.logFile, auditSettleMs: 0 });
        expect(outcome.outcome).toBe("taken");
      }
    } finally {
      taking = false;
      await verifier;
    }
    expect((await readCheckpointLog(folder.logFile))!.length).toBe(50);
    expect(verdicts.length).toBeGreaterThan(1);
    expect(verdicts.filter((verdict) => !verdict.ok)).toEqual([]);
  }, 120_000);
});
