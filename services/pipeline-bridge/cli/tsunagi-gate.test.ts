import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { CompactSign, exportJWK, FlattenedSign, generateKeyPair, type JWK } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { findingsCategories, gateActions, recipients, recontactTopics } from "@tsunagi/consent-rules/choice-catalogue";
import { freePort } from "../../../tests/support/free-port";
import {
  checkPublishedEntry,
  decisionAnswering,
  describeDecision,
  EXIT_UNVERIFIED,
  EXIT_USAGE,
  FINDINGS_CATEGORIES,
  GATE_ACTIONS,
  parseInvocation,
  parseSampleList,
  RECIPIENTS,
  RECONTACT_TOPICS,
  runGate,
  signingKidOf,
  summarizeManifest,
  UsageError,
  verifyAnswer,
  verifyCompactJws,
  verifyDetachedJws,
  verifySignedBody,
} from "./tsunagi-gate.mjs";

const env = { TSUNAGI_GATE_TOKEN: "tsg_abc.def" };
const noFiles = { readText: (path: string): string => { throw new Error(`ENOENT: ${path}`); } };

function usageError(argv: string[], environment: Record<string, string | undefined> = env, io = noFiles): string {
  try {
    parseInvocation(argv, environment, io);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`expected a usage error for ${argv.join(" ")}`);
}

// The CLI is one dependency-free file a pipeline copies, so it keeps its own copy of the contract's vocabularies;
// this holds the copy to the catalogue it was taken from (issue 12: one source of truth per fact).
describe("the CLI's vocabularies", () => {
  it("are the consent catalogue's actions, recipients, findings categories and recontact topics, in order", () => {
    expect([...GATE_ACTIONS]).toEqual([...gateActions]);
    expect(RECIPIENTS).toEqual([...recipients]);
    expect(FINDINGS_CATEGORIES).toEqual([...findingsCategories]);
    expect(RECONTACT_TOPICS).toEqual([...recontactTopics]);
  });
});

describe("reading the command line", () => {
  it("takes the question as flags or as two arguments, and only what the caller said", () => {
    const flags = parseInvocation(["check", "--action", "analyze", "--subject", "S-7KQ2M9X4TB", "--purpose=DUO:0000006", "--recipient", "academia"], env, noFiles);
    const positional = parseInvocation(["check", "analyze", "S-7KQ2M9X4TB", "--purpose", "DUO:0000006", "--recipient", "academia"], env, noFiles);
    expect(flags).toEqual(positional);
    expect(flags).toMatchObject({
      command: "check",
      question: { subject: "S-7KQ2M9X4TB", action: "analyze", purpose: "DUO:0000006", recipient: "academia" },
      connection: { url: "http://localhost:3100", token: "tsg_abc.def", timeoutMs: 10_000 },
      json: false,
    });
    const bare = parseInvocation(["check", "sequence", "TGP-8QX2-K4TM"], env, noFiles);
    expect(bare.command === "check" && Object.keys(bare.question)).toEqual(["subject", "action"]);
  });

  it("reads the bridge address and token from the environment, flags winning, and the token file trimmed", () => {
    const fromEnv = parseInvocation(["check", "store", "S-1"], { TSUNAGI_GATE_URL: "https://bridge.example/", TSUNAGI_GATE_TOKEN: "tsg_e.f", TSUNAGI_GATE_TIMEOUT: "2.5" }, noFiles);
    expect(fromEnv).toMatchObject({ connection: { url: "https://bridge.example", token: "tsg_e.f", timeoutMs: 2500 } });
    const fromFlags = parseInvocation(["check", "store", "S-1", "--url", "http://10.0.0.5:3100", "--token-file", "/run/token"], env, { readText: () => "tsg_file.secret\n" });
    expect(fromFlags).toMatchObject({ connection: { url: "http://10.0.0.5:3100", token: "tsg_file.secret" } });
  });

  it("refuses what it cannot ask, as a usage error rather than a denial", () => {
    expect(usageError(["check", "analyse", "S-1"])).toMatch(/the action must be one of sequence, analyze/);
    expect(usageError(["check", "--action", "analyze"])).toBe("check needs --subject");
    expect(usageError(["check", "analyze", "S-1"], {})).toBe("no API token: set TSUNAGI_GATE_TOKEN or pass --token-file");
    expect(usageError(["check", "analyze", "S-1", "--token-file", "/nope"], {})).toMatch(/cannot read --token-file \/nope/);
    expect(usageError(["check", "analyze", "S-1", "--purpose", "research"])).toMatch(/DUO id/);
    expect(usageError(["check", "analyze", "S 1"])).toMatch(/not a sample code/);
    expect(usageError(["check", "analyze", "S-1", "--recipient", "pharma"])).toMatch(/--recipient must be one of/);
    expect(usageError(["check", "analyze", "S-1", "--subject", "S-2"])).toMatch(/given twice/);
    expect(usageError(["check", "analyze", "S-1", "--dataset", "D"])).toBe("--dataset does not apply to check");
    expect(usageError(["check", "analyze", "S-1", "--timeout", "0"])).toMatch(/--timeout must be a number of seconds above 0/);
    expect(usageError(["check", "analyze", "S-1", "--url", "ftp://x"])).toMatch(/http or https/);
    expect(usageError(["verify"])).toMatch(/unknown command/);
    expect(usageError([])).toBe("no command given");
    expect(usageError(["release", "--dataset", "d1", "--recipient", "academia", "--purpose", "DUO:0000006"])).toMatch(/exactly one of --samples and --samples-file/);
    expect(usageError(["release", "--show", "r1", "--dataset", "d1"])).toMatch(/--show reads an existing release/);
    expect(usageError(["release", "--show", "../../v1/decisions"])).toMatch(/not a release id/);
    expect(usageError(["release", "--dataset", "WGS 2026", "--recipient", "academia", "--purpose", "DUO:0000006", "--samples", "S-1"])).toMatch(/not a dataset id/);
  });

  it("names the published checkpoint list to verify, with its keys and where to remember it (issue 27)", () => {
    const list = "https://tsunagi.example/transparency/checkpoints.json";
    const jwks = "https://tsunagi.example/transparency/jwks.json";
    expect(parseInvocation(["checkpoints", "--checkpoints", list, "--jwks", jwks], { HOME: "/home/pipeline" })).toEqual({
      command: "checkpoints",
      checkpoints: { listUrl: list, jwks, stateFile: "/home/pipeline/.tsunagi-gate/checkpoints.json" },
      timeoutMs: 10_000,
    });
    // Before a step, from the environment; no token needed just to look at the list.
    const check = parseInvocation(["check", "analyze", "S-1"], { ...env, TSUNAGI_GATE_CHECKPOINTS: list, TSUNAGI_GATE_CHECKPOINTS_JWKS: "/etc/tsunagi/jwks.json", TSUNAGI_GATE_CHECKPOINT_STATE: "/var/lib/gate.json" });
    expect(check.command === "check" && check.connection.checkpoints).toEqual({ listUrl: list, jwks: "/etc/tsunagi/jwks.json", stateFile: "/var/lib/gate.json" });
    expect(usageError(["checkpoints", "--checkpoints", list])).toMatch(/--checkpoints needs --jwks/);
    expect(usageError(["checkpoints"])).toMatch(/checkpoints needs --checkpoints/);
    expect(usageError(["checkpoints", "--checkpoints", "file:///etc/passwd", "--jwks", jwks])).toMatch(/http or https/);
    expect(usageError(["checkpoints", "--checkpoints", list, "--jwks", jwks, "--action", "analyze"])).toBe("--action does not apply to checkpoints");
    expect(usageError(["check", "analyze", "S-1", "--jwks", jwks])).toMatch(/go with --checkpoints/);
  });

  it("reads a release's samples from a list or a file, once each, ignoring comments", () => {
    expect(parseSampleList("S-1, S-2 S-3\n# withdrawn\n\nS-4  # late\nS-1\n")).toEqual(["S-1", "S-2", "S-3", "S-4"]);
    const release = parseInvocation(["release", "--dataset", "wgs-2026-01", "--recipient", "industry", "--purpose", "DUO:0000007", "--samples-file", "-", "--out", "m.json"], env, {
      readText: (path) => (path === "-" ? "S-A\nS-B\n" : ""),
    });
    expect(release).toMatchObject({ command: "release", out: "m.json", request: { dataset: "wgs-2026-01", recipient: "industry", purpose: "DUO:0000007", samples: ["S-A", "S-B"] } });
    const releaseId = "2f1d4c5e-8a9b-4c3d-9e8f-7a6b5c4d3e2f";
    expect(parseInvocation(["release", "--show", releaseId], env, noFiles)).toMatchObject({ command: "show-release", releaseId });
  });

  it("names the approval a release is made under, and the receiving institution, only when given (ADR 041)", () => {
    const approval = "6f0c7c1e-0000-4000-8000-000000000001";
    const base = ["release", "--dataset", "wgs-2026-01", "--recipient", "academia", "--purpose", "DUO:0000006", "--samples", "S-1"];
    expect(parseInvocation([...base, "--approval", approval, "--recipient-institution", "Kyoto University"], env, noFiles)).toMatchObject({
      request: { approval, recipientInstitution: "Kyoto University" },
    });
    expect((parseInvocation(base, env, noFiles) as { request: object }).request).not.toHaveProperty("approval");
    expect(usageError([...base, "--approval", "DA-2026-0001"])).toMatch(/not an approval id/);
    expect(usageError([...base, "--recipient-institution", " "])).toMatch(/empty/);
    expect(usageError(["release", "--show", approval, "--approval", approval])).toMatch(/--approval does not apply/);
  });

  it("answers --help on stdout and a usage mistake with exit 2 on stderr", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (text: string) => out.push(text), stderr: (text: string) => err.push(text), writeFile: () => undefined, now: Date.now };
    expect(await runGate(["--help"], env, io)).toBe(0);
    expect(out.join("")).toContain("tsunagi-gate check --action <action> --subject <sample|pseudonym>");
    expect(await runGate(["check", "analyze"], env, io)).toBe(EXIT_USAGE);
    expect(err.join("")).toBe("tsunagi-gate: check needs --subject\nRun tsunagi-gate --help for usage.\n");
  });

  it("fails closed with exit 3 when nothing listens at the bridge's address", async () => {
    const port = await freePort(); // nothing listens there now
    const err: string[] = [];
    const io = { stdout: () => undefined, stderr: (text: string) => err.push(text), writeFile: () => undefined, now: Date.now };
    expect(await runGate(["check", "analyze", "S-1", "--url", `http://127.0.0.1:${port}`], env, io)).toBe(EXIT_UNVERIFIED);
    expect(err.join("")).toBe(`tsunagi-gate: cannot verify analyze S-1 — the bridge at http://127.0.0.1:${port} is unreachable: fetch failed (ECONNREFUSED)\n`);
  });
});

describe("verifying signed answers", () => {
  let privateKey: CryptoKey;
  let jwks: { keys: JWK[] };
  let otherJwks: { keys: JWK[] };
  const sign = async (payload: unknown, header: Record<string, unknown> = { alg: "ES256", kid: "k1" }) =>
    new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader(header as { alg: string }).sign(privateKey);

  beforeAll(async () => {
    const pair = await generateKeyPair("ES256", { extractable: true });
    privateKey = pair.privateKey;
    jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "ES256", use: "sig" }] };
    const other = await generateKeyPair("ES256", { extractable: true });
    otherJwks = { keys: [{ ...(await exportJWK(other.publicKey)), kid: "k1", alg: "ES256", use: "sig" }] };
  });

  const answer = (decision: Record<string, unknown>, evaluatedAt = new Date().toISOString()) => ({
    requestId: "0d8e2c3a-6f55-4d0e-8d55-1c2b1f0a9e11",
    evaluatedAt,
    decisions: [{ subject: "S-1", action: "analyze", purpose: "DUO:0000006", allowed: true, reason: "consented", choices: ["core.wgs"], consentVersion: "1.0", eventId: "e-1", ...decision }],
  });

  it("accepts a JWS that jose signed, and returns the payload it signed", async () => {
    const payload = answer({});
    expect(verifyCompactJws(await sign(payload), jwks)).toEqual(payload);
    expect(verifySignedBody({ ...payload, jws: await sign(payload) }, jwks)).toEqual(payload);
  });

  it("refuses a body altered after signing, a signature by another key, and unsigned or oddly signed answers", async () => {
    const payload = answer({ allowed: false, reason: "withdrawn_no_further_use" });
    const jws = await sign(payload);
    const altered = { ...payload, decisions: [{ ...payload.decisions[0], allowed: true, reason: "consented" }], jws };
    expect(() => verifySignedBody(altered, jwks)).toThrow(/differs from what it signed/);
    expect(() => verifySignedBody({ ...payload, jws }, otherJwks)).toThrow(/does not verify/);
    expect(() => verifySignedBody(payload, jwks)).toThrow(/not signed/);
    const [header, body] = jws.split(".");
    const none = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${body}.`;
    expect(() => verifyCompactJws(none, jwks)).toThrow(/not signed with ES256/);
    expect(() => verifyCompactJws(`${header}.${body}`, jwks)).toThrow(/malformed/);
    const forged = Buffer.from(JSON.stringify({ ...payload, decisions: [{ ...payload.decisions[0], allowed: true }] })).toString("base64url");
    expect(() => verifyCompactJws(`${header}.${forged}.${jws.split(".")[2]}`, jwks)).toThrow(/does not verify/);
    const rotatedAway = await sign(payload, { alg: "ES256", kid: "rotated-away" });
    expect(() => verifyCompactJws(rotatedAway, jwks)).toThrow(/no ES256 key .* \(kid rotated-away\)/);
    const withExtension = `${Buffer.from(JSON.stringify({ alg: "ES256", kid: "k1", crit: ["b64"], b64: false })).toString("base64url")}.${body}.${jws.split(".")[2]}`;
    expect(() => verifyCompactJws(withExtension, jwks)).toThrow(/JWS extensions this client does not support/);
  });

  it("uses a decision only when it answers the question asked, recently", () => {
    const question = { subject: "S-1", action: "analyze", purpose: "DUO:0000006" };
    const now = Date.now();
    expect(decisionAnswering(answer({}), question, { maxAgeMs: 300_000, now })).toMatchObject({ allowed: true });
    expect(() => decisionAnswering(answer({ subject: "S-2" }), question, { maxAgeMs: 300_000, now })).toThrow(/different question \(subject "S-2"\)/);
    expect(() => decisionAnswering(answer({ purpose: "DUO:0000007" }), question, { maxAgeMs: 300_000, now })).toThrow(/different question/);
    expect(() => decisionAnswering(answer({ recipient: "industry" }), question, { maxAgeMs: 300_000, now })).toThrow(/recipient "industry"/);
    const old = answer({}, new Date(now - 301_000).toISOString());
    expect(() => decisionAnswering(old, question, { maxAgeMs: 300_000, now })).toThrow(/replayed, or a clock is wrong/);
    expect(decisionAnswering(old, question, { maxAgeMs: 0, now })).toMatchObject({ allowed: true });
    expect(() => decisionAnswering({ ...answer({}), decisions: [] }, question, { maxAgeMs: 0, now })).toThrow(/exactly one decision/);
    expect(() => decisionAnswering(answer({ allowed: "yes" }), question, { maxAgeMs: 0, now })).toThrow(/no allowed\/denied answer/);
  });

  it("words a denial with its reason and the consent it rests on", () => {
    const decision = answer({ allowed: false, reason: "withdrawn_no_further_use", consentVersion: "1.1", eventId: "9b2f" }).decisions[0]!;
    expect(describeDecision(decision, { subject: "S-1", action: "analyze" })).toBe("tsunagi-gate: deny analyze S-1 — withdrawn_no_further_use (consent v1.1, event 9b2f)");
    expect(describeDecision({ allowed: false, reason: "unknown_subject", consentVersion: null, eventId: null }, { subject: "S-9", action: "sequence" })).toBe(
      "tsunagi-gate: deny sequence S-9 — unknown_subject",
    );
  });

  it("reads a manifest's counts only when they add up to the samples sent", () => {
    const manifest = { requestedCount: 5, includedCount: 2, included: ["S-1", "S-2"], excludedCounts: { unknown_subject: 1, withdrawn_destroy: 2 } };
    expect(summarizeManifest(manifest, ["S-1", "S-2", "S-3", "S-4", "S-5"])).toEqual({ included: ["S-1", "S-2"], byReason: new Map([["unknown_subject", 1], ["withdrawn_destroy", 2]]) });
    expect(() => summarizeManifest({ ...manifest, excludedCounts: { unknown_subject: 1 } }, undefined)).toThrow(/counts do not add up/);
    expect(() => summarizeManifest({ ...manifest, includedCount: 3 }, undefined)).toThrow(/counts do not add up/);
    expect(() => summarizeManifest(manifest, ["S-1", "S-3", "S-4", "S-5", "S-6"])).toThrow(/includes S-2, which was not asked for/);
    expect(() => summarizeManifest(manifest, ["S-1", "S-2", "S-3"])).toThrow(/is for 5 samples; 3 were sent/);
  });

  describe("a release in the detached form (ADR 160): the body's bytes, an RFC 7797 signature in Tsunagi-Jws", () => {
    const manifest = { releaseId: "6f1c1a86-3f0a-4c8e-9a57-2b0d4c3e9f11", title: "肺がん WGS", requestedCount: 1, includedCount: 1, included: ["S-1"], excludedCounts: {} };
    const bytes = Buffer.from(JSON.stringify(manifest), "utf8");
    /** Signed by jose as any RFC 7797 signer would: the payload unencoded, detached into `header..signature`. */
    const detach = async (payload: Uint8Array, header: Record<string, unknown> = { alg: "ES256", kid: "k1", b64: false, crit: ["b64"] }) => {
      const signed = await new FlattenedSign(payload).setProtectedHeader(header as { alg: string }).sign(privateKey);
      return `${signed.protected}..${signed.signature}`;
    };
    const answerOf = (body: Buffer, headers: Record<string, string>) => ({ status: 201, body: JSON.parse(body.toString("utf8")) as unknown, text: body.toString("utf8"), bytes: body, headers: new Headers(headers) });
    const V2 = "application/vnd.tsunagi.release.v2+json";

    it("accepts what jose signed over exactly the bytes received, and reads the attached form as before", async () => {
      expect(verifyDetachedJws(await detach(bytes), bytes, jwks)).toEqual(manifest);
      expect(verifyAnswer(answerOf(bytes, { "Content-Type": V2, "Tsunagi-Jws": await detach(bytes) }), jwks)).toEqual({ payload: manifest, form: "detached" });
      const attached = Buffer.from(JSON.stringify({ ...manifest, jws: await sign(manifest) }));
      expect(verifyAnswer(answerOf(attached, { "Content-Type": "application/json; charset=utf-8" }), jwks)).toEqual({ payload: manifest, form: "attached" });
    });

    it("refuses a tampered payload, b64:false without crit, other extensions, and a header swapped between forms", async () => {
      const jws = await detach(bytes);
      const tampered = Buffer.from(bytes.toString("utf8").replace('"S-1"', '"S-2"'));
      expect(() => verifyDetachedJws(jws, tampered, jwks)).toThrow(/does not verify/);
      expect(() => verifyDetachedJws(jws, bytes, otherJwks)).toThrow(/does not verify/);
      // Without crit, a verifier that does not know b64 would read the payload as base64url: RFC 7797 §6 forbids it.
      const header = (value: Record<string, unknown>) => Buffer.from(JSON.stringify(value)).toString("base64url");
      const signature = jws.split("..")[1]!;
      expect(() => verifyDetachedJws(`${header({ alg: "ES256", kid: "k1", b64: false })}..${signature}`, bytes, jwks)).toThrow(/without listing it as critical/);
      expect(() => verifyDetachedJws(`${header({ alg: "ES256", kid: "k1", b64: false, crit: [] })}..${signature}`, bytes, jwks)).toThrow(/without listing it as critical/);
      expect(() => verifyDetachedJws(`${header({ alg: "ES256", kid: "k1", b64: false, crit: ["b64", "exp"], exp: 1 })}..${signature}`, bytes, jwks)).toThrow(/extensions this client does not support/);
      // The attached form's signature (b64 true: over base64url of the bytes) put in the header: refused, not tried.
      const [attachedHeader, , attachedSignature] = (await sign(manifest)).split(".");
      expect(() => verifyDetachedJws(`${attachedHeader}..${attachedSignature}`, bytes, jwks)).toThrow(/not over its bytes as they are/);
      // The detached form's signature put back as an attached `jws` (payload base64url'd in): refused as an extension.
      const [detachedHeader, detachedSignature] = jws.split("..");
      expect(() => verifySignedBody({ ...manifest, jws: `${detachedHeader}.${bytes.toString("base64url")}.${detachedSignature}` }, jwks)).toThrow(/extensions this client does not support/);
      // The detached media type with no signature header, or a body the header's signature is not over.
      expect(() => verifyAnswer(answerOf(bytes, { "Content-Type": V2 }), jwks)).toThrow(/not signed \(no Tsunagi-Jws\)/);
      expect(() => verifyAnswer(answerOf(tampered, { "Content-Type": V2, "Tsunagi-Jws": jws }), jwks)).toThrow(/does not verify/);
      expect(() => verifyDetachedJws(`${detachedHeader}.x.${detachedSignature}`, bytes, jwks)).toThrow(/malformed/);
    });
  });
});

// ADR 054: a rotated-in key is published before it signs, so a key set without the answer's kid is a stale copy.
describe("the published checkpoint list's entries (ADRs 046, 114)", () => {
  it("takes version 1 entries, which state the heads, and the version 2 ones after them, which commit to them: signed, numbered, linked", async () => {
    const pair = await generateKeyPair("ES256", { extractable: true });
    const jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: "c1", alg: "ES256", use: "sig" }] };
    // Keys written in RFC 8785's order, so JSON.stringify gives the canonical bytes the programme signs.
    const bytes = (checkpoint: object) => Buffer.from(JSON.stringify(checkpoint));
    const hashOf = (checkpoint: object) => createHash("sha256").update(bytes(checkpoint)).digest("hex");
    const signed = async (checkpoint: object) => ({
      checkpoint,
      jws: await new CompactSign(bytes(checkpoint)).setProtectedHeader({ alg: "ES256", kid: "c1", typ: "tsunagi-published-checkpoint", tsunagi_low_s: true }).sign(pair.privateKey),
    });
    const first = { audit: { digest: "d".repeat(64), rows: 3, throughId: "4" }, ledger: { chainHash: "a".repeat(64), globalSeq: "3" }, previous: "0".repeat(64), publishedAt: "2026-11-28T10:00:00.000Z", reason: "change", seq: 1, version: 1 };
    const second = { commitment: "c".repeat(64), previous: hashOf(first), publishedAt: "2026-11-28T10:10:00.000Z", reason: "schedule", seq: 2, version: 2 };
    const third = { commitment: "e".repeat(64), previous: hashOf(second), publishedAt: "2026-11-28T10:20:00.000Z", reason: "schedule", seq: 3, version: 2 };
    let previousHash = "0".repeat(64);
    for (const [index, checkpoint] of [first, second, third].entries()) previousHash = checkPublishedEntry(await signed(checkpoint), index + 1, previousHash, jwks).hash;
    expect(previousHash).toBe(hashOf(third));
    const relinked = { ...third, previous: hashOf(first) };
    expect(() => checkPublishedEntry({ ...third, previous: hashOf(first) }, 3, hashOf(second), jwks)).toThrow(/not a signed checkpoint entry/);
    await expect(signed(relinked).then((entry) => checkPublishedEntry(entry, 3, hashOf(second), jwks))).rejects.toThrow(/does not link to checkpoint #2/);
  });
});

describe("an answer signed by a key the fetched key set lacks", () => {
  let server: Server;
  let url: string;
  let staleSet: { keys: JWK[] };
  let freshSet: { keys: JWK[] };
  let signWithNewKey: (payload: unknown) => Promise<string>;
  const jwksRequests: (string | undefined)[] = [];

  beforeAll(async () => {
    const old = await generateKeyPair("ES256", { extractable: true });
    const rotatedIn = await generateKeyPair("ES256", { extractable: true });
    const oldJwk = { ...(await exportJWK(old.publicKey)), kid: "old", alg: "ES256", use: "sig" };
    staleSet = { keys: [oldJwk] };
    freshSet = { keys: [oldJwk, { ...(await exportJWK(rotatedIn.publicKey)), kid: "rotated-in", alg: "ES256", use: "sig" }] };
    signWithNewKey = (payload) => new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: "ES256", kid: "rotated-in" }).sign(rotatedIn.privateKey);
    // A bridge behind a cache: the key set from before the rotation unless the client asks past the cache.
    server = createServer((request, response) => {
      if (request.url === "/.well-known/jwks.json") {
        jwksRequests.push(request.headers["cache-control"]);
        response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(request.headers["cache-control"] === "no-cache" ? freshSet : staleSet));
        return;
      }
      const payload = {
        requestId: "0d8e2c3a-6f55-4d0e-8d55-1c2b1f0a9e11",
        evaluatedAt: new Date().toISOString(),
        decisions: [{ subject: "S-1", action: "analyze", purpose: "DUO:0000006", allowed: true, reason: "consented", consentVersion: "1.0", eventId: "e-1" }],
      };
      void signWithNewKey(payload).then((jws) => response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ ...payload, jws })));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return () => new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const check = async (extra: string[]) => {
    const err: string[] = [];
    const io = { stdout: () => undefined, stderr: (text: string) => err.push(text), writeFile: () => undefined, now: Date.now };
    const code = await runGate(["check", "analyze", "S-1", "--purpose", "DUO:0000006", "--url", url, ...extra], env, io);
    return { code, stderr: err.join("") };
  };

  it("fetches the key set once more, past any cache, and accepts the answer", async () => {
    jwksRequests.length = 0;
    expect(signingKidOf({ jws: await signWithNewKey({}) })).toBe("rotated-in");
    expect(await check(["--quiet"])).toEqual({ code: 0, stderr: "" });
    expect(jwksRequests).toEqual([undefined, "no-cache"]);
  });

  it("does not refresh a pinned key set: exit 3 until the operator adds the new key to it", async () => {
    jwksRequests.length = 0;
    const folder = mkdtempSync(path.join(tmpdir(), "tsunagi-gate-"));
    try {
      const pinned = path.join(folder, "jwks.json");
      writeFileSync(pinned, JSON.stringify(staleSet));
      expect(await check(["--jwks-file", pinned])).toEqual({ code: EXIT_UNVERIFIED, stderr: expect.stringContaining("no ES256 key in the bridge's key set matches the answer's signature (kid rotated-in)") });
      writeFileSync(pinned, JSON.stringify(freshSet));
      expect((await check(["--jwks-file", pinned])).code).toBe(0);
      expect(jwksRequests).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
