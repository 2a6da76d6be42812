// A release of 100,000 samples against a projection of 100,000 participants, over HTTP: every sample filtered by
// its own participant's consent, signed and stored (bench/bridge times the same thing). The participants are copies of one real consent (recorded by the app's
// grantConsent and taken from its outbox row), written straight into the bridge's tables: 100,000 consents through
// the app would take longer than the point being made.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApproval, syncApprovals } from "../support/approvals";
import { useTestDatabase } from "../support/database";
import { issueTestToken, outboxMessages, startTestBridge, type TestBridge } from "../support/pipeline-bridge";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant } from "./dashboard-fixtures";

const db = useTestDatabase();
useTempDataDir();

const PARTICIPANTS = 100_000;
const sampleOf = (index: number) => `S-P${String(index).padStart(6, "0")}-T`;

describe("a 100,000-sample release", () => {
  let bridge: TestBridge;
  let releaser: string;
  /** Releases to industry name a data-access approval (ADR 041). */
  let approval: string;
  const samples = Array.from({ length: PARTICIPANTS }, (_, index) => sampleOf(index));

  beforeAll(async () => {
    const template = await consentedParticipant();
    const [message] = await outboxMessages([template.pseudonym]);
    const consent = message!.consent;
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      // Every 100th has withdrawn, every 50th (otherwise) declined industry: the filter has real work to do.
      await admin.query(
        `WITH p AS (SELECT i, 'TGP-P' || lpad(i::text, 6, '0') AS pseudonym FROM generate_series(0, $1 - 1) AS i)
         INSERT INTO bridge.subject (pseudonym, version, event_id, global_seq, consent, occurred_at)
         SELECT pseudonym, 1, gen_random_uuid(), 0,
                CASE WHEN i % 100 = 0 THEN $2::jsonb || '{"status":"withdrawn","withdrawalLevel":"no_further_use"}'::jsonb
                     WHEN i % 50 = 0 THEN jsonb_set($2::jsonb, '{choices,share.industry}', '"no"')
                     ELSE $2::jsonb END,
                now()
           FROM p`,
        [PARTICIPANTS, JSON.stringify(consent)],
      );
      await admin.query(
        `INSERT INTO bridge.sample (sample_code, pseudonym)
         SELECT 'S-P' || lpad(i::text, 6, '0') || suffix, 'TGP-P' || lpad(i::text, 6, '0')
           FROM generate_series(0, $1 - 1) AS i, (VALUES ('-T'), ('-B')) AS s(suffix)`,
        [PARTICIPANTS],
      );
    } finally {
      await admin.end();
    }
    bridge = await startTestBridge(db.url, { stalenessMs: 60_000 });
    await bridge.ingest(await outboxMessages());
    await bridge.heartbeat();
    approval = (await createTestApproval({ datasets: ["benchmark"], recipientType: "industry", recipientInstitution: "Example Pharma K.K." })).id;
    await syncApprovals(bridge);
    releaser = await issueTestToken(["gate:release", "gate:datasets"]);
    const put = await fetch(`${bridge.url}/v1/datasets/benchmark`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${releaser}`, "Content-Type": "application/json" },
      body: JSON.stringify({ title: "Benchmark", clockStartsAt: "2026-01-01T00:00:00Z", publicationMoratoriumMonths: 24, publicDatabaseAfterMonths: 30 }),
    });
    expect(put.status).toBe(200);
  }, 120_000);
  afterAll(() => bridge?.close());

  it("filters every sample of a 100,000-sample release by its own participant's consent, in request order", async () => {
    // The time it takes is a benchmark figure (npm run bench, bench/RESULTS.md), not something a test may assert.
    expect(bridge.context.subjects.size).toBeGreaterThanOrEqual(PARTICIPANTS);
    const body = JSON.stringify({ dataset: "benchmark", samples, recipient: "industry", purpose: "DUO:0000006", approval });
    const response = await fetch(`${bridge.url}/v1/releases`, { method: "POST", headers: { Authorization: `Bearer ${releaser}`, "Content-Type": "application/json" }, body });
    const text = await response.text();
    expect(response.status, text.slice(0, 200)).toBe(201);
    const manifest = JSON.parse(text) as { includedCount: number; excludedCounts: Record<string, number>; included: string[] };
    expect(manifest).toMatchObject({ includedCount: 98_000, excludedCounts: { withdrawn_no_further_use: 1_000, choice_declined: 1_000 } });
    const expected = samples.filter((_, index) => index % 50 !== 0);
    expect(manifest.included).toEqual(expected);
  }, 60_000);
});
