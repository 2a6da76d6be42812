/**
 * A real pipeline bridge for a test file: its own HTTP server on a free port, connected as role tsunagi_bridge to
 * the file's test database, with signing keys in a private temporary folder. Consent reaches it the way the relay
 * delivers it: the app's real outbox rows, posted to the ingest endpoint with a `bridge:ingest` token.
 */
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from "jose";
import { mkdtempSync, rmSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { tmpdir } from "node:os";
import path from "node:path";
import { getDatabase } from "../../app/db.server";
import type { ApiTokenScope } from "@tsunagi/consent-rules/api-token-scopes";
import { issueApiToken } from "../../app/domain/api-tokens/issue-api-token.server";
import type { ConsentChangeMessage } from "@tsunagi/consent-rules/consent-change-message";
import { bridgeDefaults, type BridgeConfig } from "../../services/pipeline-bridge/src/bridge-config";
import { startBridgeServer, type RunningBridge } from "../../services/pipeline-bridge/src/server";

export interface TestBridge extends RunningBridge {
  /** A token with `bridge:ingest`, as the relay holds. */
  ingestToken: string;
  /** Posts JSON with a bearer token; returns status and parsed body (text when not JSON). */
  post(pathname: string, body: unknown, token?: string): Promise<{ status: number; body: unknown }>;
  get(pathname: string, token?: string): Promise<{ status: number; body: unknown }>;
  put(pathname: string, body: unknown, token?: string): Promise<{ status: number; body: unknown }>;
  /** Delivers messages through POST /internal/v1/consent-changes (any kind or version: the bridge reads them). */
  ingest(changes: readonly object[]): Promise<{ applied: number; duplicates: number; stale: number; parked?: number }>;
  /** A relay heartbeat claiming `highWaterMark` (default: what the bridge has applied), sent now. */
  heartbeat(options?: { highWaterMark?: bigint | string; sentAt?: Date }): Promise<void>;
}

export async function startTestBridge(databaseUrl: string, overrides: Partial<BridgeConfig> = {}): Promise<TestBridge> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "tsunagi-bridge-"));
  const bridge = await startBridgeServer({
    port: 0,
    databaseUrl,
    dataDir,
    // Long enough that a slow machine never goes stale mid-test; staleness tests pass their own bound.
    stalenessMs: 120_000,
    tokenCacheTtlMs: bridgeDefaults.tokenCacheTtlMs,
    decisionLogFlushMs: 20,
    decisionLogMaxBuffered: bridgeDefaults.decisionLogMaxBuffered,
    databaseProbeMs: 100,
    // Generous: a test process busy elsewhere must not read a slow answer as a frozen database. The freeze test sets its own.
    databaseDeadlineMs: 5_000,
    clock: Date.now,
    ...overrides,
  });
  const ingestToken = await issueTestToken(["bridge:ingest"]);
  const request = async (method: string, pathname: string, body: unknown, token: string | undefined) => {
    const response = await fetch(`${bridge.url}${pathname}`, {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed };
  };
  const testBridge: TestBridge = {
    ...bridge,
    ingestToken,
    post: (pathname, body, token) => request("POST", pathname, body, token),
    get: (pathname, token) => request("GET", pathname, undefined, token),
    put: (pathname, body, token) => request("PUT", pathname, body, token),
    async ingest(changes) {
      const { status, body } = await request("POST", "/internal/v1/consent-changes", { changes }, ingestToken);
      if (status !== 200) throw new Error(`ingest answered ${status}: ${JSON.stringify(body)}`);
      return body as { applied: number; duplicates: number; stale: number; parked?: number };
    },
    async heartbeat(options = {}) {
      const highWaterMark = String(options.highWaterMark ?? bridge.context.health.appliedGlobalSeq());
      const sentAt = (options.sentAt ?? new Date()).toISOString();
      const { status, body } = await request("POST", "/internal/v1/heartbeat", { relayId: "test-relay", highWaterMark, sentAt }, ingestToken);
      if (status !== 204) throw new Error(`heartbeat answered ${status}: ${JSON.stringify(body)}`);
    },
    async close() {
      await bridge.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return testBridge;
}

export async function issueTestToken(scopes: ApiTokenScope[], options: { expiresInDays?: number } = {}): Promise<string> {
  const issued = await issueApiToken({ name: `test client ${scopes.join(" ")}`, scopes, createdById: null, expiresInDays: options.expiresInDays });
  return issued.token;
}

/** Every change message the app has written to its outbox, in ledger order (what the relay would deliver). */
export async function outboxMessages(pseudonyms?: string[]): Promise<ConsentChangeMessage[]> {
  const rows = await getDatabase().consentOutbox.findMany({
    where: pseudonyms ? { pseudonym: { in: pseudonyms } } : {},
    orderBy: { globalSeq: "asc" },
    select: { payload: true },
  });
  return rows.map((row) => row.payload as unknown as ConsentChangeMessage);
}

/**
 * The verified payload of a signed bridge answer: the body without `jws` must be exactly what `jws` signed, with a key
 * the bridge publishes (GET /.well-known/jwks.json). Throws otherwise.
 */
export async function verifiedAnswer(bridge: TestBridge, body: Record<string, unknown> & { jws?: string }): Promise<Record<string, unknown>> {
  const jwks = createLocalJWKSet((await bridge.get("/.well-known/jwks.json")).body as JSONWebKeySet);
  const { payload } = await compactVerify(body.jws!, jwks);
  const signed = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
  const { jws: _jws, ...unsigned } = body;
  if (!isDeepStrictEqual(signed, unsigned)) throw new Error(`the answer is not what was signed: ${JSON.stringify(unsigned)} against ${JSON.stringify(signed)}`);
  return signed;
}
