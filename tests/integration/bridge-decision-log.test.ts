import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/database";
import { issueTestToken, outboxMessages, startTestBridge, type TestBridge } from "../support/pipeline-bridge";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant, type ConsentedParticipant } from "./dashboard-fixtures";

const db = useTestDatabase();
useTempDataDir();

interface LoggedRow {
  subject: string;
  action: string;
  purpose: string | null;
  recipient: string | null;
  allowed: boolean;
  reason: string;
  pseudonym: string | null;
  consent_version: number | null;
}

describe("the decision log (written with COPY)", () => {
  let bridge: TestBridge;
  let token: string;
  let participant: ConsentedParticipant;
  let admin: pg.Client;

  beforeAll(async () => {
    bridge = await startTestBridge(db.url, { decisionLogFlushMs: 60_000 });
    token = await issueTestToken(["gate:analyze", "gate:sequence"]);
    participant = await consentedParticipant();
    await bridge.ingest(await outboxMessages([participant.pseudonym]));
    await bridge.heartbeat();
    admin = new pg.Client(db.url);
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await bridge?.close();
  });

  async function logged(requestId: string): Promise<LoggedRow[]> {
    await bridge.context.decisionLog.flush();
    const { rows } = await admin.query<LoggedRow>(
      `SELECT subject, action, purpose, recipient, allowed, reason, pseudonym, consent_version FROM bridge.decision_log WHERE request_id = $1 ORDER BY id`,
      [requestId],
    );
    return rows;
  }

  it("keeps what a client sent exactly, even text that would end a field or a row, or read as null", async () => {
    const odd = [
      { subject: "S-1\tS-2", action: "analyze" },
      { subject: "S-1", action: "ana\nlyze", purpose: "\\N" },
      { subject: "\\N", action: "\r", recipient: "back\\slash\\" },
      { subject: "S-\\t-T", action: "analyze", purpose: "DUO:0000006\n\\." },
    ];
    const answer = await bridge.post("/v1/decisions", { requests: [...odd, { subject: participant.sampleCodes[0], action: "sequence" }] }, token);
    expect(answer.status).toBe(200);
    const rows = await logged((answer.body as { requestId: string }).requestId);
    expect(rows).toEqual([
      { subject: "S-1\tS-2", action: "analyze", purpose: null, recipient: null, allowed: false, reason: "malformed_request", pseudonym: null, consent_version: null },
      { subject: "S-1", action: "ana\nlyze", purpose: "\\N", recipient: null, allowed: false, reason: "malformed_request", pseudonym: null, consent_version: null },
      { subject: "\\N", action: "\r", purpose: null, recipient: "back\\slash\\", allowed: false, reason: "malformed_request", pseudonym: null, consent_version: null },
      { subject: "S-\\t-T", action: "analyze", purpose: "DUO:0000006\n\\.", recipient: null, allowed: false, reason: "malformed_request", pseudonym: null, consent_version: null },
      { subject: participant.sampleCodes[0], action: "sequence", purpose: null, recipient: null, allowed: true, reason: "consented", pseudonym: participant.pseudonym, consent_version: 1 },
    ]);
  });

  it("writes a 10,000-item batch in request order", async () => {
    const requests = Array.from({ length: 10_000 }, (_, index) => ({ subject: index % 2 ? participant.sampleCodes[0] : `S-UNKNOWN-${index}`, action: "analyze", purpose: "DUO:0000006" }));
    const answer = await bridge.post("/v1/decisions", { requests }, token);
    const rows = await logged((answer.body as { requestId: string }).requestId);
    expect(rows.map((row) => row.subject)).toEqual(requests.map((request) => request.subject));
    expect(rows.filter((row) => row.allowed)).toHaveLength(5_000);
  });
});
