// The tsunagi-gate CLI run as a pipeline runs it (a child process, through its PATH shim) against a real bridge on
// a real database, fed by the real outbox relay from consents the app's own verbs recorded.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { compactVerify, createLocalJWKSet, CompactSign, exportJWK, generateKeyPair, type JSONWebKeySet } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { issueApiToken } from "../../app/domain/api-tokens/issue-api-token.server";
import { revokeApiToken } from "../../app/domain/api-tokens/revoke-api-token.server";
import { useTestDatabase } from "../support/database";
import { freePort } from "../support/free-port";
import { runGateCli as gate, useAlteringProxy, useRelayedBridge, type AlterAnswer } from "../support/gate-cli";
import { useTempDataDir } from "../support/temp-data-dir";
import { withdrawOnline } from "../support/withdraw-online";
import { consentedParticipant, type ConsentedParticipant } from "./dashboard-fixtures";

const database = useTestDatabase();
useTempDataDir();
const bridge = useRelayedBridge(database, "tsunagi-gate-cli");

const research = "DUO:0000006";

let gateEnv: Record<string, string>;
let consenting: ConsentedParticipant;
let withdrawn: ConsentedParticipant;
let withdrawalEventId: string;

beforeAll(async () => {
  const client = await issueApiToken({ name: "pipeline cluster", scopes: ["gate:sequence", "gate:analyze"], createdById: null });
  gateEnv = { TSUNAGI_GATE_URL: bridge.url, TSUNAGI_GATE_TOKEN: client.token };

  consenting = await consentedParticipant({ language: "en" });
  withdrawn = await consentedParticipant({ language: "en" });
  withdrawalEventId = (await withdrawOnline(withdrawn)).id;
  // The relay delivers within a heartbeat or two.
  await bridge.untilReason(client.token, { subject: consenting.sampleCodes[0]!, action: "analyze", purpose: research }, "consented");
  await bridge.untilReason(client.token, { subject: withdrawn.sampleCodes[0]!, action: "analyze", purpose: research }, "withdrawn_no_further_use");
}, 60_000);

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
    const port = await freePort(); // nothing listens there now
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
    const file = path.join(bridge.workDir, "token");
    writeFileSync(file, `${gateEnv.TSUNAGI_GATE_TOKEN}\n`, { mode: 0o600 });
    const fromFile = await gate(["check", "analyze", consenting.sampleCodes[1]!, "--purpose", research, "--token-file", file], { TSUNAGI_GATE_URL: bridge.url });
    expect(fromFile.code).toBe(0);
    const none = await gate(["check", "analyze", consenting.sampleCodes[1]!], { TSUNAGI_GATE_URL: bridge.url });
    expect(none).toEqual({ code: 2, stdout: "", stderr: "tsunagi-gate: no API token: set TSUNAGI_GATE_TOKEN or pass --token-file\nRun tsunagi-gate --help for usage.\n" });
  });
});

describe("tsunagi-gate check through a proxy that tampers with the answer", () => {
  let tamper: AlterAnswer = async (body) => body;
  const proxy = useAlteringProxy(bridge, (body, url) => tamper(body, url));

  const viaProxy = (args: string[]) => gate(args, { ...gateEnv, TSUNAGI_GATE_URL: proxy.url });
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
    const pinned = path.join(bridge.workDir, "bridge-jwks.json");
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
    expect(run.stderr).toBe(`tsunagi-gate: cannot verify analyze ${consenting.sampleCodes[0]} — no answer from the bridge at ${proxy.url} within 1 s\n`);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
