import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeChoices } from "../../app/domain/consent/records/change-choices.server";
import { withdrawConsent } from "../../app/domain/consent/records/withdraw-consent.server";
import { useTestDatabase } from "../support/database";
import { issueTestToken, outboxMessages, startTestBridge, type TestBridge } from "../support/pipeline-bridge";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant, type ConsentedParticipant } from "./dashboard-fixtures";

const db = useTestDatabase();
useTempDataDir();

const request = { ipAddress: "127.0.0.1", userAgent: "bridge decisions test" };

interface DecisionAnswer {
  requestId: string;
  evaluatedAt: string;
  decisions: Record<string, unknown>[];
}

describe("decisions, subjects and events", () => {
  let bridge: TestBridge;
  let token: string;
  let tokenId: string;
  let eventsToken: string;
  let participant: ConsentedParticipant;

  beforeAll(async () => {
    bridge = await startTestBridge(db.url);
    token = await issueTestToken(["gate:sequence", "gate:analyze", "gate:share", "gate:return_secondary", "gate:recontact"]);
    tokenId = token.slice(4, 20);
    eventsToken = await issueTestToken(["gate:events"]);
    participant = await consentedParticipant({ choices: { "share.industry": "no" } });
    await bridge.ingest(await outboxMessages([participant.pseudonym]));
    await bridge.heartbeat();
  });
  afterAll(() => bridge.close());

  it("answers a single request with one signed decision carrying the state it rests on", async () => {
    const answer = await bridge.post("/v1/decisions", { subject: participant.sampleCodes[0], action: "analyze", purpose: "DUO:0000006", recipient: "academia" }, token);
    expect(answer.status).toBe(200);
    const body = answer.body as DecisionAnswer & { jws: string };
    expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.decisions).toEqual([
      {
        subject: participant.sampleCodes[0],
        action: "analyze",
        purpose: "DUO:0000006",
        recipient: "academia",
        allowed: true,
        reason: "consented",
        choices: ["core.wgs"],
        pseudonym: participant.pseudonym,
        consentVersion: participant.version.version,
        stateVersion: 1,
        eventId: participant.grant.id,
        evaluatedAt: body.evaluatedAt,
      },
    ]);
    expect(body.jws.split(".")).toHaveLength(3);
  });

  it("answers a batch in request order, by sample code or pseudonym, with each item's own reason", async () => {
    const requests = [
      { subject: participant.pseudonym, action: "sequence" },
      { subject: participant.sampleCodes[1], action: "share", purpose: "DUO:0000006", recipient: "industry" },
      { subject: participant.sampleCodes[1], action: "share", purpose: "DUO:0000006", recipient: "academia" },
      { subject: participant.pseudonym, action: "return_secondary" },
      { subject: participant.pseudonym, action: "return_secondary", findingsCategory: "hereditary_cancer" },
      { subject: "S-UNHEARD-OF", action: "sequence" },
      { subject: participant.pseudonym, action: "store" },
      { subject: participant.pseudonym, action: "bogus" },
    ];
    const { body } = await bridge.post("/v1/decisions", { requests }, token);
    const decisions = (body as DecisionAnswer).decisions.map((decision) => [decision.subject, decision.action, decision.allowed, decision.reason]);
    expect(decisions).toEqual([
      [participant.pseudonym, "sequence", true, "consented"],
      [participant.sampleCodes[1], "share", false, "choice_declined"],
      [participant.sampleCodes[1], "share", true, "consented"],
      [participant.pseudonym, "return_secondary", false, "findings_category_required"],
      [participant.pseudonym, "return_secondary", true, "consented"],
      ["S-UNHEARD-OF", "sequence", false, "unknown_subject"],
      [participant.pseudonym, "store", false, "scope_missing"],
      [participant.pseudonym, "bogus", false, "malformed_request"],
    ]);
  });

  it("takes 10,000 items in one request", async () => {
    const requests = Array.from({ length: 10_000 }, (_, index) => ({ subject: index % 2 ? participant.pseudonym : "S-UNHEARD-OF", action: "sequence" }));
    const { status, body } = await bridge.post("/v1/decisions", { requests }, token);
    expect(status).toBe(200);
    const decisions = (body as DecisionAnswer).decisions;
    expect(decisions).toHaveLength(10_000);
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(5_000);
    expect(decisions[9_999]).toMatchObject({ subject: participant.pseudonym, allowed: true });
  });

  it("logs every decision: client, subject, action, purpose, recipient, result, reason, consent version, event id, time", async () => {
    const { body } = await bridge.post(
      "/v1/decisions",
      { requests: [{ subject: participant.sampleCodes[0], action: "share", purpose: "DUO:0000006", recipient: "industry" }, { subject: "S-LOGGED-UNKNOWN", action: "recontact" }] },
      token,
    );
    const answer = body as DecisionAnswer;
    await bridge.context.decisionLog.flush();
    const { rows } = await bridge.context.db.query(
      `SELECT request_id, client_id, subject, action, purpose, recipient, allowed, reason, pseudonym, consent_version, event_id, evaluated_at
         FROM bridge.decision_log WHERE request_id = $1 ORDER BY id`,
      [answer.requestId],
    );
    expect(rows).toEqual([
      {
        request_id: answer.requestId,
        client_id: tokenId,
        subject: participant.sampleCodes[0],
        action: "share",
        purpose: "DUO:0000006",
        recipient: "industry",
        allowed: false,
        reason: "choice_declined",
        pseudonym: participant.pseudonym,
        consent_version: 1,
        event_id: participant.grant.id,
        evaluated_at: new Date(answer.evaluatedAt),
      },
      {
        request_id: answer.requestId,
        client_id: tokenId,
        subject: "S-LOGGED-UNKNOWN",
        action: "recontact",
        purpose: null,
        recipient: null,
        allowed: false,
        reason: "unknown_subject",
        pseudonym: null,
        consent_version: null,
        event_id: null,
        evaluated_at: new Date(answer.evaluatedAt),
      },
    ]);
  });

  it("summarises a subject by sample code or pseudonym, pseudonymously", async () => {
    for (const subject of [participant.pseudonym, participant.sampleCodes[0]!]) {
      const { status, body } = await bridge.get(`/v1/subjects/${subject}`, token);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        subject,
        pseudonym: participant.pseudonym,
        samples: participant.sampleCodes.map((code) => ({ code, destroyed: false })).sort((a, b) => a.code.localeCompare(b.code)),
        status: "active",
        formVersion: participant.version.version,
        choices: { "core.wgs": "yes", "share.industry": "no" },
        permittedPurposes: expect.arrayContaining(["DUO:0000006"]),
        withdrawalLevel: null,
        stateVersion: 1,
        eventId: participant.grant.id,
      });
      const text = JSON.stringify(body);
      expect(text).not.toContain(participant.fullName);
      expect(text).not.toContain(participant.email);
      expect(text).not.toContain(participant.id);
    }
  });

  it("counts what an ingest applied, repeated and found stale", async () => {
    const someone = await consentedParticipant();
    await changeChoices({ participantId: someone.id, actor: { userId: someone.user!.id, role: "participant" }, method: "online", language: "ja", request, changes: { "share.industry": "no" } });
    const [grant, change] = await outboxMessages([someone.pseudonym]);
    expect(await bridge.ingest([change!, grant!, change!])).toEqual({ applied: 1, duplicates: 1, stale: 1 });
    expect(await bridge.ingest([grant!, change!])).toEqual({ applied: 0, duplicates: 2, stale: 0 });
  });

  it("serves consent changes after a cursor at once, and wakes a waiting long-poll when the next change is ingested", async () => {
    const all = await bridge.get("/v1/events?after=0&limit=1000&wait=0", eventsToken);
    expect(all.status).toBe(200);
    const feed = all.body as { changes: { cursor: number; eventId: string; pseudonym: string; version: number }[]; nextCursor: number };
    expect(feed.changes.length).toBeGreaterThan(0);
    expect(feed.changes.map((change) => change.cursor)).toEqual([...feed.changes.map((change) => change.cursor)].sort((a, b) => a - b));
    expect(feed.nextCursor).toBe(feed.changes.at(-1)?.cursor);
    expect(feed.changes.find((change) => change.eventId === participant.grant.id)).toMatchObject({ pseudonym: participant.pseudonym, version: 1, type: "granted" });

    const limited = (await bridge.get("/v1/events?after=0&limit=1&wait=0", eventsToken)).body as typeof feed;
    expect(limited.changes).toHaveLength(1);
    const empty = await bridge.get(`/v1/events?after=${feed.nextCursor}&wait=0`, eventsToken);
    expect(empty.body).toEqual({ changes: [], nextCursor: feed.nextCursor });

    const started = Date.now();
    const waiting = bridge.get(`/v1/events?after=${feed.nextCursor}&wait=20`, eventsToken);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await withdrawConsent({ participantId: participant.id, actor: { userId: participant.user!.id, role: "participant" }, method: "online", language: "ja", request, level: "no_contact" });
    await bridge.ingest(await outboxMessages([participant.pseudonym]));
    const woken = (await waiting).body as typeof feed;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(woken.changes).toHaveLength(1);
    expect(woken.changes[0]).toMatchObject({ pseudonym: participant.pseudonym, version: 2, type: "withdrawn", consent: { status: "withdrawn", withdrawalLevel: "no_contact" } });
    expect(woken.nextCursor).toBeGreaterThan(feed.nextCursor);
  });

  it("returns an empty page when nothing arrives within the wait", async () => {
    const last = ((await bridge.get("/v1/events?after=0&limit=1000&wait=0", eventsToken)).body as { nextCursor: number }).nextCursor;
    const started = Date.now();
    const { status, body } = await bridge.get(`/v1/events?after=${last}&wait=1`, eventsToken);
    expect(status).toBe(200);
    expect(body).toEqual({ changes: [], nextCursor: last });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});
