// `tsunagi-gate release` run as release tooling runs it (a child process, through its PATH shim) against a real
// bridge on a real database, fed by the real outbox relay from consents the app's own verbs recorded.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueApiToken } from "../../app/domain/api-tokens/issue-api-token.server";
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
const dataset = "wgs-cli-test-01";
const uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

interface GateRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tsunagi-gate <args>` through its shell shim with only the environment a release job would have. */
function gate(args: string[], env: Record<string, string>, stdin?: string): Promise<GateRun> {
  return new Promise((resolve) => {
    const jobEnv: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env };
    const child = execFile(shim, args, { env: jobEnv as NodeJS.ProcessEnv, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr });
    });
    child.stdin?.end(stdin ?? "");
  });
}

let bridge: RunningBridge;
let relay: OutboxRelay;
let workDir: string;
let gateEnv: Record<string, string>;
let jwks: ReturnType<typeof createLocalJWKSet>;
let first: ConsentedParticipant;
let second: ConsentedParticipant;
let withdrawn: ConsentedParticipant;

async function withdraw(participant: ConsentedParticipant): Promise<void> {
  await withdrawConsent({
    participantId: participant.id,
    level: "no_further_use",
    actor: { userId: participant.user!.id, role: "participant" },
    method: "online",
    language: "en",
    request: requestFrom(),
  });
}

/** Waits until the relay has brought the bridge the participant's latest consent (the test probe's own token). */
async function untilBridgeSays(probeToken: string, subject: string, reason: string): Promise<void> {
  const ask = async () => {
    const response = await fetch(`${bridge.url}/v1/decisions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${probeToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ subject, action: "release", purpose: research, recipient: "academia" }),
    });
    return ((await response.json()) as { decisions: { reason: string }[] }).decisions[0]?.reason;
  };
  const deadline = Date.now() + 10_000;
  let last = await ask();
  while (last !== reason) {
    if (Date.now() > deadline) throw new Error(`the bridge still says ${last} for ${subject}, not ${reason}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await ask();
  }
}

/** A manifest as written: verified on its own with jose against the bridge's published keys. */
async function verifiedManifest(text: string): Promise<Record<string, unknown>> {
  const { jws, recheck: _recheck, ...unsigned } = JSON.parse(text) as Record<string, unknown> & { jws: string };
  const { payload } = await compactVerify(jws, jwks);
  expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(unsigned);
  return unsigned;
}

let probeToken: string;

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), "tsunagi-gate-release-"));
  bridge = await startBridgeServer(bridgeConfigFromEnv(getEnv(), { databaseUrl: database.url, port: 0, dataDir: workDir, stalenessMs: 30_000 }));
  const relayToken = await issueApiToken({ name: "relay for the release test", scopes: ["bridge:ingest"], createdById: null });
  relay = await startOutboxRelay({ bridgeUrl: bridge.url, relayToken: relayToken.token, heartbeatMs: 200, pollMs: 200, databaseUrl: database.url, log: () => undefined });
  const releaser = await issueApiToken({ name: "release tooling", scopes: ["gate:release", "gate:datasets"], createdById: null });
  probeToken = (await issueApiToken({ name: "test probe", scopes: ["gate:release"], createdById: null })).token;
  gateEnv = { TSUNAGI_GATE_URL: bridge.url, TSUNAGI_GATE_TOKEN: releaser.token };
  jwks = createLocalJWKSet((await (await fetch(`${bridge.url}/.well-known/jwks.json`)).json()) as JSONWebKeySet);

  // Clocks started a year ago: industry is under its moratorium, nothing may go to the public yet.
  const clocks = await fetch(`${bridge.url}/v1/datasets/${dataset}`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${releaser.token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ title: "CLI test cohort", clockStartsAt: new Date(Date.now() - 365 * 24 * 3600 * 1000).toISOString(), publicationMoratoriumMonths: 24, publicDatabaseAfterMonths: 30 }),
  });
  expect(clocks.status).toBe(200);

  first = await consentedParticipant({ language: "en" });
  second = await consentedParticipant({ language: "en" });
  withdrawn = await consentedParticipant({ language: "en" });
  await withdraw(withdrawn);
  await untilBridgeSays(probeToken, first.sampleCodes[0]!, "consented");
  await untilBridgeSays(probeToken, second.sampleCodes[0]!, "consented");
  await untilBridgeSays(probeToken, withdrawn.sampleCodes[0]!, "withdrawn_no_further_use");
}, 60_000);

afterAll(async () => {
  await relay?.stop();
  await bridge?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe("tsunagi-gate release against a real bridge", () => {
  it("releases what consent allows, writes the signed manifest, counts the rest by reason (exit 0); --show re-checks it after a withdrawal", async () => {
    const out = path.join(workDir, "manifest.json");
    const samples = [...first.sampleCodes, withdrawn.sampleCodes[0]!, "S-NOBODY0001", ...second.sampleCodes, withdrawn.sampleCodes[1]!];
    const run = await gate(["release", "--dataset", dataset, "--recipient", "academia", "--purpose", research, "--samples", samples.join(","), "--out", out], gateEnv);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(
      new RegExp(`^tsunagi-gate: release (${uuid}) of ${dataset} to academia — included 4, excluded 3 \\(unknown_subject 1, withdrawn_no_further_use 2\\); manifest written to ${out.replace(/[.]/g, "\\.")}\\n$`),
    );
    expect(run.code).toBe(0);
    const releaseId = /release (\S+) of/.exec(run.stderr)![1]!;
    const manifest = await verifiedManifest(readFileSync(out, "utf8"));
    expect(manifest).toMatchObject({
      releaseId,
      dataset: { id: dataset },
      recipient: "academia",
      purpose: research,
      requestedCount: 7,
      included: [...first.sampleCodes, ...second.sampleCodes],
      excludedCounts: { unknown_subject: 1, withdrawn_no_further_use: 2 },
    });

    const unchanged = await gate(["release", "--show", releaseId], gateEnv);
    expect(unchanged.code).toBe(0);
    expect(unchanged.stderr).toMatch(/— included 4, excluded 3 \(unknown_subject 1, withdrawn_no_further_use 2\); re-checked \S+: still releasable 4, excluded since 0\n$/);
    expect(await verifiedManifest(unchanged.stdout)).toEqual(manifest);

    // The first participant withdraws after the release: shipping it now would send two samples it may not.
    await withdraw(first);
    await untilBridgeSays(probeToken, first.sampleCodes[0]!, "withdrawn_no_further_use");
    const rechecked = await gate(["release", "--show", releaseId], gateEnv);
    expect(rechecked.code).toBe(0);
    expect(rechecked.stderr).toMatch(/; re-checked \S+: still releasable 2, excluded since 2 \(withdrawn_no_further_use 2\)\n$/);
    const recheck = (JSON.parse(rechecked.stdout) as { recheck: { excludedSince: string[] } }).recheck;
    expect(recheck.excludedSince).toEqual(first.sampleCodes);
  });

  it("reads the samples from stdin, and exits 1 (manifest still signed and printed) when none may be released", async () => {
    const run = await gate(["release", "--dataset", dataset, "--recipient", "academia", "--purpose", research, "--samples-file", "-"], gateEnv, `# withdrawn\n${withdrawn.sampleCodes.join("\n")}\n`);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^tsunagi-gate: release ${uuid} of ${dataset} to academia — included 0, excluded 2 \\(withdrawn_no_further_use 2\\)\\n$`));
    expect(await verifiedManifest(run.stdout)).toMatchObject({ included: [], excludedCounts: { withdrawn_no_further_use: 2 } });
  });

  it("exits 1 for the public before the dataset's public-database date, whatever consent says", async () => {
    const run = await gate(["release", "--dataset", dataset, "--recipient", "public", "--purpose", research, "--samples", second.sampleCodes.join(",")], gateEnv);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/ to public — included 0, excluded 2 \(embargo_public_database 2\)\n$/);
  });

  it("exits 3 with the bridge's refusal for an unknown dataset, an unknown release, or a token without gate:release", async () => {
    const unknownDataset = await gate(["release", "--dataset", "no-such-dataset", "--recipient", "academia", "--purpose", research, "--samples", second.sampleCodes[0]!], gateEnv);
    expect(unknownDataset).toMatchObject({ code: 3, stdout: "", stderr: "tsunagi-gate: cannot verify release of no-such-dataset — the bridge refused the release: 404 unknown_dataset\n" });
    const unknownRelease = await gate(["release", "--show", "00000000-0000-4000-8000-000000000000"], gateEnv);
    expect(unknownRelease).toMatchObject({ code: 3, stderr: "tsunagi-gate: cannot verify release 00000000-0000-4000-8000-000000000000 — the bridge refused it: 404 unknown_release\n" });
    const checker = await issueApiToken({ name: "analysis only", scopes: ["gate:analyze"], createdById: null });
    const unscoped = await gate(["release", "--dataset", dataset, "--recipient", "academia", "--purpose", research, "--samples", second.sampleCodes[0]!], { ...gateEnv, TSUNAGI_GATE_TOKEN: checker.token });
    expect(unscoped).toMatchObject({ code: 3, stderr: `tsunagi-gate: cannot verify release of ${dataset} — the bridge refused the release: 403 forbidden: scope_missing\n` });
  });

  describe("through a proxy that adds a withdrawn sample to the manifest", () => {
    let proxy: Server;
    let proxyUrl: string;

    beforeAll(async () => {
      proxy = createServer((request, response) => {
        void (async () => {
          const upstream = await fetch(`${bridge.url}${request.url}`, {
            method: request.method,
            headers: { ...(request.headers.authorization ? { Authorization: request.headers.authorization } : {}), "Content-Type": "application/json" },
            body: request.method === "POST" ? await readBody(request) : undefined,
          });
          const body = (await upstream.json()) as Record<string, unknown>;
          if (request.url === "/v1/releases" && Array.isArray(body.included)) {
            // Consistent counts, so only the signature can tell.
            body.included = [...(body.included as string[]), withdrawn.sampleCodes[0]];
            body.includedCount = (body.included as string[]).length;
            body.excludedCounts = { withdrawn_no_further_use: 1 };
          }
          response.writeHead(upstream.status, { "Content-Type": "application/json" });
          response.end(JSON.stringify(body));
        })();
      });
      await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
      proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

    it("exits 3 and writes no manifest", async () => {
      const out = path.join(workDir, "tampered.json");
      const samples = [second.sampleCodes[0]!, withdrawn.sampleCodes[0]!].join(",");
      const run = await gate(["release", "--dataset", dataset, "--recipient", "academia", "--purpose", research, "--samples", samples, "--out", out], { ...gateEnv, TSUNAGI_GATE_URL: proxyUrl });
      expect(run).toMatchObject({ code: 3, stdout: "", stderr: `tsunagi-gate: cannot verify release of ${dataset} — the bridge's answer differs from what it signed (altered in transit?)\n` });
      expect(() => readFileSync(out)).toThrow(/ENOENT/);
    });
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
