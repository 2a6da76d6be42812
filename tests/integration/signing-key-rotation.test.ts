/**
 * Issue 17 item 5 (ADR 054): the signing keys rotate without downtime. The operator's script adds a key with the time it
 * starts signing; a running bridge publishes it within its check interval (or at once on SIGHUP) and switches to it by
 * the clock, without a restart; every answer before and after verifies against the published keys and no request
 * fails. The ledger checkpointer does the same, and the checkpoint log and the published list verify across the
 * rotation.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { checkpointLogPath } from "../../app/domain/consent/ledger/checkpoints/checkpoint-log.server";
import { GENERATED_CHECKPOINT_KEYS_FILE, loadCheckpointKeys } from "../../app/domain/consent/ledger/checkpoints/load-checkpoint-keys.server";
import { verifyCheckpointedLedger } from "../../app/domain/consent/ledger/checkpoints/verify-checkpointed-ledger.server";
import { exportHistory } from "../../app/domain/transparency/checkpoints/export-history.server";
import { historyFromLines } from "../../app/domain/transparency/checkpoints/history-export";
import { publishScheduledCheckpoint } from "../../app/domain/transparency/checkpoints/publish-checkpoint.server";
import type { SignedPublishedCheckpoint } from "../../app/domain/transparency/checkpoints/published-checkpoint";
import { parsePublicJwks } from "../../app/domain/transparency/checkpoints/sign-published-checkpoint";
import { verifyPublishedCheckpoints } from "../../app/domain/transparency/checkpoints/verify-published-checkpoints";
import { dataDir, getEnv } from "../../app/env.server";
import { loader as listLoader } from "../../app/routes/public/transparency.checkpoints[.]json";
import { loader as jwksLoader } from "../../app/routes/public/transparency.jwks[.]json";
import { startLedgerCheckpointerFromEnv } from "@tsunagi/ledger-checkpointer/ledger-checkpointer";
import { readP256KeyFile } from "@tsunagi/service-kit/p256-key-file.server";
import { MIN_ACTIVATION_DELAY_MS } from "@tsunagi/service-kit/signing-key-schedule";
import { expectErrorLines, loggedLines } from "../support/captured-logs";
import { useTestDatabase } from "../support/database";
import { freePort } from "../support/free-port";
import { runGateCli } from "../support/gate-cli";
import { commitConsentChange, eventually } from "../support/outbox-fixtures";
import { issueTestToken, outboxMessages, startTestBridge, type TestBridge } from "../support/pipeline-bridge";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant, type ConsentedParticipant } from "./dashboard-fixtures";
import { ensureServicesBuild, servicesEntry, startNodeFlags } from "../../scripts/lib/services-build";
import { runOperatorCommand } from "../support/operator-command";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const db = useTestDatabase();
const data = useTempDataDir();

let folder = "";
beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), "tsunagi-rotation-"));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** `npm run keys:rotate -- …` as an operator runs it. */
async function rotate(args: string[], env: Record<string, string> = {}): Promise<{ code: number; output: string; kid?: string; signsFrom?: number }> {
  const { code, output } = await runOperatorCommand("rotate-signing-keys", args, { ...process.env, ...env }, { timeout: 60_000 });
  const added = /new key (\S+) signs from (\S+) /.exec(output);
  return { code, output, kid: added?.[1], signsFrom: added ? Date.parse(added[2]!) : undefined };
}

const kidOf = (jws: string) => decodeProtectedHeader(jws).kid;
const sleepUntil = (time: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));

describe("[operator] rotates the bridge's signing key while pipelines keep asking", () => {
  let bridge: TestBridge;
  let keyFile: string;
  let token: string;
  let participant: ConsentedParticipant;

  beforeAll(async () => {
    keyFile = path.join(folder, "bridge-signing-keys.json");
    // A key file from before rotations existed: one key, no activation time.
    await readP256KeyFile({ file: keyFile, what: "the bridge's signing keys", requireSigner: true, generate: true });
    bridge = await startTestBridge(db.url, { signingKeysFile: keyFile, signingKeysCheckMs: 100 });
    token = await issueTestToken(["gate:analyze"]);
    participant = await consentedParticipant({ language: "en" });
    await bridge.ingest(await outboxMessages([participant.pseudonym]));
    await bridge.heartbeat();
  });
  afterAll(() => bridge?.close());

  const publishedKeys = async () => (await (await fetch(`${bridge.url}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
  const question = () => ({ subject: participant.sampleCodes[0], action: "analyze", purpose: "DUO:0000006" });

  it("publishes the new key before it signs, switches at its time, and every answer verifies: none failed or unsigned", async () => {
    const [oldKey] = (await publishedKeys()).keys;
    const answers: { asker: number; status: number; body: Record<string, unknown>; receivedAt: number }[] = [];
    const keySets: { at: number; kids: string[] }[] = [];
    let stop = false;
    const ask = async (asker: number) => {
      while (!stop) {
        const response = await fetch(`${bridge.url}/v1/decisions`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: JSON.stringify(question()) });
        answers.push({ asker, status: response.status, body: (await response.json()) as Record<string, unknown>, receivedAt: Date.now() });
      }
    };
    const watchKeys = async () => {
      while (!stop) {
        const set = await publishedKeys();
        keySets.push({ at: Date.now(), kids: set.keys.map((key) => key.kid!) });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const loops = Promise.all([ask(1), ask(2), watchKeys()]);
    let rotation: Awaited<ReturnType<typeof rotate>>;
    try {
      await eventually("answers before the rotation", () => answers.length >= 10);
      rotation = await rotate(["bridge", "--file", keyFile, "--activate-in", "3s", "--force"]);
      expect(rotation.code, rotation.output).toBe(0);
      expect(rotation.output).toContain(`signing now: ${oldKey!.kid}; ${rotation.kid} from `);
      await eventually("answers signed with the new key", () => answers.some((answer) => kidOf(String(answer.body.jws)) === rotation.kid), 20_000);
      const switched = answers.length;
      await eventually("more answers after the switch", () => answers.length >= switched + 20);
    } finally {
      stop = true;
      await loops;
    }
    const newKid = rotation.kid!;
    const signsFrom = rotation.signsFrom!;

    // Not one request failed or came back unsigned.
    expect(answers.filter((answer) => answer.status !== 200 || typeof answer.body.jws !== "string")).toEqual([]);
    // Every answer, before and after, verifies against the keys the bridge publishes, over exactly its body.
    const published = await publishedKeys();
    expect(published.keys.map((key) => key.kid)).toEqual([oldKey!.kid, newKid]);
    const verifier = createLocalJWKSet(published);
    for (const { body } of answers) {
      const { jws, ...unsigned } = body;
      const { payload } = await compactVerify(String(jws), verifier);
      expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(unsigned);
    }
    // Published before it signed: the first key set listing it was read before its time, and before any answer by it.
    const firstListed = keySets.find((set) => set.kids.includes(newKid))!;
    const firstSigned = answers.find((answer) => kidOf(String(answer.body.jws)) === newKid)!;
    expect(firstListed.at).toBeLessThan(signsFrom);
    expect(firstListed.at).toBeLessThan(firstSigned.receivedAt);
    // Switched by the clock, once: each asker's answers are old, old, …, new, new; the old ones evaluated before the time.
    for (const asker of [1, 2]) {
      const kids = answers.filter((answer) => answer.asker === asker).map((answer) => kidOf(String(answer.body.jws)));
      const switchAt = kids.indexOf(newKid);
      expect(switchAt).toBeGreaterThan(0);
      expect(new Set(kids.slice(0, switchAt))).toEqual(new Set([oldKey!.kid]));
      expect(new Set(kids.slice(switchAt))).toEqual(new Set([newKid]));
    }
    for (const answer of answers) {
      if (kidOf(String(answer.body.jws)) === oldKey!.kid) expect(Date.parse(String(answer.body.evaluatedAt))).toBeLessThan(signsFrom);
      else expect(answer.receivedAt).toBeGreaterThanOrEqual(signsFrom);
    }

    // The pipeline's client accepts the new key's answers.
    const gate = await runGateCli(["check", "analyze", participant.sampleCodes[0]!, "--purpose", "DUO:0000006", "--quiet"], { TSUNAGI_GATE_URL: bridge.url, TSUNAGI_GATE_TOKEN: token });
    expect(gate).toEqual({ code: 0, stdout: "", stderr: "" });
  }, 60_000);

  it("retires the old key: still published, so what it signed verifies; the new key goes on signing", async () => {
    const before = await publishedKeys();
    const [oldKey, newKey] = before.keys;
    const retired = await rotate(["bridge", "--file", keyFile, `--retire=${oldKey!.kid!}`, "--no-new-key"]);
    expect(retired.code, retired.output).toBe(0);
    expect(retired.output).toContain(`retired ${oldKey!.kid}`);
    const stored = JSON.parse(readFileSync(keyFile, "utf8")) as { keys: { kid: string; d?: string }[] };
    expect(stored.keys.map((key) => [key.kid, key.d !== undefined])).toEqual([
      [oldKey!.kid, false],
      [newKey!.kid, true],
    ]);
    await eventually("the file re-read", () => loggedLines().some((line) => line.msg.startsWith("the bridge's signing keys: re-read") && (line.retired as string[] | undefined)?.includes(oldKey!.kid!)));
    expect((await publishedKeys()).keys.map((key) => key.kid)).toEqual([oldKey!.kid, newKey!.kid]);
    const answer = await bridge.post("/v1/decisions", question(), token);
    expect(kidOf(String((answer.body as { jws: string }).jws))).toBe(newKey!.kid);

    // Retiring the only key that signs is refused: nothing is written.
    const refused = await rotate(["bridge", "--file", keyFile, `--retire=${newKey!.kid!}`, "--no-new-key"]);
    expect(refused.code).toBe(2);
    expect(refused.output).toContain("no key could sign");
    expect(JSON.parse(readFileSync(keyFile, "utf8"))).toEqual(stored);
  });

  it("a bad edit of the key file is logged at level error and changes nothing: answers stay signed and verifiable", async () => {
    expectErrorLines();
    const good = readFileSync(keyFile, "utf8");
    const kids = (await publishedKeys()).keys.map((key) => key.kid);
    writeFileSync(keyFile, good.slice(0, good.length / 2));
    await eventually("the refusal logged", () => loggedLines().some((line) => line.level === "error" && line.msg.startsWith("the bridge's signing keys: the changed file cannot be used")));
    const answer = await bridge.post("/v1/decisions", question(), token);
    expect(answer.status).toBe(200);
    await compactVerify(String((answer.body as { jws: string }).jws), createLocalJWKSet(await publishedKeys()));
    expect((await publishedKeys()).keys.map((key) => key.kid)).toEqual(kids);
    // An operator checking each replica after copying the file sees that this one did not take it.
    const readiness = await bridge.get("/readyz");
    expect(readiness).toMatchObject({ status: 200, body: { ready: true, signingKeyFile: { refusedSince: expect.any(String), inUse: kids } } });
    writeFileSync(keyFile, good);
    await eventually("the fixed file read", () => loggedLines().some((line) => line.msg === `the bridge's signing keys: ${keyFile} can be used again`));
    expect(await bridge.get("/readyz")).toEqual({ status: 200, body: { ready: true, approvals: expect.any(Object) } });
  });

  it("refuses an activation sooner than every cache of the key set, unless forced", async () => {
    const before = readFileSync(keyFile, "utf8");
    const tooSoon = await rotate(["bridge", "--file", keyFile, "--activate-in", "5m"]);
    expect(tooSoon.code).toBe(2);
    expect(tooSoon.output).toContain(`shorter than ${MIN_ACTIVATION_DELAY_MS / 60_000} minutes`);
    expect(readFileSync(keyFile, "utf8")).toBe(before);
  });
});

describe("a bridge process re-reads its key file on SIGHUP, and keeps running", () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill("SIGTERM");
  });

  it("publishes a rotated-in key at once on SIGHUP and signs with it from its time", async () => {
    const keyFile = path.join(folder, "process-keys.json");
    await readP256KeyFile({ file: keyFile, what: "the bridge's signing keys", requireSigner: true, generate: true });
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let exited: number | string | null = null;
    // The bridge as a deployment runs it: compiled, with its node flags (ADR 093, 105).
    await ensureServicesBuild();
    child = spawn(process.execPath, [...startNodeFlags, servicesEntry("bridge")], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: db.url, BRIDGE_PORT: String(port), BRIDGE_HOST: "127.0.0.1", BRIDGE_SIGNING_KEYS_FILE: keyFile, TSUNAGI_DATA_DIR: folder, LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "ignore"],
    });
    let logged = "";
    child.stdout!.on("data", (chunk: Buffer) => (logged += chunk.toString("utf8")));
    child.on("exit", (code, signal) => (exited = code ?? signal));
    const keys = async () => ((await (await fetch(`${url}/.well-known/jwks.json`)).json()) as JSONWebKeySet).keys.map((key) => key.kid);
    const [oldKid] = await eventually("the bridge listening", () => keys().catch(() => undefined), 30_000);

    const rotation = await rotate(["bridge", "--file", keyFile, "--activate-in", "2s", "--force"]);
    expect(rotation.code, rotation.output).toBe(0);
    child.kill("SIGHUP");
    // Its own check would take up to 10 s; the signal makes it look at once.
    await eventually("the new key published", async () => (await keys()).includes(rotation.kid!), 5_000);
    expect(await keys()).toEqual([oldKid, rotation.kid]);
    expect(logged).toContain(`SIGHUP, re-reading ${keyFile}`);
    expect(exited).toBeNull();

    await sleepUntil(rotation.signsFrom!);
    const token = await issueTestToken(["gate:analyze"]);
    const response = await fetch(`${url}/v1/decisions`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: JSON.stringify({ subject: "S-NOBODY", action: "analyze" }) });
    const body = (await response.json()) as { jws: string };
    expect(kidOf(body.jws)).toBe(rotation.kid);
    await compactVerify(body.jws, createLocalJWKSet({ keys: (await (await fetch(`${url}/.well-known/jwks.json`)).json() as JSONWebKeySet).keys }));
    expect(exited).toBeNull();
  }, 60_000);
});

describe("[operator] rotates the ledger checkpoint key: the log and the published list verify across it", () => {
  it("new checkpoints are signed by the new key from its time; ledger:verify and the witness's check pass over both", async () => {
    const env = getEnv();
    const keyFile = path.join(dataDir(env), GENERATED_CHECKPOINT_KEYS_FILE);
    const checkpointer = await startLedgerCheckpointerFromEnv(env, { intervalMs: 1_000, keysCheckMs: 100 });
    let rotation: Awaited<ReturnType<typeof rotate>>;
    let oldKid: string;
    try {
      const jwks = async () => JSON.parse(await (await jwksLoader()).text()) as JSONWebKeySet;
      [oldKid] = (await jwks()).keys.map((key) => key.kid!) as [string];
      const headerKid = (jws: string) => decodeProtectedHeader(jws).kid;
      const checkpointOf = (globalSeq: string) =>
        eventually(`a checkpoint at global #${globalSeq}`, async () => (await getDatabase().ledgerCheckpoint.findFirst({ where: { globalSeq: BigInt(globalSeq) } })) ?? undefined, 20_000);
      // Published as the queue's scheduled job publishes, with the key the installation's key file says signs now.
      const publishedAt = async (globalSeq: string) => {
        const published = await publishScheduledCheckpoint();
        expect(published.opening.ledger.globalSeq).toBe(globalSeq);
        return published;
      };

      const before = await commitConsentChange();
      expect(headerKid((await checkpointOf(before.event.globalSeq)).jws)).toBe(oldKid);
      const firstPublished = await publishedAt(before.event.globalSeq);
      expect(headerKid(firstPublished.jws)).toBe(oldKid);

      rotation = await rotate(["checkpoints", "--activate-in", "3s", "--force"], { DATABASE_URL: db.url, TSUNAGI_DATA_DIR: data.path });
      expect(rotation.code, rotation.output).toBe(0);
      expect(rotation.output).toContain(`Rotated the ledger checkpoint keys in ${keyFile}:`);
      // The public key set lists it at once, before it signs anything.
      expect((await jwks()).keys.map((key) => key.kid)).toEqual([oldKid, rotation.kid]);
      const cacheControl = (await jwksLoader()).headers.get("Cache-Control")!;
      expect(Number(/max-age=(\d+)/.exec(cacheControl)![1]) * 1000).toBeLessThan(MIN_ACTIVATION_DELAY_MS);

      await sleepUntil(rotation.signsFrom!);
      const after = await commitConsentChange(before.participantId);
      expect(headerKid((await checkpointOf(after.event.globalSeq)).jws)).toBe(rotation.kid);
      const secondPublished = await publishedAt(after.event.globalSeq);
      expect(headerKid(secondPublished.jws)).toBe(rotation.kid);
      expect(loggedLines().some((line) => line.msg === "ledger checkpoints are now signed with another key" && line.keyId === rotation.kid)).toBe(true);
    } finally {
      await checkpointer.stop();
    }

    // Retire the old key: public only, so everything it signed still verifies.
    const retired = await rotate(["checkpoints", `--retire=${oldKid}`, "--no-new-key"], { DATABASE_URL: db.url, TSUNAGI_DATA_DIR: data.path });
    expect(retired.code, retired.output).toBe(0);
    const keys = (await loadCheckpointKeys({ dataDir: data.path, generate: false }))!;
    expect(keys.signing?.kid).toBe(rotation.kid);
    expect(keys.keys.map((key) => [key.kid, key.privateKey === null])).toEqual([
      [oldKid, true],
      [rotation.kid, false],
    ]);

    // What `npm run ledger:verify` checks, in process and as the operator runs it.
    const logFile = checkpointLogPath({ dataDir: data.path });
    const verdict = await verifyCheckpointedLedger({ logFile, publicJwks: keys.publicJwks });
    expect(verdict).toMatchObject({ ok: true });
    const kidsInLog = readFileSync(logFile, "utf8").trimEnd().split("\n").map((line) => decodeProtectedHeader((JSON.parse(line) as { jws: string }).jws).kid);
    expect(new Set(kidsInLog)).toEqual(new Set([oldKid, rotation.kid]));
    const ledgerVerify = await runOperatorCommand("ledger-verify", [], { ...process.env, DATABASE_URL: db.url, TSUNAGI_DATA_DIR: data.path });
    expect(ledgerVerify.code, ledgerVerify.output).toBe(0);
    expect(ledgerVerify.output).toMatch(/Ledger intact: .* extends all \d+ signed checkpoints/);

    // What `npm run checkpoints:verify` checks: a witness's copy of the list and keys against an export.
    const list = JSON.parse(await (await listLoader({ request: new Request("http://localhost/transparency/checkpoints.json"), params: {}, context: { cspNonce: "", clientAddress: "127.0.0.1" } })).text()) as { checkpoints: SignedPublishedCheckpoint[] };
    // Every checkpoint published before the switch is signed by the old key, after it by the new.
    const kids = list.checkpoints.map((entry) => decodeProtectedHeader(entry.jws).kid);
    expect(kids.filter((kid, index) => index === 0 || kid !== kids[index - 1])).toEqual([oldKid, rotation.kid]);
    const lines: string[] = [];
    await exportHistory((line) => void lines.push(line));
    async function* linesOf() {
      for (const line of lines) yield line;
    }
    const published = await verifyPublishedCheckpoints({ entries: list.checkpoints, jwks: await parsePublicJwks(JSON.parse(await (await jwksLoader()).text())), history: historyFromLines(linesOf()) });
    expect(published).toMatchObject({ ok: true });
  }, 120_000);
});
