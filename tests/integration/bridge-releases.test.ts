// Releases through a real bridge on a real database: consent recorded by the app's own verbs, delivered as the relay
// delivers it (the real outbox rows), datasets with embargo clocks, manifests verified the way a recipient would.
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, flattenedVerify, type JSONWebKeySet } from "jose";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { withdrawConsent } from "../../app/domain/consent/records/withdraw-consent.server";
import { addCalendarMonthsUtc } from "../../services/pipeline-bridge/src/releases/dataset-clocks";
import { createBridgePool, type BridgePool } from "../../services/pipeline-bridge/src/db/bridge-pool";
import { createTestApproval, syncApprovals } from "../support/approvals";
import { useTestDatabase } from "../support/database";
import { issueTestToken, outboxMessages, startTestBridge, type TestBridge } from "../support/pipeline-bridge";
import { eventually } from "../support/outbox-fixtures";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant, type ConsentedParticipant } from "./dashboard-fixtures";

const db = useTestDatabase();
useTempDataDir();

const STALENESS_MS = 5_000;
const research = "DUO:0000006";
const request = { ipAddress: "127.0.0.1", userAgent: "bridge releases test" };

interface Manifest {
  releaseId: string;
  dataset: { id: string; title: string; clockStartsAt: string; publicationMoratoriumUntil: string | null; publicDatabaseFrom: string | null };
  recipient: string;
  purpose: string;
  createdAt: string;
  requestedCount: number;
  includedCount: number;
  included: string[];
  excludedCounts: Record<string, number>;
  terms: { publicationNotBefore: string | null };
  jws: string;
}
interface Recheck {
  releaseId: string;
  evaluatedAt: string;
  stillIncludedCount: number;
  excludedSinceCounts: Record<string, number>;
  excludedSince: string[];
  jws: string;
}

let bridge: TestBridge;
let admin: pg.Pool;
let clockOffset = 0;
let releaser: string;
let datasetKeeper: string;
let analyst: string;
let jwks: ReturnType<typeof createLocalJWKSet>;
let consenting: ConsentedParticipant;
let leaving: ConsentedParticipant;
let noIndustry: ConsentedParticipant;

const bridgeNow = () => Date.now() + clockOffset;

/** Delivers every outbox row so far and a heartbeat sent at the bridge's (possibly moved) time, as the relay would. */
async function sync(): Promise<void> {
  await bridge.ingest(await outboxMessages());
  await bridge.heartbeat({ sentAt: new Date(bridgeNow()) });
  await syncApprovals(bridge, { sentAt: new Date(bridgeNow()) });
}

/** The data-access approval each non-public recipient releases under (ADR 041); made in the releases' beforeAll. */
const approvals: Partial<Record<string, string>> = {};

async function withdraw(participant: ConsentedParticipant): Promise<void> {
  await withdrawConsent({ participantId: participant.id, actor: { userId: participant.user!.id, role: "participant" }, method: "online", language: "ja", request, level: "no_further_use" });
}

/** The verified payload of a signed body, or the error that stopped it (a tampered body must not verify). */
async function verifiedPayload(body: { jws: string }, ignore: string[] = []): Promise<Record<string, unknown>> {
  const { payload } = await compactVerify(body.jws, jwks);
  const verified = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
  const unsigned: Record<string, unknown> = { ...body };
  for (const member of ["jws", ...ignore]) delete unsigned[member];
  if (JSON.stringify(sortedDeep(verified)) !== JSON.stringify(sortedDeep(unsigned))) throw new Error("the body differs from what was signed");
  return verified;
}
function sortedDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedDeep);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([key, item]) => [key, sortedDeep(item)]));
  return value;
}

async function putDataset(id: string, body: Record<string, unknown>, token = datasetKeeper) {
  const response = await fetch(`${bridge.url}/v1/datasets/${id}`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** POST /v1/releases, naming the recipient's approval unless the body names one (or the recipient is public). */
async function release(body: Record<string, unknown>, token = releaser): Promise<{ status: number; body: Manifest }> {
  const approval = typeof body.recipient === "string" && body.recipient !== "public" && !("approval" in body) ? approvals[body.recipient] : undefined;
  return (await bridge.post("/v1/releases", approval ? { ...body, approval } : body, token)) as { status: number; body: Manifest };
}

async function storedReleaseCount(): Promise<number> {
  const { rows } = await admin.query<{ count: string }>("SELECT count(*) FROM bridge.release");
  return Number(rows[0]!.count);
}

beforeAll(async () => {
  bridge = await startTestBridge(db.url, { stalenessMs: STALENESS_MS, clock: bridgeNow });
  admin = new pg.Pool({ connectionString: db.url, max: 2 });
  releaser = await issueTestToken(["gate:release"]);
  datasetKeeper = await issueTestToken(["gate:datasets"]);
  analyst = await issueTestToken(["gate:analyze"]);
  consenting = await consentedParticipant();
  leaving = await consentedParticipant();
  noIndustry = await consentedParticipant({ choices: { "share.industry": "no" } });
  await withdraw(leaving);
  await sync();
  jwks = createLocalJWKSet((await bridge.get("/.well-known/jwks.json")).body as JSONWebKeySet);
});
afterAll(async () => {
  await admin.end();
  await bridge.close();
});

describe("datasets", () => {
  it("stores the clocks as dates in calendar months from the starting point, and shows them to releasers", async () => {
    const put = await putDataset("lung-2026", { title: "Lung cancer WGS, first 100 cases", clockStartsAt: "2026-01-31T03:00:00+09:00", publicationMoratoriumMonths: 24, publicDatabaseAfterMonths: 30 });
    expect(put).toMatchObject({
      status: 200,
      body: {
        id: "lung-2026",
        title: "Lung cancer WGS, first 100 cases",
        clockStartsAt: "2026-01-30T18:00:00.000Z",
        publicationMoratoriumUntil: "2028-01-30T18:00:00.000Z",
        publicDatabaseFrom: "2028-07-30T18:00:00.000Z",
      },
    });
    expect(await bridge.get("/v1/datasets/lung-2026", releaser)).toEqual({ status: 200, body: put.body });

    // Shortened where the producers agree, and never to a public database: both dates follow.
    const changed = await putDataset("lung-2026", { title: "Lung cancer WGS", clockStartsAt: "2026-08-31T00:00:00Z", publicationMoratoriumMonths: 18 });
    expect(changed.body).toMatchObject({ clockStartsAt: "2026-08-31T00:00:00.000Z", publicationMoratoriumUntil: "2028-02-29T00:00:00.000Z", publicDatabaseFrom: null });
    expect((await bridge.get("/v1/datasets/lung-2026", datasetKeeper)).body).toEqual(changed.body);
  });

  it("refuses malformed datasets, wrong scopes and unknown ids", async () => {
    const valid = { title: "Gastric", clockStartsAt: "2026-01-01T00:00:00Z" };
    for (const [id, body] of [
      ["Gastric 2026", valid],
      ["-gastric", valid],
      ["gastric", { ...valid, publicationMoratoriumMonths: 37 }],
      ["gastric", { ...valid, publicDatabaseAfterMonths: 61 }],
      ["gastric", { ...valid, publicationMoratoriumMonths: 24.5 }],
      ["gastric", { ...valid, clockStartsAt: "2026-01-01" }],
      ["gastric", { ...valid, title: "" }],
      ["gastric", { ...valid, title: "Gastric\u0000" }],
      ["gastric", { ...valid, title: "Gastric \ud800" }],
      ["gastric", { ...valid, extra: true }],
      ["gastric", { clockStartsAt: valid.clockStartsAt }],
    ] as const) {
      expect((await putDataset(id, body)).body, `${id} ${JSON.stringify(body)}`).toMatchObject({ error: "malformed_request" });
    }
    expect(await putDataset("gastric", valid, releaser)).toEqual({ status: 403, body: { error: "forbidden", reason: "scope_missing" } });
    expect(await bridge.get("/v1/datasets/gastric", analyst)).toEqual({ status: 403, body: { error: "forbidden", reason: "scope_missing" } });
    expect(await bridge.get("/v1/datasets/gastric", releaser)).toEqual({ status: 404, body: { error: "unknown_dataset" } });
    expect((await bridge.get("/v1/datasets/gastric")).status).toBe(401);
  });
});

describe("releases", () => {
  const clockStartsAt = new Date(Date.now() - 40 * 24 * 3600 * 1000);
  beforeAll(async () => {
    await putDataset("colorectal-2026", { title: "Colorectal WGS", clockStartsAt: clockStartsAt.toISOString(), publicationMoratoriumMonths: 24, publicDatabaseAfterMonths: 30 });
    await putDataset("sarcoma-2026", { title: "Sarcoma WGS (no public move)", clockStartsAt: "2020-01-01T00:00:00Z" });
    const datasets = ["colorectal-2026", "sarcoma-2026"];
    // GRU too, so a purpose the consent does not permit is left to consent to refuse.
    approvals.academia = (await createTestApproval({ datasets, purposeCodes: ["HMB", "DS", "GRU"] })).id;
    approvals.industry = (await createTestApproval({ datasets, recipientType: "industry", recipientInstitution: "Example Pharma K.K." })).id;
    approvals.international = (await createTestApproval({ datasets, recipientCountry: "GB", recipientInstitution: "Wellcome Sanger Institute" })).id;
    await sync();
  });

  it("releases to industry only what consent allows now, counts the rest by reason, and carries the publication moratorium", async () => {
    await sync();
    const samples = [...leaving.sampleCodes, consenting.sampleCodes[1]!, "S-NEVER-SEEN", ...noIndustry.sampleCodes, consenting.sampleCodes[0]!];
    const { status, body } = await release({ dataset: "colorectal-2026", samples, recipient: "industry", purpose: research });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      dataset: {
        id: "colorectal-2026",
        title: "Colorectal WGS",
        clockStartsAt: clockStartsAt.toISOString(),
        publicationMoratoriumUntil: addCalendarMonthsUtc(clockStartsAt, 24).toISOString(),
        publicDatabaseFrom: addCalendarMonthsUtc(clockStartsAt, 30).toISOString(),
      },
      recipient: "industry",
      purpose: research,
      requestedCount: 7,
      includedCount: 2,
      included: [consenting.sampleCodes[1], consenting.sampleCodes[0]],
      excludedCounts: { choice_declined: 2, unknown_subject: 1, withdrawn_no_further_use: 2 },
      terms: { publicationNotBefore: addCalendarMonthsUtc(clockStartsAt, 24).toISOString() },
    });
    // Counts only: the recipient cannot tell who withdrew or declined.
    const text = JSON.stringify(body);
    for (const code of [...leaving.sampleCodes, ...noIndustry.sampleCodes, "S-NEVER-SEEN"]) expect(text).not.toContain(code);
    expect(Math.abs(Date.parse(body.createdAt) - Date.now())).toBeLessThan(5_000);

    // Stored as given, manifest and signature in one row, with the client and dataset: the manifest once, as the
    // bytes signed, and the signature detached (ADR 094); the JWS put back together is the one the client holds.
    const { rows } = await admin.query<{ dataset_id: string; recipient: string; purpose: string; client_id: string; payload: Buffer; jws: string }>(
      "SELECT dataset_id, recipient, purpose, client_id, payload, jws FROM bridge.release WHERE id = $1",
      [body.releaseId],
    );
    const { jws, ...unsigned } = body;
    const [header, payload, signature] = jws.split(".");
    expect(rows).toEqual([{ dataset_id: "colorectal-2026", recipient: "industry", purpose: research, client_id: releaser.slice(4, 20), payload: Buffer.from(payload!, "base64url"), jws: `${header}..${signature}` }]);
    expect(JSON.parse(rows[0]!.payload.toString("utf8"))).toEqual(unsigned);

    // "Who used my data" reads the released codes: from the manifest until the bridge has written them after the
    // commit, then from their rows (ADR 082); the same codes either way.
    const exported = async () =>
      (await admin.query<{ sample_code: string }>("SELECT sample_code FROM bridge_export.release_sample WHERE release_id = $1 ORDER BY sample_code", [body.releaseId])).rows.map((row) => row.sample_code);
    expect(await exported()).toEqual([...body.included].sort());
    // Written once the answer has left (the recorder is woken when the response closes), well before its minute check.
    const written = await eventually("the release's samples recorded", async () => {
      const rows = await admin.query("SELECT sample_code FROM bridge.release_sample WHERE release_id = $1", [body.releaseId]);
      return rows.rowCount ? rows : undefined;
    });
    expect(written.rows.map((row: { sample_code: string }) => row.sample_code).sort()).toEqual([...body.included].sort());
    expect(await exported()).toEqual([...body.included].sort());

    // One line in the decision log for the release, none per sample.
    await bridge.context.decisionLog.flush();
    const logged = await admin.query("SELECT client_id, subject, action, purpose, recipient, allowed, reason FROM bridge.decision_log WHERE request_id = $1", [body.releaseId]);
    expect(logged.rows).toEqual([{ client_id: releaser.slice(4, 20), subject: `release:${body.releaseId}`, action: "release", purpose: research, recipient: "industry", allowed: true, reason: "release_signed" }]);
    const perSample = await admin.query("SELECT 1 FROM bridge.decision_log WHERE subject = ANY($1)", [samples]);
    expect(perSample.rowCount).toBe(0);
  });

  it("has no moratorium term for academia (or for industry when the dataset has none), and asks consent for that recipient", async () => {
    const academia = await release({ dataset: "colorectal-2026", samples: [...noIndustry.sampleCodes, ...leaving.sampleCodes], recipient: "academia", purpose: research });
    expect(academia).toMatchObject({ status: 201, body: { includedCount: 2, included: noIndustry.sampleCodes, excludedCounts: { withdrawn_no_further_use: 2 }, terms: { publicationNotBefore: null } } });
    const international = await release({ dataset: "colorectal-2026", samples: consenting.sampleCodes, recipient: "international", purpose: research });
    expect(international.body).toMatchObject({ includedCount: 2, terms: { publicationNotBefore: null } });
    const industryWithout = await release({ dataset: "sarcoma-2026", samples: consenting.sampleCodes, recipient: "industry", purpose: research });
    expect(industryWithout.body).toMatchObject({ includedCount: 2, terms: { publicationNotBefore: null } });
    const otherPurpose = await release({ dataset: "colorectal-2026", samples: consenting.sampleCodes, recipient: "academia", purpose: "DUO:0000042" });
    expect(otherPurpose.body).toMatchObject({ includedCount: 0, included: [], excludedCounts: { purpose_not_permitted: 2 } });
  });

  it("releases nothing to the public before the public-database date, and what consent allows from that date on", async () => {
    const samples = [...consenting.sampleCodes, ...leaving.sampleCodes];
    const before = await release({ dataset: "colorectal-2026", samples, recipient: "public", purpose: research });
    expect(before).toMatchObject({ status: 201, body: { includedCount: 0, included: [], excludedCounts: { embargo_public_database: 4 }, terms: { publicationNotBefore: null } } });

    const from = addCalendarMonthsUtc(clockStartsAt, 30).getTime();
    try {
      clockOffset = from - Date.now() - 60_000;
      await sync();
      const minuteBefore = await release({ dataset: "colorectal-2026", samples, recipient: "public", purpose: research });
      expect(minuteBefore.body.excludedCounts).toEqual({ embargo_public_database: 4 });

      clockOffset = from - Date.now() + 1_000;
      await sync();
      const after = await release({ dataset: "colorectal-2026", samples, recipient: "public", purpose: research });
      expect(after).toMatchObject({ status: 201, body: { includedCount: 2, included: consenting.sampleCodes, excludedCounts: { withdrawn_no_further_use: 2 } } });
      expect(Date.parse(after.body.createdAt)).toBeGreaterThanOrEqual(from);

      // A dataset that never moves to a public database stays closed to the public, however late.
      const never = await release({ dataset: "sarcoma-2026", samples: consenting.sampleCodes, recipient: "public", purpose: research });
      expect(never.body).toMatchObject({ includedCount: 0, excludedCounts: { embargo_public_database: 2 } });
    } finally {
      clockOffset = 0;
      await sync();
    }
  });

  it("signs manifests that verify with jose against the bridge's JWKS, and a tampered one does not", async () => {
    const { body } = await release({ dataset: "colorectal-2026", samples: [...consenting.sampleCodes, ...leaving.sampleCodes], recipient: "academia", purpose: research });
    expect(await verifiedPayload(body)).toEqual((({ jws: _jws, ...rest }) => rest)(body));

    // A withdrawn participant's sample slipped into the list: the body no longer equals what was signed.
    const smuggled = { ...body, included: [...body.included, leaving.sampleCodes[0]!], includedCount: 3 };
    await expect(verifiedPayload(smuggled)).rejects.toThrow("differs from what was signed");

    // The same change made inside the JWS payload: the signature no longer verifies.
    const [header, , signature] = body.jws.split(".");
    const { jws: _jws, ...unsigned } = smuggled;
    const forged = `${header}.${Buffer.from(JSON.stringify(unsigned)).toString("base64url")}.${signature}`;
    await expect(verifiedPayload({ ...smuggled, jws: forged })).rejects.toThrow();
  });

  it("re-checks a stored release when asked: the manifest as signed, and a fresh signed list of samples withdrawn since", async () => {
    const later = await consentedParticipant();
    await sync();
    const created = await release({ dataset: "colorectal-2026", samples: [...later.sampleCodes, ...consenting.sampleCodes], recipient: "academia", purpose: research });
    expect(created.body.includedCount).toBe(4);

    const unchanged = await bridge.get(`/v1/releases/${created.body.releaseId}`, releaser);
    expect(unchanged.status).toBe(200);
    expect((unchanged.body as { recheck: Recheck }).recheck).toMatchObject({ releaseId: created.body.releaseId, stillIncludedCount: 4, excludedSinceCounts: {}, excludedSince: [] });

    await withdraw(later);
    await sync();
    const shown = await bridge.get(`/v1/releases/${created.body.releaseId}`, releaser);
    const body = shown.body as Manifest & { recheck: Recheck };
    expect(shown.status).toBe(200);
    // The manifest exactly as issued, with its original signature.
    const { recheck, ...stored } = body;
    expect(stored).toEqual(created.body);
    expect(await verifiedPayload(body, ["recheck"])).toEqual((({ jws: _jws, ...rest }) => rest)(created.body));
    expect(recheck).toMatchObject({
      releaseId: created.body.releaseId,
      stillIncludedCount: 2,
      excludedSinceCounts: { withdrawn_no_further_use: 2 },
      excludedSince: later.sampleCodes,
    });
    expect(Math.abs(Date.parse(recheck.evaluatedAt) - Date.now())).toBeLessThan(5_000);
    expect(await verifiedPayload(recheck)).toMatchObject({ excludedSince: later.sampleCodes });
    expect(recheck.jws).not.toBe(body.jws);

    await bridge.context.decisionLog.flush();
    const logged = await admin.query("SELECT reason, allowed FROM bridge.decision_log WHERE subject = $1 ORDER BY id", [`release:${created.body.releaseId}`]);
    expect(logged.rows).toEqual([
      { reason: "release_signed", allowed: true },
      { reason: "release_rechecked", allowed: true },
      { reason: "release_rechecked", allowed: true },
    ]);

    expect(await bridge.get("/v1/releases/6f1c1a86-3f0a-4c8e-9a57-2b0d4c3e9f11", releaser)).toEqual({ status: 404, body: { error: "unknown_release" } });
    expect(await bridge.get("/v1/releases/not-a-release", releaser)).toEqual({ status: 404, body: { error: "unknown_release" } });
    expect((await bridge.get(`/v1/releases/${created.body.releaseId}`, analyst)).status).toBe(403);
  });

  it("refuses while the projection is stale, storing nothing; a dataset it does not know is 404", async () => {
    const { body: stored } = await release({ dataset: "colorectal-2026", samples: consenting.sampleCodes, recipient: "academia", purpose: research });
    const count = await storedReleaseCount();
    try {
      clockOffset = STALENESS_MS + 1_000;
      expect(await release({ dataset: "colorectal-2026", samples: consenting.sampleCodes, recipient: "academia", purpose: research })).toEqual({ status: 503, body: { error: "projection_stale" } });
      expect(await bridge.get(`/v1/releases/${stored.releaseId}`, releaser)).toEqual({ status: 503, body: { error: "projection_stale" } });
      // The relay says it delivered more than the bridge applied: stale as well.
      clockOffset = 0;
      await bridge.heartbeat({ highWaterMark: bridge.context.health.appliedGlobalSeq() + 1n });
      expect((await release({ dataset: "colorectal-2026", samples: consenting.sampleCodes, recipient: "academia", purpose: research })).status).toBe(503);
      expect(await storedReleaseCount()).toBe(count);
    } finally {
      clockOffset = 0;
      await sync();
    }
    expect(await release({ dataset: "no-such-dataset", samples: consenting.sampleCodes, recipient: "academia", purpose: research })).toEqual({ status: 404, body: { error: "unknown_dataset" } });
    expect(await storedReleaseCount()).toBe(count);
  });

  it("gives no manifest it could not store", async () => {
    const count = await storedReleaseCount();
    await admin.query("REVOKE INSERT ON bridge.release FROM tsunagi_bridge");
    try {
      const refused = await release({ dataset: "colorectal-2026", samples: consenting.sampleCodes, recipient: "academia", purpose: research });
      expect(refused).toEqual({ status: 503, body: { error: "database_unavailable" } });
    } finally {
      await admin.query("GRANT INSERT ON bridge.release TO tsunagi_bridge");
    }
    expect(await storedReleaseCount()).toBe(count);
    expect((await release({ dataset: "colorectal-2026", samples: consenting.sampleCodes, recipient: "academia", purpose: research })).status).toBe(201);
  });

  it("refuses malformed releases and clients without gate:release", async () => {
    const valid = { dataset: "colorectal-2026", samples: consenting.sampleCodes, recipient: "academia", purpose: research };
    const count = await storedReleaseCount();
    const malformed = async (body: unknown) => {
      const answer = await bridge.post("/v1/releases", body, releaser);
      expect(answer, JSON.stringify(body).slice(0, 200)).toMatchObject({ status: 400, body: { error: "malformed_request" } });
      return answer.body as { issues: { path: (string | number)[] }[] };
    };
    const duplicate = await malformed({ ...valid, samples: [consenting.sampleCodes[0], consenting.sampleCodes[1], consenting.sampleCodes[0]] });
    expect(duplicate.issues[0]?.path).toEqual(["samples", 2]);
    await malformed({ ...valid, samples: [] });
    await malformed({ ...valid, samples: Array.from({ length: 1_000_001 }, (_, index) => `S-${index}`) });
    await malformed({ ...valid, samples: ["S-1 2"] });
    await malformed({ ...valid, samples: [`${consenting.sampleCodes[0]}\u0000`] });
    await malformed({ ...valid, recipient: "everyone" });
    await malformed({ ...valid, purpose: "research" });
    await malformed({ ...valid, dataset: "../etc" });
    await malformed({ ...valid, extra: 1 });
    await malformed("{");
    await malformed([valid]);
    expect(await release(valid, analyst)).toEqual({ status: 403, body: { error: "forbidden", reason: "scope_missing" } });
    expect(await release(valid, datasetKeeper)).toEqual({ status: 403, body: { error: "forbidden", reason: "scope_missing" } });
    expect((await bridge.post("/v1/releases", valid)).status).toBe(401);
    expect(await storedReleaseCount()).toBe(count);
  });

  describe("in the detached form (ADR 160): the manifest's bytes as the body, an RFC 7797 signature beside them", () => {
    const V2 = "application/vnd.tsunagi.release.v2+json";
    // The relay's heartbeat, which keeps the projection fresh: the tests before may take longer than the 5 s bound on
    // busy cores, and a stale projection rightly answers 503 (seen on CI).
    beforeEach(sync);

    /** An answer as a client reads it: the status, the headers it cares for, and the body's bytes as received. */
    async function ask(method: "GET" | "POST", path: string, accept: string | undefined, body?: unknown) {
      const approval = body && typeof body === "object" && "recipient" in body && body.recipient !== "public" ? { approval: approvals[String(body.recipient)] } : {};
      const response = await fetch(`${bridge.url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${releaser}`, ...(accept === undefined ? {} : { Accept: accept }), ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify({ ...body, ...approval }),
      });
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { status: response.status, contentType: response.headers.get("content-type"), jws: response.headers.get("tsunagi-jws"), sunset: response.headers.get("sunset"), deprecation: response.headers.get("deprecation"), bytes };
    }

    /** What a recipient does with a standard JOSE library: verify the detached signature over exactly the bytes received. */
    async function verifiedDetached(answer: { jws: string | null; bytes: Uint8Array }): Promise<Record<string, unknown>> {
      const [protectedHeader, empty, signature] = (answer.jws ?? "").split(".");
      expect(empty).toBe("");
      const { payload } = await flattenedVerify({ protected: protectedHeader!, payload: answer.bytes, signature: signature! }, jwks);
      return JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    }

    it("answers a release asked for in v2 with the manifest once, verifiable with jose over the bytes received, and stores that signature", async () => {
      const samples = [...consenting.sampleCodes, ...leaving.sampleCodes];
      const answer = await ask("POST", "/v1/releases", V2, { dataset: "colorectal-2026", samples, recipient: "academia", purpose: research });
      expect(answer).toMatchObject({ status: 201, contentType: V2, sunset: null });
      const manifest = await verifiedDetached(answer);
      expect(manifest).toMatchObject({ includedCount: 2, included: consenting.sampleCodes, excludedCounts: { withdrawn_no_further_use: 2 } });
      expect(manifest).not.toHaveProperty("jws");
      expect(decodeProtectedHeader(answer.jws!)).toEqual({ alg: "ES256", kid: expect.any(String), b64: false, crit: ["b64"] });

      // Stored as given: the body's very bytes, and the very signature in the header (ADR 094's row, ADR 160's header).
      const { rows } = await admin.query<{ payload: Buffer; jws: string }>("SELECT payload, jws FROM bridge.release WHERE id = $1", [manifest.releaseId]);
      expect(rows).toEqual([{ payload: Buffer.from(answer.bytes), jws: answer.jws }]);

      // One byte changed on the way (a count raised): the signature fails.
      const tampered = Buffer.from(new TextDecoder().decode(answer.bytes).replace('"includedCount":2', '"includedCount":3'));
      expect(tampered.equals(Buffer.from(answer.bytes))).toBe(false);
      await expect(verifiedDetached({ jws: answer.jws, bytes: tampered })).rejects.toThrow(/signature verification failed/);
      // The same signature read as the attached form's (its payload base64url-encoded): it does not verify either.
      const [header, , signature] = answer.jws!.split(".");
      await expect(compactVerify(`${header}.${Buffer.from(answer.bytes).toString("base64url")}.${signature}`, jwks)).rejects.toThrow();

      // GET in v2: the stored bytes and the stored signature, as given; no re-check in it (one signature per answer).
      const shown = await ask("GET", `/v1/releases/${String(manifest.releaseId)}`, V2);
      expect(shown).toMatchObject({ status: 200, contentType: V2, jws: answer.jws });
      expect(Buffer.from(shown.bytes).equals(Buffer.from(answer.bytes))).toBe(true);

      // The re-check is its own resource, signed now, in the form asked.
      const recheck = await ask("GET", `/v1/releases/${String(manifest.releaseId)}/recheck`, V2);
      expect(recheck).toMatchObject({ status: 200, contentType: V2 });
      expect(await verifiedDetached(recheck)).toMatchObject({ releaseId: manifest.releaseId, stillIncludedCount: 2, excludedSince: [] });
    });

    it("still answers v1 (the attached form) when asked for it or for plain JSON, marked deprecated with its sunset, and crosses forms on GET", async () => {
      const samples = consenting.sampleCodes;
      const old = await ask("POST", "/v1/releases", "application/json", { dataset: "colorectal-2026", samples, recipient: "academia", purpose: research });
      expect(old).toMatchObject({ status: 201, contentType: "application/json; charset=utf-8", jws: null, sunset: "Mon, 31 May 2027 00:00:00 GMT", deprecation: expect.stringMatching(/^@\d+$/) });
      const body = JSON.parse(new TextDecoder().decode(old.bytes)) as Manifest;
      expect(await verifiedPayload(body)).toMatchObject({ includedCount: 2 });
      expect(decodeProtectedHeader(body.jws)).toEqual({ alg: "ES256", kid: expect.any(String) });

      // A v1 release asked for in v2: the same bytes, signed now in the unencoded form.
      const asV2 = await ask("GET", `/v1/releases/${body.releaseId}`, `${V2}, application/json;q=0.5`);
      expect(asV2).toMatchObject({ status: 200, contentType: V2 });
      expect(await verifiedDetached(asV2)).toEqual((({ jws: _jws, ...rest }) => rest)(body));
      expect(new TextDecoder().decode(asV2.bytes)).toBe(Buffer.from(body.jws.split(".")[1]!, "base64url").toString("utf8"));

      // A v2 release asked for in v1: its manifest with a compact JWS made now, and the re-check, as GET always gave.
      const made = await ask("POST", "/v1/releases", V2, { dataset: "colorectal-2026", samples, recipient: "academia", purpose: research });
      const madeManifest = await verifiedDetached(made);
      for (const accept of [undefined, "application/json", "application/vnd.tsunagi.release.v1+json", "*/*"]) {
        const asV1 = await ask("GET", `/v1/releases/${String(madeManifest.releaseId)}`, accept);
        expect(asV1, String(accept)).toMatchObject({ status: 200, contentType: "application/json; charset=utf-8", sunset: "Mon, 31 May 2027 00:00:00 GMT" });
        const stored = JSON.parse(new TextDecoder().decode(asV1.bytes)) as Manifest & { recheck: Recheck };
        expect(await verifiedPayload(stored, ["recheck"])).toEqual(madeManifest);
        expect(await verifiedPayload(stored.recheck)).toMatchObject({ releaseId: madeManifest.releaseId, stillIncludedCount: 2 });
      }
    });

    it("refuses with 406 in the bridge's {error} shape when only a release form it does not speak is asked for, storing nothing", async () => {
      const count = await storedReleaseCount();
      const v3 = await ask("POST", "/v1/releases", "application/vnd.tsunagi.release.v3+json", { dataset: "colorectal-2026", samples: consenting.sampleCodes, recipient: "academia", purpose: research });
      expect(v3.status).toBe(406);
      expect(v3.contentType).toBe("application/json; charset=utf-8");
      expect(JSON.parse(new TextDecoder().decode(v3.bytes))).toEqual({
        error: "not_acceptable",
        reason: "release_form_unsupported",
        asked: ["application/vnd.tsunagi.release.v3+json"],
        supported: [V2, "application/vnd.tsunagi.release.v1+json", "application/json"],
      });
      const refusedBoth = await ask("GET", `/v1/releases/6f1c1a86-3f0a-4c8e-9a57-2b0d4c3e9f11`, `application/json;q=0, ${V2};q=0`);
      expect(refusedBoth.status).toBe(406);
      expect(await storedReleaseCount()).toBe(count);
    });
  });
});

describe("stored releases are a record", () => {
  let pool: BridgePool;
  beforeAll(() => {
    pool = createBridgePool(db.url, () => undefined);
  });
  afterAll(() => pool.end());

  it("the bridge's role can add a release but neither change nor delete one", async () => {
    expect(await storedReleaseCount()).toBeGreaterThan(0);
    for (const sql of [
      `UPDATE bridge.release SET payload = convert_to('{"included":[]}', 'UTF8')`,
      `UPDATE bridge.release SET included_count = 0`,
      `UPDATE bridge.release SET jws = 'x'`,
      `DELETE FROM bridge.release`,
      `TRUNCATE bridge.release`,
    ]) {
      const error = await pool.query(sql).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error, sql).toBeInstanceOf(pg.DatabaseError);
      expect((error as pg.DatabaseError).code, sql).toBe("42501");
    }
  });
});
