/**
 * Issue 16 item 4 (ADR 046): the heads of the consent chain and the audit log, signed and published. A witness that
 * copied `/transparency/checkpoints.json` catches a database superuser (triggers off, as in ADR 012's attacks) who later
 * edits, deletes or reorders a consent event or an audit row: the verifier, given that copy, the public keys and an
 * export of the database, names the first checkpoint the altered history breaks. An untouched database verifies.
 *
 * Issue 54 item 3 (ADR 114): the list commits to the heads instead of stating them, and is published on a fixed
 * schedule whatever happened, so it tells nobody how many consent events there are or when one was added. What the
 * heads were is read here as an auditor reads it: each statement opened with the opening the operator's export holds.
 *
 * Here: `history:export` and `checkpoints:verify` run as an operator runs them (published-checkpoints.test.ts holds the
 * rest).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckpointOpening } from "../../app/domain/transparency/checkpoints/published-checkpoint";
import { useTestDatabase } from "../support/database";
import { asSuperuser } from "../support/ledger-attacks";
import { useTempDataDir } from "../support/temp-data-dir";
import { runOperatorCommand, type CommandRun, type OperatorCommand } from "../support/operator-command";
import { buildPublishedHistory, fetchAsWitness } from "../support/published-checkpoint-history";

describe("the scripts, end to end", () => {
  const db = useTestDatabase();
  const data = useTempDataDir();
  let folder = "";
  beforeAll(() => {
    folder = mkdtempSync(path.join(tmpdir(), "tsunagi-witness-"));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  function run(command: OperatorCommand, args: string[]): Promise<CommandRun> {
    return runOperatorCommand(command, args, { ...process.env, DATABASE_URL: db.url, TSUNAGI_DATA_DIR: data.path });
  }

  it("export, then verify: 0 untouched, 1 naming the checkpoint after an edit, 2 when it cannot run", async () => {
    const { ledger } = await buildPublishedHistory();
    const witness = await fetchAsWitness();
    const list = path.join(folder, "checkpoints.json");
    const jwks = path.join(folder, "jwks.json");
    writeFileSync(list, witness.listText);
    writeFileSync(jwks, witness.jwksText);

    const untouched = path.join(folder, "untouched.jsonl");
    const exported = await run("export-history", ["--out", untouched]);
    expect(exported.code, exported.output).toBe(0);
    expect(exported.output).toContain(`Exported 10 consent events and`);
    const verified = await run("verify-checkpoints", ["--checkpoints", list, "--jwks", jwks, "--export", untouched]);
    expect(verified.code, verified.output).toBe(0);
    expect(verified.output).toMatch(/History extends all 2 published checkpoints, the latest #2 published \S+ \(consent ledger through global #9, audit log through #\d+\); 10 consent events and \d+ audit rows read/);

    // The export cut short is not a history: it cannot be verified.
    const lines = readFileSync(untouched, "utf8").trimEnd().split("\n");
    const cut = path.join(folder, "cut.jsonl");
    writeFileSync(cut, `${lines.slice(0, -3).join("\n")}\n`);
    const cutShort = await run("verify-checkpoints", ["--checkpoints", list, "--jwks", jwks, "--export", cut]);
    expect(cutShort.code, cutShort.output).toBe(2);
    expect(cutShort.output).toContain("cut short");
    expect((await run("verify-checkpoints", ["--checkpoints", list, "--jwks", jwks])).code).toBe(2);

    // The openings come first, one per checkpoint (ADR 114). One altered, or one left out, is named with its checkpoint.
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: "tsunagi-history", version: 2 });
    expect(lines.slice(1, 3).map((line) => (JSON.parse(line) as { checkpointOpening: CheckpointOpening }).checkpointOpening.seq)).toEqual([1, 2]);
    const openingOf = (seq: number) => (JSON.parse(lines[seq]!) as { checkpointOpening: CheckpointOpening }).checkpointOpening;
    const altered = path.join(folder, "altered.jsonl");
    const raised = { ...openingOf(1), ledger: { ...openingOf(1).ledger, globalSeq: "5" } };
    writeFileSync(altered, `${[lines[0], JSON.stringify({ checkpointOpening: raised }), ...lines.slice(2)].join("\n")}\n`);
    const notCommitted = await run("verify-checkpoints", ["--checkpoints", list, "--jwks", jwks, "--export", altered]);
    expect(notCommitted.code, notCommitted.output).toBe(1);
    expect(notCommitted.output).toMatch(/Checkpoint #1 \(published \S+\) cannot be opened: its opening is not the one it committed to/);
    const withoutSecond = path.join(folder, "without-second.jsonl");
    writeFileSync(withoutSecond, `${[...lines.slice(0, 2), ...lines.slice(3)].join("\n")}\n`);
    const missing = await run("verify-checkpoints", ["--checkpoints", list, "--jwks", jwks, "--export", withoutSecond]);
    expect(missing.code, missing.output).toBe(1);
    expect(missing.output).toMatch(/Checkpoint #2 \(published \S+\) cannot be opened: the history holds no opening for it/);
    // The same through the database: a superuser who changes a row's opening cannot make it open its checkpoint.
    await asSuperuser(db.url, (client) => client.query(`UPDATE "PublishedCheckpoint" SET "opening" = $1::jsonb WHERE "seq" = 2`, [JSON.stringify({ ...openingOf(2), audit: { ...openingOf(2).audit, rows: 1 } })]));
    const directOpening = await run("verify-checkpoints", ["--checkpoints", list, "--jwks", jwks, "--database-url", db.url]);
    expect(directOpening.code, directOpening.output).toBe(1);
    expect(directOpening.output).toMatch(/Checkpoint #2 \(published \S+\) cannot be opened: its opening is not the one it committed to/);
    await asSuperuser(db.url, (client) => client.query(`UPDATE "PublishedCheckpoint" SET "opening" = $1::jsonb WHERE "seq" = 2`, [JSON.stringify(openingOf(2))]));

    // A superuser edits checkpoint 1's first event; an export taken afterwards fails, and so does reading the database.
    await asSuperuser(db.url, (client) => client.query(`UPDATE "ConsentEvent" SET "method" = 'paper' WHERE "id" = $1`, [ledger[0]!.id]));
    const tampered = path.join(folder, "tampered.jsonl");
    expect((await run("export-history", ["--out", tampered])).code).toBe(0);
    const caught = await run("verify-checkpoints", ["--checkpoints", list, "--jwks", jwks, "--export", tampered]);
    expect(caught.code, caught.output).toBe(1);
    expect(caught.output).toMatch(/Checkpoint #1 broken: the consent ledger no longer passes through checkpoint #1 \(published \S+\) at global #6; first difference at global #1 \(hash mismatch\); intact through global #0/);
    const direct = await run("verify-checkpoints", ["--checkpoints", list, "--jwks", jwks, "--database-url", db.url]);
    expect(direct.code, direct.output).toBe(1);
    expect(direct.output).toContain("Checkpoint #1 broken");
  }, 240_000);
});
