import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { revokeApiToken } from "../../app/domain/api-tokens/revoke-api-token.server";
import { changeChoices } from "../../app/domain/consent/records/change-choices.server";
import { withdrawConsent } from "../../app/domain/consent/records/withdraw-consent.server";
import { createDatabase, dropDatabase, randomSuffix, withDatabase } from "../../scripts/lib/postgres";
import { useTestDatabase } from "../support/database";
import { startFreezableProxy, type FreezableProxy } from "../support/freezable-tcp-proxy";
import { issueTestToken, outboxMessages, startTestBridge, type TestBridge } from "../support/pipeline-bridge";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant, type ConsentedParticipant } from "./dashboard-fixtures";

const db = useTestDatabase();
useTempDataDir();

const STALENESS_MS = 2_000;
const request = { ipAddress: "127.0.0.1", userAgent: "bridge fail-closed test" };

interface Answer {
  status: number;
  body: unknown;
}
interface DecisionItem {
  allowed: boolean;
  reason: string;
}

/**
 * Every case below must deny (200 with allowed:false and the reason) or refuse (4xx/5xx); `allows` counts every
 * allow any of them returned, and must end at zero.
 */
let allows = 0;
function decisionsOf(answer: Answer): DecisionItem[] {
  const decisions = answer.status === 200 ? ((answer.body as { decisions?: DecisionItem[] }).decisions ?? []) : [];
  allows += decisions.filter((decision) => decision.allowed !== false).length;
  return decisions;
}
function expectDenied(answer: Answer, reason: string, count = 1): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  const decisions = decisionsOf(answer);
  expect(decisions).toHaveLength(count);
  for (const decision of decisions) expect(decision).toMatchObject({ allowed: false, reason });
}
function expectRefused(answer: Answer, status: number, body: Record<string, unknown>): void {
  decisionsOf(answer);
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.body).toMatchObject(body);
}

async function waitFor<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("the bridge fails closed", () => {
  let bridge: TestBridge;
  let clockOffset = 0;
  let gateToken: string;
  let participant: ConsentedParticipant;
  let allowed: { subject: string; action: "analyze"; purpose: string };

  beforeAll(async () => {
    // A minute of token caching: only the LISTEN eviction can make a revoked, cached token stop within a second.
    bridge = await startTestBridge(db.url, { stalenessMs: STALENESS_MS, tokenCacheTtlMs: 60_000, clock: () => Date.now() + clockOffset });
    gateToken = await issueTestToken(["gate:analyze", "gate:sequence", "gate:share", "gate:events"]);
    participant = await consentedParticipant();
    allowed = { subject: participant.sampleCodes[0]!, action: "analyze", purpose: "DUO:0000006" };
    await bridge.ingest(await outboxMessages([participant.pseudonym]));
    await bridge.heartbeat();
  });
  afterAll(async () => {
    await bridge.close();
  });

  /** The control: the same request the cases below twist is allowed when nothing is wrong. */
  async function expectAllowedControl(token = gateToken): Promise<void> {
    await bridge.heartbeat();
    const answer = await bridge.post("/v1/decisions", allowed, token);
    expect(answer.status).toBe(200);
    expect((answer.body as { decisions: DecisionItem[] }).decisions[0]).toMatchObject({ allowed: true, reason: "consented" });
  }

  it("control: a consented sample is allowed while everything is well", async () => {
    await expectAllowedControl();
  });

  it("denies an unknown subject", async () => {
    expectDenied(await bridge.post("/v1/decisions", { ...allowed, subject: "S-NEVER-SEEN" }, gateToken), "unknown_subject");
    expectDenied(await bridge.post("/v1/decisions", { ...allowed, subject: "TGP-0000-0000" }, gateToken), "unknown_subject");
    expectRefused(await bridge.get("/v1/subjects/S-NEVER-SEEN", gateToken), 404, { error: "unknown_subject" });
  });

  it("denies a destroyed sample while its sibling stays allowed", async () => {
    const other = await consentedParticipant();
    await getDatabase().sample.update({ where: { sampleCode: other.sampleCodes[0]! }, data: { destroyedAt: new Date() } });
    await changeChoices({ participantId: other.id, actor: { userId: other.user!.id, role: "participant" }, method: "online", language: "ja", request, changes: { "share.industry": "no" } });
    await bridge.ingest(await outboxMessages([other.pseudonym]));
    await bridge.heartbeat();
    expectDenied(await bridge.post("/v1/decisions", { ...allowed, subject: other.sampleCodes[0] }, gateToken), "sample_destroyed");
    const sibling = await bridge.post("/v1/decisions", { ...allowed, subject: other.sampleCodes[1] }, gateToken);
    expect((sibling.body as { decisions: DecisionItem[] }).decisions[0]?.allowed).toBe(true);
  });

  it("denies a withdrawn participant's samples as soon as the change is ingested", async () => {
    const leaving = await consentedParticipant();
    await bridge.ingest(await outboxMessages([leaving.pseudonym]));
    await withdrawConsent({ participantId: leaving.id, actor: { userId: leaving.user!.id, role: "participant" }, method: "online", language: "ja", request, level: "no_further_use" });
    await bridge.ingest(await outboxMessages([leaving.pseudonym]));
    await bridge.heartbeat();
    expectDenied(await bridge.post("/v1/decisions", { ...allowed, subject: leaving.sampleCodes[0] }, gateToken), "withdrawn_no_further_use");
  });

  it("denies everything before the first heartbeat", async () => {
    const fresh = await startTestBridge(db.url, { stalenessMs: STALENESS_MS });
    try {
      expect(fresh.context.subjects.get(participant.pseudonym)).toBeDefined();
      expectDenied(await fresh.post("/v1/decisions", allowed, gateToken), "projection_stale");
      expect(await fresh.get("/readyz")).toEqual({ status: 503, body: { ready: false, reason: "projection_stale", approvals: expect.any(Object) } });
      expectRefused(await fresh.get(`/v1/subjects/${participant.pseudonym}`, gateToken), 503, { error: "projection_stale" });
    } finally {
      await fresh.close();
    }
  });

  it("denies when the last heartbeat is older than the bound, whether it arrived late or time passed", async () => {
    // Sent long ago, delivered only now: it proves nothing about the present.
    await bridge.heartbeat({ sentAt: new Date(Date.now() - STALENESS_MS * 2) });
    expectDenied(await bridge.post("/v1/decisions", allowed, gateToken), "projection_stale");
    expect((await bridge.get("/readyz")).status).toBe(503);

    await bridge.heartbeat();
    expect((await bridge.get("/readyz")).status).toBe(200);
    clockOffset += STALENESS_MS + 1;
    expectDenied(await bridge.post("/v1/decisions", allowed, gateToken), "projection_stale");
    expectDenied(await bridge.post("/v1/decisions", { requests: [allowed, allowed, { ...allowed, subject: "S-NEVER-SEEN" }] }, gateToken), "projection_stale", 3);
    clockOffset = 0;
    await expectAllowedControl();
  });

  it("denies when the relay says it delivered more than the bridge applied", async () => {
    const applied = bridge.context.health.appliedGlobalSeq();
    await bridge.heartbeat({ highWaterMark: applied + 1n });
    expectDenied(await bridge.post("/v1/decisions", allowed, gateToken), "projection_stale");
    expect(await bridge.get("/readyz")).toEqual({ status: 503, body: { ready: false, reason: "projection_stale", approvals: expect.any(Object) } });
    await expectAllowedControl();
  });

  it("refuses or denies malformed requests as a whole or per item", async () => {
    const malformed = { error: "malformed_request" };
    for (const body of ["{", "not json", "", "[]", "null", "42", '"analyze"', "{}", JSON.stringify({ requests: "all" }), JSON.stringify({ requests: [] }), JSON.stringify({ requests: [allowed], extra: 1 })]) {
      expectRefused(await bridge.post("/v1/decisions", body, gateToken), 400, malformed);
    }
    expectRefused(await bridge.post("/v1/decisions", { ...allowed, purpose: "" }, gateToken), 400, malformed);
    expectRefused(await bridge.post("/v1/decisions", { ...allowed, action: "delete" }, gateToken), 400, malformed);
    expectRefused(await bridge.post("/v1/decisions", { ...allowed, subject: `${allowed.subject}\u0000` }, gateToken), 400, malformed);
    expectRefused(await bridge.post("/v1/decisions", { ...allowed, purpose: "DUO:0000006\u0000" }, gateToken), 400, malformed);
    expectRefused(await bridge.post("/v1/decisions", { ...allowed, subject: [allowed.subject] }, gateToken), 400, malformed);
    expectRefused(await bridge.post("/v1/decisions", { requests: Array.from({ length: 10_001 }, () => allowed) }, gateToken), 400, malformed);
    expectRefused(await bridge.post("/v1/decisions", `{"subject":"${"S".repeat(9 * 1024 * 1024)}","action":"analyze"}`, gateToken), 413, { error: "payload_too_large" });

    const items = [
      { ...allowed, purpose: "" },
      { ...allowed, action: "delete" },
      { ...allowed, subject: `${allowed.subject}\u0000` },
      { ...allowed, unexpected: true },
      "analyze",
      null,
      { ...allowed, recipient: "everyone" },
      { subject: "S-\uD800", action: "analyze\uDC00", purpose: "x".repeat(100_000) },
    ];
    const answer = await bridge.post("/v1/decisions", { requests: items }, gateToken);
    expectDenied(answer, "malformed_request", items.length);
    expect(JSON.stringify(answer.body)).not.toContain("\\u0000");
    // What was echoed and logged of them is storable: the log keeps writing and the bridge stays ready.
    await bridge.context.decisionLog.flush();
    await bridge.heartbeat();
    expect(await bridge.get("/readyz")).toEqual({ status: 200, body: { ready: true, approvals: expect.any(Object) } });

    const ingest = await bridge.post("/internal/v1/consent-changes", { changes: [{ eventId: "x" }] }, bridge.ingestToken);
    expect(ingest).toMatchObject({ status: 400, body: malformed });
    const heartbeat = await bridge.post("/internal/v1/heartbeat", { relayId: "r\u0000", highWaterMark: "1", sentAt: new Date().toISOString() }, bridge.ingestToken);
    expect(heartbeat.status).toBe(400);
    expect((await bridge.get("/v1/events?after=-1", gateToken)).status).toBe(400);
    expect((await bridge.get("/v1/events?wait=31", gateToken)).status).toBe(400);
  });

  it("refuses missing, malformed, unknown, revoked and expired tokens", async () => {
    const unauthorized = (reason: string) => ({ error: "unauthorized", reason });
    expectRefused(await bridge.post("/v1/decisions", allowed), 401, unauthorized("token_missing"));
    for (const header of ["Bearer", "Bearer abc", "Basic dXNlcjpwYXNz", "tsg_abcdefghijkmnpqr.abcdefghijkmnpqrstuvwxyz23456789", `Bearer ${gateToken}x`]) {
      const response = await fetch(`${bridge.url}/v1/decisions`, { method: "POST", headers: { Authorization: header }, body: JSON.stringify(allowed) });
      expectRefused({ status: response.status, body: await response.json() }, 401, unauthorized("token_malformed"));
    }
    // Well formed, but no such token; and a real token id with a wrong secret.
    expectRefused(await bridge.post("/v1/decisions", allowed, "tsg_abcdefghijkmnpqr.abcdefghijkmnpqrstuvwxyz23456789"), 401, unauthorized("token_unknown"));
    expectRefused(await bridge.post("/v1/decisions", allowed, `${gateToken.slice(0, -4)}2222`), 401, unauthorized("token_unknown"));

    const revoked = await issueTestToken(["gate:analyze"]);
    await revokeApiToken({ tokenId: revoked.slice(4, 20), context: {} });
    expectRefused(await bridge.post("/v1/decisions", allowed, revoked), 401, unauthorized("token_revoked"));

    const expired = await issueTestToken(["gate:analyze"]);
    await getDatabase().apiToken.update({ where: { id: expired.slice(4, 20) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expectRefused(await bridge.post("/v1/decisions", allowed, expired), 401, unauthorized("token_expired"));
  });

  it("stops a cached token within moments of its revocation (LISTEN), long before the cache would expire", async () => {
    const token = await issueTestToken(["gate:analyze"]);
    await expectAllowedControl(token);
    await revokeApiToken({ tokenId: token.slice(4, 20), context: {} });
    const started = Date.now();
    // Polled with a subject that always denies, so the short wait for the notification cannot count as an allow.
    const answer = await waitFor(() => bridge.post("/v1/decisions", { ...allowed, subject: "S-NEVER-SEEN" }, token), (result) => result.status === 401, 1_000);
    decisionsOf(answer);
    expect(answer.status).toBe(401);
    expect(Date.now() - started).toBeLessThan(1_000);
    expectRefused(await bridge.post("/v1/decisions", allowed, token), 401, { reason: "token_revoked" });
  });

  it("refuses a cached token once it expires", async () => {
    const token = await issueTestToken(["gate:analyze"], { expiresInDays: 1 });
    await expectAllowedControl(token);
    clockOffset = 2 * 24 * 60 * 60 * 1000;
    try {
      expectRefused(await bridge.post("/v1/decisions", allowed, token), 401, { reason: "token_expired" });
    } finally {
      clockOffset = 0;
    }
  });

  it("denies an action the token has no gate scope for, and refuses a token without any", async () => {
    const sequenceOnly = await issueTestToken(["gate:sequence"]);
    expectDenied(await bridge.post("/v1/decisions", allowed, sequenceOnly), "scope_missing");
    const mixed = await bridge.post("/v1/decisions", { requests: [allowed, { subject: allowed.subject, action: "sequence" }] }, sequenceOnly);
    const [analyse, sequence] = (mixed.body as { decisions: DecisionItem[] }).decisions;
    expect(analyse).toMatchObject({ allowed: false, reason: "scope_missing" });
    expect(sequence).toMatchObject({ allowed: true });

    for (const scopes of [["fhir:read"], ["bridge:ingest"]] as const) {
      expectRefused(await bridge.post("/v1/decisions", allowed, await issueTestToken([...scopes])), 403, { error: "forbidden", reason: "scope_missing" });
    }
    expectRefused(await bridge.post("/internal/v1/consent-changes", { changes: [] }, gateToken), 403, { reason: "scope_missing" });
    expectRefused(await bridge.post("/internal/v1/heartbeat", {}, gateToken), 403, { reason: "scope_missing" });
    expectRefused(await bridge.get("/v1/events?wait=0", sequenceOnly), 403, { reason: "scope_missing" });
  });

  it("denies once the decision log holds as many unwritten rows as it may, and keeps within that bound", async () => {
    // Writes every minute only, so rows pile up: the bound, not the database, is what is tested here.
    const bounded = await startTestBridge(db.url, { decisionLogMaxBuffered: 3, decisionLogFlushMs: 60_000 });
    try {
      await bounded.heartbeat();
      const first = await bounded.post("/v1/decisions", { requests: [allowed, allowed] }, gateToken);
      expect((first.body as { decisions: DecisionItem[] }).decisions.map((decision) => decision.allowed)).toEqual([true, true]);
      expect((await bounded.get("/readyz")).status).toBe(200);
      expectDenied(await bounded.post("/v1/decisions", { requests: [allowed, allowed] }, gateToken), "database_unavailable", 2);
      expectDenied(await bounded.post("/v1/decisions", allowed, gateToken), "database_unavailable");
      expect(bounded.context.decisionLog.buffered).toBe(3);
      expect(bounded.context.decisionLog.dropped).toBe(2);
      // A load balancer reading /readyz takes it out of rotation while it would deny everything.
      expect(await bounded.get("/readyz")).toEqual({ status: 503, body: { ready: false, reason: "database_unavailable", approvals: expect.any(Object) } });
      // Once written, there is room again.
      await bounded.context.decisionLog.flush();
      expect((await bounded.get("/readyz")).status).toBe(200);
      const after = await bounded.post("/v1/decisions", allowed, gateToken);
      expect((after.body as { decisions: DecisionItem[] }).decisions[0]?.allowed).toBe(true);
    } finally {
      await bounded.close();
    }
  });

  describe("when its database fails", () => {
    let outage: TestBridge;
    let outageDb: string;
    let admin: pg.Client;
    let outageToken: string;
    let freshToken: string;

    /** Copies API-token rows from the app's database into the outage database (the bridge reads them there). */
    async function copyToken(token: string): Promise<string> {
      const row = await getDatabase().apiToken.findUniqueOrThrow({ where: { id: token.slice(4, 20) } });
      const target = new pg.Client(withDatabase(db.adminUrl, outageDb));
      await target.connect();
      await target.query(`INSERT INTO "ApiToken" ("id", "name", "secretHash", "scopes") VALUES ($1, $2, $3, $4)`, [row.id, row.name, Buffer.from(row.secretHash), row.scopes]);
      await target.end();
      return token;
    }

    beforeAll(async () => {
      outageDb = `${db.name}_outage_${randomSuffix(3)}`;
      await createDatabase(db.adminUrl, outageDb, db.template);
      admin = new pg.Client(db.adminUrl);
      await admin.connect();
      outage = await startTestBridge(withDatabase(db.adminUrl, outageDb), { stalenessMs: 60_000, tokenCacheTtlMs: 60_000 });
      outageToken = await copyToken(await issueTestToken(["gate:analyze"]));
      freshToken = await copyToken(await issueTestToken(["gate:analyze"]));
      // Its ingest token was issued in the app's database; the outage database needs its own copy.
      await copyToken(outage.ingestToken);
      await outage.ingest(await outboxMessages([participant.pseudonym]));
      await outage.heartbeat();
      const control = await outage.post("/v1/decisions", allowed, outageToken);
      expect((control.body as { decisions: DecisionItem[] }).decisions[0]?.allowed).toBe(true);
    });
    afterAll(async () => {
      await admin.query(`ALTER DATABASE ${pg.escapeIdentifier(outageDb)} WITH ALLOW_CONNECTIONS true`).catch(() => undefined);
      await outage?.close();
      await admin?.end();
      await dropDatabase(db.adminUrl, outageDb);
    });

    it("denies with database_unavailable while it cannot reach it, and refuses tokens it cannot check", async () => {
      await admin.query(`ALTER DATABASE ${pg.escapeIdentifier(outageDb)} WITH ALLOW_CONNECTIONS false`);
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [outageDb]);
      const ready = await waitFor(() => outage.get("/readyz"), (answer) => answer.status === 503);
      expect(ready).toEqual({ status: 503, body: { ready: false, reason: "database_unavailable", approvals: expect.any(Object) } });

      expectDenied(await outage.post("/v1/decisions", allowed, outageToken), "database_unavailable");
      expectDenied(await outage.post("/v1/decisions", { requests: [allowed, allowed] }, outageToken), "database_unavailable", 2);
      expectRefused(await outage.post("/v1/decisions", allowed, freshToken), 503, { error: "database_unavailable" });
      expectRefused(await outage.get(`/v1/subjects/${allowed.subject}`, outageToken), 503, { error: "database_unavailable" });
      expect((await outage.post("/internal/v1/heartbeat", { relayId: "r", highWaterMark: "1", sentAt: new Date().toISOString() }, outage.ingestToken)).status).toBe(503);

      await admin.query(`ALTER DATABASE ${pg.escapeIdentifier(outageDb)} WITH ALLOW_CONNECTIONS true`);
      expect(await waitFor(() => outage.get("/readyz"), (answer) => answer.status === 200)).toEqual({ status: 200, body: { ready: true, approvals: expect.any(Object) } });
      const control = await outage.post("/v1/decisions", allowed, freshToken);
      expect((control.body as { decisions: DecisionItem[] }).decisions[0]?.allowed).toBe(true);
    });

    it("denies with database_unavailable when the decision log cannot be written, though the database answers", async () => {
      const target = new pg.Client(withDatabase(db.adminUrl, outageDb));
      await target.connect();
      try {
        // Earlier answers still waiting in the buffer would otherwise meet the revoked grant first.
        await outage.context.decisionLog.flush();
        await target.query(`REVOKE INSERT ON bridge.decision_log FROM tsunagi_bridge`);
        // A denial is answered and buffered; its write fails, and from then on nothing is allowed.
        expectDenied(await outage.post("/v1/decisions", { ...allowed, subject: "S-NEVER-SEEN" }, outageToken), "unknown_subject");
        await waitFor(() => outage.get("/readyz"), (answer) => answer.status === 503);
        expectDenied(await outage.post("/v1/decisions", allowed, outageToken), "database_unavailable");
        expect(await outage.get("/readyz")).toEqual({ status: 503, body: { ready: false, reason: "database_unavailable", approvals: expect.any(Object) } });

        await target.query(`GRANT INSERT ON bridge.decision_log TO tsunagi_bridge`);
        await waitFor(() => outage.get("/readyz"), (answer) => answer.status === 200);
        await outage.context.decisionLog.flush();
        // Nothing answered while the log was failing was lost.
        const { rows } = await target.query<{ reason: string; n: number }>(`SELECT reason, count(*)::int AS n FROM bridge.decision_log GROUP BY reason`);
        expect(rows).toEqual(expect.arrayContaining([expect.objectContaining({ reason: "unknown_subject" }), expect.objectContaining({ reason: "database_unavailable" })]));
      } finally {
        await target.end();
      }
    });
  });

  // Issue 27 item 4: PostgreSQL stopped with SIGSTOP keeps every connection open and answers nothing; the bridge's
  // decisions hung past 2.5 s. The proxy freezes the database for this bridge alone (the shared server runs every
  // other test file). A pipeline step that gives up after 5 s must get its answer: a deny, not a hang.
  describe("when its database stops answering without closing its connections (frozen)", () => {
    let proxy: FreezableProxy;
    let frozenBridge: TestBridge;
    let cachedToken: string;
    let freshToken: string;
    const DEADLINE_MS = 1_000;

    /** The decision as a pipeline step asks it, giving up after 5 s (five deadlines). */
    async function askWithin5s(body: unknown, token: string): Promise<Answer> {
      const response = await fetch(`${frozenBridge.url}/v1/decisions`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5_000),
      });
      return { status: response.status, body: await response.json() };
    }

    beforeAll(async () => {
      const target = new URL(db.url);
      proxy = await startFreezableProxy({ host: target.hostname, port: Number(target.port) });
      frozenBridge = await startTestBridge(proxy.url(db.url), { stalenessMs: 60_000, tokenCacheTtlMs: 60_000, databaseDeadlineMs: DEADLINE_MS });
      cachedToken = await issueTestToken(["gate:analyze"]);
      freshToken = await issueTestToken(["gate:analyze"]);
      await frozenBridge.ingest(await outboxMessages([participant.pseudonym]));
      await frozenBridge.heartbeat();
      const control = await frozenBridge.post("/v1/decisions", allowed, cachedToken);
      expect((control.body as { decisions: DecisionItem[] }).decisions[0]?.allowed).toBe(true);
    });
    afterAll(async () => {
      proxy.thaw();
      await frozenBridge?.close();
      await proxy?.close();
    });

    it("denies with database_unavailable within its deadline, for a cached token or one it must look up, and allows again once thawed", async () => {
      proxy.freeze();
      // The probe gets no answer within the deadline: the bridge says it is not ready.
      expect(await waitFor(() => frozenBridge.get("/readyz"), (answer) => answer.status === 503)).toEqual({ status: 503, body: { ready: false, reason: "database_unavailable", approvals: expect.any(Object) } });
      expectDenied(await askWithin5s(allowed, cachedToken), "database_unavailable");
      expectDenied(await askWithin5s({ requests: [allowed, allowed, allowed] }, cachedToken), "database_unavailable", 3);
      // A token never checked cannot be looked up: refused as the database's failure, once the lookup's deadline passes.
      expectRefused(await askWithin5s(allowed, freshToken), 503, { error: "database_unavailable" });
      // Ten at once: a pool of stuck connections does not make later requests wait behind them.
      const together = await Promise.all(Array.from({ length: 10 }, (_, index) => askWithin5s(allowed, index % 2 === 0 ? cachedToken : freshToken)));
      for (const [index, answer] of together.entries()) {
        if (index % 2 === 0) expectDenied(answer, "database_unavailable");
        else expectRefused(answer, 503, { error: "database_unavailable" });
      }

      proxy.thaw();
      expect(await waitFor(() => frozenBridge.get("/readyz"), (answer) => answer.status === 200, 15_000)).toEqual({ status: 200, body: { ready: true, approvals: expect.any(Object) } });
      const control = await frozenBridge.post("/v1/decisions", allowed, freshToken);
      expect((control.body as { decisions: DecisionItem[] }).decisions[0]?.allowed).toBe(true);
    }, 60_000);
  });

  afterAll(() => {
    expect(allows).toBe(0);
  });
});
