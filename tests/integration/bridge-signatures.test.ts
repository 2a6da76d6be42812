import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GENERATED_KEYS_FILE } from "../../services/pipeline-bridge/src/signing/signing-keys";
import { useTestDatabase } from "../support/database";
import { issueTestToken, outboxMessages, startTestBridge, type TestBridge } from "../support/pipeline-bridge";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant, type ConsentedParticipant } from "./dashboard-fixtures";

const db = useTestDatabase();
useTempDataDir();

describe("signed answers", () => {
  let bridge: TestBridge;
  let token: string;
  let participant: ConsentedParticipant;
  let jwks: ReturnType<typeof createLocalJWKSet>;
  let publishedKeys: JSONWebKeySet;

  beforeAll(async () => {
    bridge = await startTestBridge(db.url);
    token = await issueTestToken(["gate:analyze", "gate:share", "gate:recontact"]);
    participant = await consentedParticipant();
    await bridge.ingest(await outboxMessages([participant.pseudonym]));
    await bridge.heartbeat();
    const response = await fetch(`${bridge.url}/.well-known/jwks.json`);
    publishedKeys = (await response.json()) as JSONWebKeySet;
    jwks = createLocalJWKSet(publishedKeys);
  });
  afterAll(() => bridge.close());

  /** Verifies `jws` against the served keys and returns the verified payload, as docs/pipeline-bridge.md tells clients to. */
  async function verified(body: unknown): Promise<unknown> {
    const { jws } = body as { jws: string };
    const { payload, protectedHeader } = await compactVerify(jws, jwks);
    expect(protectedHeader.alg).toBe("ES256");
    return JSON.parse(new TextDecoder().decode(payload));
  }

  it("publishes only public ES256 keys with thumbprint kids", () => {
    expect(publishedKeys.keys).toHaveLength(1);
    for (const key of publishedKeys.keys) {
      expect(key).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
      expect(key.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(key).not.toHaveProperty("d");
    }
  });

  it("keeps its generated private key in the data folder, readable by the owner only", () => {
    const file = path.join(bridge.context.config.dataDir, GENERATED_KEYS_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file, "utf8")) as { keys: { d?: string; kid: string }[] };
    expect(stored.keys[0]?.d).toBeTruthy();
    expect(stored.keys[0]?.kid).toBe(publishedKeys.keys[0]?.kid);
  });

  it("a decision verifies, and the verified payload is exactly the body without jws", async () => {
    const answer = await bridge.post("/v1/decisions", { subject: participant.sampleCodes[0], action: "analyze", purpose: "DUO:0000006" }, token);
    expect(answer.status).toBe(200);
    const { jws: _jws, ...body } = answer.body as Record<string, unknown>;
    expect(await verified(answer.body)).toEqual(body);
    expect(body).toMatchObject({ decisions: [{ allowed: true, pseudonym: participant.pseudonym, eventId: participant.grant.id }] });
  });

  it("a batch is signed as a whole, denials included", async () => {
    const requests = [
      { subject: participant.sampleCodes[0], action: "analyze", purpose: "DUO:0000006" },
      { subject: participant.pseudonym, action: "share", purpose: "DUO:0000006", recipient: "international" },
      { subject: "S-NOBODY", action: "recontact" },
    ];
    const answer = await bridge.post("/v1/decisions", { requests }, token);
    const { jws: _jws, ...body } = answer.body as Record<string, unknown>;
    expect(await verified(answer.body)).toEqual(body);
    expect((body.decisions as unknown[]).length).toBe(3);
  });

  it("a subject summary verifies the same way", async () => {
    const answer = await bridge.get(`/v1/subjects/${participant.pseudonym}`, token);
    expect(answer.status).toBe(200);
    const { jws: _jws, ...body } = answer.body as Record<string, unknown>;
    expect(await verified(answer.body)).toEqual(body);
  });

  it("a tampered payload, signature or key fails verification", async () => {
    const answer = await bridge.post("/v1/decisions", { subject: participant.sampleCodes[0], action: "share", purpose: "DUO:0000042", recipient: "international" }, token);
    const { jws } = answer.body as { jws: string; decisions: { allowed: boolean }[] };
    expect((answer.body as { decisions: { allowed: boolean }[] }).decisions[0]?.allowed).toBe(false);
    const [header, payload, signature] = jws.split(".") as [string, string, string];

    const decoded = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { decisions: { allowed: boolean; reason: string }[] };
    decoded.decisions[0]!.allowed = true;
    decoded.decisions[0]!.reason = "consented";
    const forged = `${header}.${Buffer.from(JSON.stringify(decoded)).toString("base64url")}.${signature}`;
    await expect(compactVerify(forged, jwks)).rejects.toThrow();

    const flipped = Buffer.from(signature, "base64url");
    flipped[5]! ^= 0x01;
    await expect(compactVerify(`${header}.${payload}.${flipped.toString("base64url")}`, jwks)).rejects.toThrow();

    // Another bridge's key (a fresh data folder generates a new one) does not verify this bridge's answers.
    const other = await startTestBridge(db.url);
    try {
      const otherKeys = createLocalJWKSet((await (await fetch(`${other.url}/.well-known/jwks.json`)).json()) as JSONWebKeySet);
      await expect(compactVerify(jws, otherKeys)).rejects.toThrow();
    } finally {
      await other.close();
    }
  });

  it("signs with a configured key file: the first key signs, every key is published", async () => {
    const { generateKeyPairSync } = await import("node:crypto");
    const { writeFileSync, mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const keys = [0, 1].map(() => generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" }));
    const file = path.join(mkdtempSync(path.join(tmpdir(), "tsunagi-keys-")), "keys.json");
    writeFileSync(file, JSON.stringify({ keys: keys.map((key) => ({ ...key, kid: "ignored" })) }), { mode: 0o600 });
    const configured = await startTestBridge(db.url, { signingKeysFile: file });
    try {
      const published = (await (await fetch(`${configured.url}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
      expect(published.keys).toHaveLength(2);
      expect(published.keys.map((key) => key.x)).toEqual(keys.map((key) => key.x));
      await configured.heartbeat();
      const answer = await configured.post("/v1/decisions", { subject: participant.sampleCodes[0], action: "analyze", purpose: "DUO:0000006" }, token);
      const { jws } = answer.body as { jws: string };
      const { protectedHeader } = await compactVerify(jws, createLocalJWKSet(published));
      expect(protectedHeader.kid).toBe(published.keys[0]?.kid);
    } finally {
      await configured.close();
    }
  });
});
