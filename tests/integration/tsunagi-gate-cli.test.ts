// The tsunagi-gate CLI run as a pipeline runs it (a child process, through its PATH shim) against a real bridge on
// a real database, fed by the real outbox relay from consents the app's own verbs recorded.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { compactVerify, createLocalJWKSet, CompactSign, exportJWK, generateKeyPair, type JSONWebKeySet } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueApiToken } from "../../app/domain/api-tokens/issue-api-token.server";
import { revokeApiToken } from "../../app/domain/api-tokens/revoke-api-token.server";
import { withdrawConsent } from "../../app/domain/consent/records/withdraw-consent.server";
import { getEnv } from "../../app/env.server";
import { bridgeConfigFromEnv } from "../../pipeline-bridge/src/bridge-config";
import { startBridgeServer, type RunningBridge } from "../../pipeline-bridge/src/server";
import { startOutboxRelay, type OutboxRelay } from "../../server/outbox-relay/start-outbox-relay";
import { requestFrom } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant, type ConsentedParticipant } from "./dashboard-fixtures";

const database = useTestDatabase();
useTempDataDir();

const root = path.resolve(import.meta.dirname, "../..");
const shim = path.join(root, "pipeline-bridge/bin/tsunagi-gate");
const research = "DUO:0000006";

interface GateRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tsunagi-gate <args>` through its shell shim with only the environment a pipeline job would have. */
function gate(args: string[], env: Record<string, string>): Promise<GateRun> {
  return new Promise((resolve) => {
    const jobEnv: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env };
    execFile(shim, args, { env: jobEnv as NodeJS.ProcessEnv, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

let bridge: RunningBridge;
let relay: OutboxRelay;
let keysDir: string;
let gateEnv: Record<string, string>;
let consenting: ConsentedParticipant;
let withdrawn: ConsentedParticipant;
let withdrawalEventId: string;

/** Asks the bridge directly until it gives the expected reason (the relay delivers within a heartbeat or two). */
async function untilBridgeSays(subject: string, reason: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  let last = "";
  while (Date.now() < deadline) {
    const response = await fetch(`${bridge.url}/v1/decisions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${gateEnv.TSUNAGI_GATE_TOKEN}`, "Content-Type": "application/json" },
      body: JSON.stringify({ subject, action: "analyze", purpose: research }),
    });
    const body = (await response.json()) as { decisions?: { reason: string }[] };
    last = body.decisions?.[0]?.reason ?? JSON.stringify(body);
    if (last === reason) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the bridge still says ${last} for ${subject}, not ${reason}`);
}

beforeAll(async () => {
  keysDir = mkdtempSync(path.join(tmpdir(), "tsunagi-gate-keys-"));
  bridge = await startBridgeServer(bridgeConfigFromEnv(getEnv(), { databaseUrl: database.url, port: 0, dataDir: keysDir, stalenessMs: 30_000 }));
  const relayToken = await issueApiToken({ name: "relay for the CLI test", scopes: ["bridge:ingest"], createdById: null });
  relay = await startOutboxRelay({ bridgeUrl: bridge.url, relayToken: relayToken.token, heartbeatMs: 200, pollMs: 200, databaseUrl: database.url, log: () => undefined });
  const client = await issueApiToken({ name: "pipeline cluster", scopes: ["gate:sequence", "gate:analyze"], createdById: null });
  gateEnv = { TSUNAGI_GATE_URL: bridge.url, TSUNAGI_GATE_TOKEN: client.token };

  consenting = await consentedParticipant({ language: "en" });
  withdrawn = await consentedParticipant({ language: "en" });
  const withdrawal = await withdrawConsent({
    participantId: withdrawn.id,
    level: "no_further_use",
    actor: { userId: withdrawn.user!.id, role: "participant" },
    method: "online",
    language: "en",
    request: requestFrom(),
  });
  withdrawalEventId = withdrawal.id;
  await untilBridgeSays(consenting.sampleCodes[0]!, "consented");
  await untilBridgeSays(withdrawn.sampleCodes[0]!, "withdrawn_no_further_use");
}, 60_000);

afterAll(async () => {
  await relay?.stop();
  await bridge?.close();
  if (keysDir) rmSync(keysDir, { recursive: true, force: true });
});

describe("tsunagi-gate check against a real bridge", () => {
  it("exits 0 for a consenting participant's sample, naming the consent it rests on; --json prints the signed answer", async () => {
    const sample = consenting.sampleCodes[0]!;
    const run = await gate(["check", "--action", "analyze", "--subject", sample, "--purpose", research, "--json"], gateEnv);
    expect(run.stderr).toBe(`tsunagi-gate: allow analyze ${sample} — consented (consent v${consenting.version.version}, event ${consenting.grant.id})\n`);
    expect(run.code).toBe(0);
    // What it printed verifies on its own, with a JOSE library, against the bridge's published keys.
    const printed = JSON.parse(run.stdout) as { jws: string; decisions: unknown[] };
    const jwks = (await (await fetch(`${bridge.url}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
    const { payload } = await compactVerify(printed.jws, createLocalJWKSet(jwks));
    const { jws: _jws, ...unsigned } = printed;
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(unsigned);
    expect(printed.decisions).toEqual([expect.objectContaining({ subject: sample, action: "analyze", purpose: research, allowed: true, pseudonym: consenting.pseudonym })]);
  });

  it("accepts the question as two arguments, and the participant's pseudonym as the subject", async () => {
    const run = await gate(["check", "sequence", consenting.pseudonym, "--quiet"], gateEnv);
    expect(run).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("exits 1 for a withdrawn participant's samples, with the reason, consent version and event on stderr", async () => {
    for (const sample of withdrawn.sampleCodes) {
      const run = await gate(["check", "analyze", sample, "--purpose", research], gateEnv);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`tsunagi-gate: deny analyze ${sample} — withdrawn_no_further_use (consent v${withdrawn.version.version}, event ${withdrawalEventId})\n`);
      expect(run.stdout).toBe("");
    }
  });

  it("exits 1 for a sample the bridge has never heard of", async () => {
    const run = await gate(["check", "analyze", "S-NEVER0SEEN", "--purpose", research], gateEnv);
    expect(run).toEqual({ code: 1, stdout: "", stderr: "tsunagi-gate: deny analyze S-NEVER0SEEN — unknown_subject\n" });
  });

  it("exits 1 for an action the token may not ask about (the bridge denies it, signed)", async () => {
    const run = await gate(["check", "--action", "share", "--subject", consenting.sampleCodes[0]!, "--purpose", research, "--recipient", "academia"], gateEnv);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^tsunagi-gate: deny share S-\S+ — scope_missing \(consent v/);
  });

  it("exits 3 when the bridge is down", async () => {
    const port = await closedPort();
    const run = await gate(["check", "analyze", consenting.sampleCodes[0]!, "--purpose", research], { ...gateEnv, TSUNAGI_GATE_URL: `http://127.0.0.1:${port}` });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`tsunagi-gate: cannot verify analyze ${consenting.sampleCodes[0]} — the bridge at http://127.0.0.1:${port} is unreachable: fetch failed (ECONNREFUSED)\n`);
  });

  it("exits 3 with the bridge's refusal when the token is wrong, has no gate scope at all, or was revoked", async () => {
    const ask = (token: string) => gate(["check", "analyze", consenting.sampleCodes[0]!, "--purpose", research], { ...gateEnv, TSUNAGI_GATE_TOKEN: token });
    const genuine = gateEnv.TSUNAGI_GATE_TOKEN!;
    const wrongSecret = `${genuine.slice(0, -1)}${genuine.endsWith("a") ? "b" : "a"}`;
    const wrong = await ask(wrongSecret);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toBe(`tsunagi-gate: cannot verify analyze ${consenting.sampleCodes[0]} — the bridge refused the decision request: 401 unauthorized: token_unknown\n`);
    expect((await ask("not-a-token")).stderr).toMatch(/— the bridge refused the decision request: 401 unauthorized: token_malformed\n$/);

    const fhirOnly = await issueApiToken({ name: "FHIR reader", scopes: ["fhir:read"], createdById: null });
    const unscoped = await ask(fhirOnly.token);
    expect(unscoped.code).toBe(3);
    expect(unscoped.stderr).toMatch(/— the bridge refused the decision request: 403 forbidden: scope_missing\n$/);

    const retired = await issueApiToken({ name: "retired cluster", scopes: ["gate:analyze"], createdById: null });
    expect((await ask(retired.token)).code).toBe(0);
    await revokeApiToken({ tokenId: retired.id, context: { actorUserId: null } });
    await expect.poll(async () => (await ask(retired.token)).stderr, { timeout: 10_000 }).toMatch(/— the bridge refused the decision request: 401 unauthorized: token_revoked\n$/);
    expect((await ask(retired.token)).code).toBe(3);
  });

  it("reads the token from --token-file, and without any token stops with a usage error (exit 2)", async () => {
    const file = path.join(keysDir, "token");
    writeFileSync(file, `${gateEnv.TSUNAGI_GATE_TOKEN}\n`, { mode: 0o600 });
    const fromFile = await gate(["check", "analyze", consenting.sampleCodes[1]!, "--purpose", research, "--token-file", file], { TSUNAGI_GATE_URL: bridge.url });
    expect(fromFile.code).toBe(0);
    const none = await gate(["check", "analyze", consenting.sampleCodes[1]!], { TSUNAGI_GATE_URL: bridge.url });
    expect(none).toEqual({ code: 2, stdout: "", stderr: "tsunagi-gate: no API token: set TSUNAGI_GATE_TOKEN or pass --token-file\nRun tsunagi-gate --help for usage.\n" });
  });
});

describe("tsunagi-gate check through a proxy that tampers with the answer", () => {
  type Tamper = (body: Record<string, unknown>, path: string) => Promise<Record<string, unknown> | "hang">;
  let proxy: Server;
  let proxyUrl: string;
  let tamper: Tamper = async (body) => body;

  beforeAll(async () => {
    proxy = createServer((request, response) => {
      void (async () => {
        const upstream = await fetch(`${bridge.url}${request.url}`, {
          method: request.method,
          headers: { ...(request.headers.authorization ? { Authorization: request.headers.authorization } : {}), "Content-Type": "application/json" },
          body: request.method === "POST" ? await readBody(request) : undefined,
        });
        const altered = await tamper((await upstream.json()) as Record<string, unknown>, request.url ?? "");
        if (altered === "hang") return; // never answers
        response.writeHead(upstream.status, { "Content-Type": "application/json" });
        response.end(JSON.stringify(altered));
      })();
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
  });

  const viaProxy = (args: string[]) => gate(args, { ...gateEnv, TSUNAGI_GATE_URL: proxyUrl });
  const turnIntoAllow = (body: Record<string, unknown>) => {
    const decisions = body.decisions as Record<string, unknown>[] | undefined;
    return decisions ? { ...body, decisions: decisions.map((decision) => ({ ...decision, allowed: true, reason: "consented" })) } : body;
  };

  it("passes an untouched answer through (the proxy itself is harmless)", async () => {
    tamper = async (body) => body;
    const run = await viaProxy(["check", "analyze", withdrawn.sampleCodes[0]!, "--purpose", research]);
    expect(run.code).toBe(1);
  });

  it("exits 3 when a denial is rewritten into an allow", async () => {
    tamper = async (body) => turnIntoAllow(body);
    const run = await viaProxy(["check", "analyze", withdrawn.sampleCodes[0]!, "--purpose", research]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`tsunagi-gate: cannot verify analyze ${withdrawn.sampleCodes[0]} — the bridge's answer differs from what it signed (altered in transit?)\n`);
  });

  it("exits 3 when the signature itself is altered", async () => {
    tamper = async (body) => {
      const jws = String(body.jws);
      return { ...body, jws: `${jws.slice(0, -4)}${jws.endsWith("AAAA") ? "BBBB" : "AAAA"}` };
    };
    const run = await viaProxy(["check", "analyze", consenting.sampleCodes[0]!, "--purpose", research]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/— the answer's signature does not verify against the bridge's keys\n$/);
  });

  it("exits 3 when a genuine signed allow for another sample is replayed in place of the answer", async () => {
    tamper = async (body) => body;
    const genuine = await viaProxy(["check", "analyze", consenting.sampleCodes[0]!, "--purpose", research, "--json"]);
    const recorded = JSON.parse(genuine.stdout) as Record<string, unknown>;
    tamper = async (body, url) => (url === "/v1/decisions" ? recorded : body);
    const run = await viaProxy(["check", "analyze", withdrawn.sampleCodes[0]!, "--purpose", research]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`tsunagi-gate: cannot verify analyze ${withdrawn.sampleCodes[0]} — the signed decision answers a different question (subject "${consenting.sampleCodes[0]}")\n`);
  });

  it("exits 3 when the proxy signs its own allow and serves its own keys, once the bridge's keys are pinned", async () => {
    const forger = await generateKeyPair("ES256", { extractable: true });
    const forgedKeys = { keys: [{ ...(await exportJWK(forger.publicKey)), kid: "forged", alg: "ES256", use: "sig" }] };
    tamper = async (body, url) => {
      if (url === "/.well-known/jwks.json") return forgedKeys;
      const { jws: _jws, ...unsigned } = turnIntoAllow(body);
      const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(unsigned))).setProtectedHeader({ alg: "ES256", kid: "forged" }).sign(forger.privateKey);
      return { ...unsigned, jws };
    };
    const pinned = path.join(keysDir, "bridge-jwks.json");
    writeFileSync(pinned, JSON.stringify(await (await fetch(`${bridge.url}/.well-known/jwks.json`)).json()));
    const run = await viaProxy(["check", "analyze", withdrawn.sampleCodes[0]!, "--purpose", research, "--jwks-file", pinned]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`tsunagi-gate: cannot verify analyze ${withdrawn.sampleCodes[0]} — no ES256 key in the bridge's key set matches the answer's signature (kid forged)\n`);
    // With the pinned keys, the genuine bridge's answers still verify.
    const direct = await gate(["check", "analyze", consenting.sampleCodes[0]!, "--purpose", research, "--jwks-file", pinned], gateEnv);
    expect(direct.code).toBe(0);
  });

  it("exits 3 when no answer comes within --timeout", async () => {
    tamper = async (body, url) => (url === "/v1/decisions" ? "hang" : body);
    const started = Date.now();
    const run = await viaProxy(["check", "analyze", consenting.sampleCodes[0]!, "--purpose", research, "--timeout", "1"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`tsunagi-gate: cannot verify analyze ${consenting.sampleCodes[0]} — no answer from the bridge at ${proxyUrl} within 1 s\n`);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/** A port something listened on a moment ago and nothing does now. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
