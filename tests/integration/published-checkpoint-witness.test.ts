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
 * Here: the public list kept outside the database, and a witness that remembers it (published-checkpoints.test.ts
 * holds the rest).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { publishCheckpoint } from "../../app/domain/transparency/checkpoints/publish-checkpoint.server";
import { publishedCheckpointHashOf, type SignedPublishedCheckpoint } from "../../app/domain/transparency/checkpoints/published-checkpoint";
import { loader as listLoader } from "../../app/routes/public/transparency.checkpoints[.]json";
import { loader as jwksLoader } from "../../app/routes/public/transparency.jwks[.]json";
import { useTestDatabase } from "../support/database";
import { asSuperuser } from "../support/ledger-attacks";
import { useTempDataDir } from "../support/temp-data-dir";
import { runGateCli } from "../support/gate-cli";
import { runOperatorCommand, type CommandRun, type OperatorCommand } from "../support/operator-command";
import { buildPublishedHistory, fetchAsWitness, openedWithExport, verifyAgainst } from "../support/published-checkpoint-history";

// ---------------------------------------------------------------------------------------------------------------
// Issue 27 item 2: an outsider the database cannot fool. The public list is served from the append-only log outside
// the database; a witness (checkpoints:verify with --state or --min-sequence) and a pipeline host (tsunagi-gate)
// remember what they saw and fail, naming the missing checkpoint, when the list they are served is shorter.

describe("the public list, outside the database", () => {
  const db = useTestDatabase();
  const data = useTempDataDir();
  let folder = "";
  let server: Server;
  let base = "";
  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), "tsunagi-outsider-"));
    // The public routes, as a witness and a pipeline host reach them over HTTP.
    server = createServer((request, response) => {
      const url = new URL(request.url ?? "/", base);
      const context = { cspNonce: "", clientAddress: "127.0.0.1" };
      const answer = url.pathname === "/transparency/checkpoints.json" ? listLoader({ request: new Request(url), params: {}, context }) : url.pathname === "/transparency/jwks.json" ? jwksLoader() : Promise.resolve(new Response("not found", { status: 404 }));
      void answer.then(async (result) => {
        response.writeHead(result.status, Object.fromEntries(result.headers));
        response.end(await result.text());
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(folder, { recursive: true, force: true });
  });

  function run(command: OperatorCommand, args: string[]): Promise<CommandRun> {
    return runOperatorCommand(command, args, { ...process.env, DATABASE_URL: db.url, TSUNAGI_DATA_DIR: data.path });
  }

  it("is the log's: a superuser who empties PublishedCheckpoint changes nothing the public reads, and the next publication puts the rows back with their openings", async () => {
    const { heads } = await buildPublishedHistory();
    const before = await fetchAsWitness();
    expect(before.entries.map((entry) => entry.checkpoint.seq)).toEqual([1, 2]);
    const rowsBefore = await getDatabase().publishedCheckpoint.findMany({ orderBy: { seq: "asc" } });
    await asSuperuser(db.url, (client) => client.query(`DELETE FROM "PublishedCheckpoint"`));
    expect(await getDatabase().publishedCheckpoint.count()).toBe(0);
    expect((await fetchAsWitness()).listText).toBe(before.listText);
    // Without the openings file too, a row cannot be put back (its heads are nowhere else): nothing is published.
    const openingsFile = path.join(data.path, "published-checkpoint-openings.jsonl");
    renameSync(openingsFile, `${openingsFile}.away`);
    await expect(publishCheckpoint({ reason: "report" })).rejects.toThrow(`published checkpoint #1 cannot be put back: neither the database nor ${openingsFile} holds its opening`);
    renameSync(`${openingsFile}.away`, openingsFile);
    // The next publication reads what it chains onto from the log, not from the emptied table, and the openings from
    // the file beside it: the rows come back as they were.
    const third = await publishCheckpoint({ reason: "report" });
    expect(third.checkpoint).toMatchObject({ seq: 3, previous: publishedCheckpointHashOf(before.entries[1]!.checkpoint) });
    const rowsAfter = await getDatabase().publishedCheckpoint.findMany({ orderBy: { seq: "asc" } });
    expect(rowsAfter.map((row) => Number(row.seq))).toEqual([1, 2, 3]);
    expect(rowsAfter.slice(0, 2)).toEqual(rowsBefore);
    // An auditor opens them with the export as before: the heads are the ones published.
    const after = await fetchAsWitness();
    expect((await openedWithExport(after)).slice(0, 2)).toEqual(heads);
    expect(after.entries.slice(0, 2)).toEqual(before.entries);
    expect(await verifyAgainst(after)).toMatchObject({ ok: true, checkpoints: 3 });
    // Paged: a witness reads on from what it holds, and a page past the end says how many there are.
    const page = JSON.parse(await (await listLoader({ request: new Request("http://localhost/transparency/checkpoints.json?after=2"), params: {}, context: { cspNonce: "", clientAddress: "127.0.0.1" } })).text()) as { checkpoints: SignedPublishedCheckpoint[]; total: number; next: string | null };
    expect({ seqs: page.checkpoints.map((entry) => entry.checkpoint.seq), total: page.total, next: page.next }).toEqual({ seqs: [3], total: 3, next: null });
    const wrong = await listLoader({ request: new Request("http://localhost/transparency/checkpoints.json?after=-1"), params: {}, context: { cspNonce: "", clientAddress: "127.0.0.1" } });
    expect(wrong.status).toBe(400);
  });

  it("a witness that saw it before, or is told its least number, fails naming the missing checkpoint; tsunagi-gate refuses a step", async () => {
    const list = `${base}/transparency/checkpoints.json`;
    const jwks = `${base}/transparency/jwks.json`;
    const state = path.join(folder, "witness-state.json");
    const gateState = path.join(folder, "gate-state.json");
    const gateEnv = { HOME: folder, TSUNAGI_GATE_CHECKPOINT_STATE: gateState };
    const seenFirst = await run("verify-checkpoints", ["--checkpoints", list, "--jwks", jwks, "--database-url", db.url, "--state", state]);
    expect(seenFirst.code, seenFirst.output).toBe(0);
    expect(JSON.parse(readFileSync(state, "utf8"))).toMatchObject({ seq: 3 });
    const gateFirst = await runGateCli(["checkpoints", "--checkpoints", list, "--jwks", jwks], gateEnv);
    expect(gateFirst, gateFirst.stderr).toMatchObject({ code: 0, stderr: "tsunagi-gate: checkpoint list verified through #3 (read from #1)\n" });

    // Whoever can write the log's folder puts back an old copy of it: one checkpoint where three were published.
    const log = path.join(data.path, "published-checkpoints.jsonl");
    const lines = readFileSync(log, "utf8").split("\n");
    writeFileSync(log, `${lines[0]}\n`);
    expect((await fetchAsWitness()).entries).toHaveLength(1);

    const witness = await run("verify-checkpoints", ["--checkpoints", list, "--jwks", jwks, "--database-url", db.url, "--state", state]);
    expect(witness.code, witness.output).toBe(1);
    expect(witness.output).toMatch(/Checkpoint #3, seen on \S+, is missing: the list ends at #1 \(it went backwards\)/);
    const told = await run("verify-checkpoints", ["--checkpoints", list, "--jwks", jwks, "--database-url", db.url, "--min-sequence", "3"]);
    expect(told.code, told.output).toBe(1);
    expect(told.output).toContain("Checkpoint #3 is missing: the list ends at #1 (--min-sequence 3)");
    const gate = await runGateCli(["checkpoints", "--checkpoints", list, "--jwks", jwks], gateEnv);
    expect(gate.code, gate.stderr).toBe(3);
    expect(gate.stderr).toMatch(/the published checkpoint list went backwards: checkpoint #3, seen on \S+, is missing \(the list ends at #1\)/);
    // A pipeline step named with the list is refused before the bridge is asked (there is no bridge here at all).
    const step = await runGateCli(["check", "analyze", "S-ANY", "--checkpoints", list, "--jwks", jwks], { ...gateEnv, TSUNAGI_GATE_URL: "http://127.0.0.1:1", TSUNAGI_GATE_TOKEN: "tsg_x.y" });
    expect(step.code).toBe(3);
    expect(step.stderr).toContain("went backwards");
    // The next publication puts back what the log lost, from the table (each row's signature and link checked), and
    // goes on: the list is whole again for every reader.
    const fourth = await publishCheckpoint({ reason: "report" });
    expect(fourth.seq).toBe(4);
    expect((await fetchAsWitness()).entries.map((entry) => entry.checkpoint.seq)).toEqual([1, 2, 3, 4]);
    expect((await runGateCli(["checkpoints", "--checkpoints", list, "--jwks", jwks], gateEnv)).stderr).toBe("tsunagi-gate: checkpoint list verified through #4 (read from #3)\n");
  }, 240_000);

  it("an emptied list is no longer 'nothing published' to a witness told what to expect", async () => {
    const empty = path.join(folder, "empty.json");
    writeFileSync(empty, `{"checkpoints":[],"jwks":"/transparency/jwks.json","total":0,"next":null}\n`);
    const jwks = path.join(folder, "jwks.json");
    writeFileSync(jwks, (await fetchAsWitness()).jwksText);
    const verdict = await run("verify-checkpoints", ["--checkpoints", empty, "--jwks", jwks, "--database-url", db.url, "--min-sequence", "1"]);
    expect(verdict.code, verdict.output).toBe(1);
    expect(verdict.output).toContain("Checkpoint #1 is missing: the list ends at nothing (--min-sequence 1)");
  }, 120_000);
});
