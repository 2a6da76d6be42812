// Data-access approvals enforced by the bridge (issue 15 item 5; ADR 041), on real PostgreSQL: approvals written and
// changed by the app's own domain functions, carried by the real relay (or, where the bridge's clock is moved, posted
// from the real approval outbox as the relay posts it) to the real bridge; answers verified as a client would.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import {
  ApprovalChangeRefusedError,
  extendApproval,
  reinstateApproval,
  revokeApproval,
  suspendApproval,
} from "../../app/domain/access/approvals/change-approval-status.server";
import { useTestDatabase } from "../support/database";
import { approvalHeartbeat, approvalMessages, createTestApproval, ingestApprovals, syncApprovals } from "../support/approvals";
import { eventually } from "../support/outbox-fixtures";
import { issueTestToken, outboxMessages, startTestBridge, verifiedAnswer, type TestBridge } from "../support/pipeline-bridge";
import { useTestRelays } from "../support/relay";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant, type ConsentedParticipant } from "./dashboard-fixtures";

const db = useTestDatabase();
useTempDataDir();
const relays = useTestRelays();

const research = "DUO:0000006";
const hour = 3600_000;
const staff = { userId: randomUUID() };

interface Answer {
  status: number;
  body: Record<string, unknown> & { jws?: string; reason?: string; error?: string };
}

let releaser: string;
let datasetKeeper: string;
let participant: ConsentedParticipant;
let admin: pg.Pool;

beforeAll(async () => {
  releaser = await issueTestToken(["gate:release"]);
  datasetKeeper = await issueTestToken(["gate:datasets"]);
  participant = await consentedParticipant();
  admin = new pg.Pool({ connectionString: db.url, max: 2 });
});
afterAll(async () => {
  await admin.end();
});

async function startBridge(overrides: Parameters<typeof startTestBridge>[1] = {}): Promise<TestBridge> {
  const bridge = await startTestBridge(db.url, overrides);
  relays.defer(() => bridge.close());
  for (const id of ["lung-2026", "colorectal-2026"]) {
    const response = await fetch(`${bridge.url}/v1/datasets/${id}`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${datasetKeeper}`, "Content-Type": "application/json" },
      body: JSON.stringify({ title: id, clockStartsAt: "2026-01-01T00:00:00Z", publicationMoratoriumMonths: 24 }),
    });
    expect(response.status).toBe(200);
  }
  return bridge;
}

async function release(bridge: TestBridge, body: Record<string, unknown>): Promise<Answer> {
  return (await bridge.post("/v1/releases", { dataset: "lung-2026", samples: participant.sampleCodes, recipient: "academia", purpose: research, ...body }, releaser)) as Answer;
}

/** The verified payload of a signed body; throws when the body is not exactly what was signed. */
const verified = (bridge: TestBridge, body: Answer["body"]) => verifiedAnswer(bridge, body);

async function loggedFor(bridge: TestBridge, requestId: unknown) {
  await bridge.context.decisionLog.flush();
  const { rows } = await admin.query("SELECT subject, action, recipient, purpose, allowed, reason, consent_version FROM bridge.decision_log WHERE request_id = $1", [requestId]);
  return rows;
}

describe("approvals through the real relay and bridge", () => {
  it("an approval reaches the bridge and a release naming it is allowed; revoked, the next release is denied approval_revoked, signed and logged", async () => {
    const approval = await createTestApproval({ datasets: ["lung-2026"] });
    const bridge = await startBridge();
    await relays.start(bridge.url, { relayId: "relay-approvals" });
    await eventually("the approval at the bridge", () => bridge.context.approvals.record(approval.id));

    const allowed = await eventually("the release allowed", async () => {
      const answer = await release(bridge, { approval: approval.id, recipientInstitution: "kyoto university" });
      // The participant's consent travels on its own lane: until it has arrived the sample is unknown.
      return answer.status === 201 && answer.body.includedCount === 2 && answer;
    });
    expect(allowed.body).toMatchObject({
      includedCount: 2,
      approval: { id: approval.id, version: 1, applicationReference: approval.applicationReference, recipientInstitution: "Kyoto University", recipientCountry: "JP" },
    });
    await verified(bridge, allowed.body);
    const stored = await admin.query("SELECT approval_id FROM bridge.release WHERE id = $1", [allowed.body.releaseId]);
    expect(stored.rows).toEqual([{ approval_id: approval.id }]);

    await revokeApproval({ approvalId: approval.id, expectedVersion: 1, reason: "Data shared beyond the approved project", actor: staff });
    const denied = await eventually("the revocation at the bridge", async () => {
      const answer = await release(bridge, { approval: approval.id });
      return answer.status === 403 && answer;
    });
    expect(denied.body).toMatchObject({ error: "release_denied", reason: "approval_revoked", approval: approval.id, approvalVersion: 2, dataset: "lung-2026", recipient: "academia", purpose: research });
    expect(await verified(bridge, denied.body)).toMatchObject({ reason: "approval_revoked" });
    expect(await loggedFor(bridge, denied.body.requestId)).toEqual([
      { subject: `approval:${approval.id}`, action: "release", recipient: "academia", purpose: research, allowed: false, reason: "approval_revoked", consent_version: 2 },
    ]);
    // Nothing stored for a denial; the earlier release, re-checked at shipping time, may no longer be shipped.
    const storedUnder = async () => (await admin.query("SELECT 1 FROM bridge.release WHERE approval_id = $1", [approval.id])).rowCount;
    const before = await storedUnder();
    expect((await release(bridge, { approval: approval.id })).status).toBe(403);
    expect(await storedUnder()).toBe(before);
    const recheck = (await bridge.get(`/v1/releases/${String(allowed.body.releaseId)}`, releaser)).body as { recheck: Record<string, unknown> };
    expect(recheck.recheck).toMatchObject({ stillIncludedCount: 0, excludedSinceCounts: { approval_revoked: 2 }, excludedSince: participant.sampleCodes });

    // Every change left the app as its own message, delivered and stamped.
    const rows = await getDatabase().approvalOutbox.findMany({ where: { approvalId: approval.id }, orderBy: { seq: "asc" } });
    expect(rows.map((row) => [row.version, (row.payload as { change: string }).change, (row.payload as { approval: { status: string } }).approval.status])).toEqual([
      [1, "granted", "active"],
      [2, "revoked", "revoked"],
    ]);
    await eventually("both stamped", async () => (await getDatabase().approvalOutbox.count({ where: { approvalId: approval.id, bridgeDeliveredAt: null } })) === 0);
  });

  it("an approval's change wakes the relay: with its poll ten minutes away, a suspension reaches the bridge at its NOTIFY", async () => {
    const approval = await createTestApproval({ datasets: ["lung-2026"] });
    const bridge = await startBridge();
    const { relay } = await relays.start(bridge.url, { relayId: "relay-approvals-notified", pollMs: 600_000 });
    expect(relay.status().listening).toBe(true);
    // The start's own read delivers what was there; after it only a notification can wake the lanes.
    await eventually("the approval at the bridge", () => bridge.context.approvals.record(approval.id));
    await eventually("the start's backlog stamped", async () => (await getDatabase().approvalOutbox.count({ where: { bridgeDeliveredAt: null } })) === 0);
    await suspendApproval({ approvalId: approval.id, reason: "Inquiry into a reported breach", actor: staff });
    await eventually("the suspension at the bridge", () => bridge.context.approvals.record(approval.id)?.version === 2, 30_000);
  });

  it("an approval whose end has just passed, a suspended one, and one not yet begun deny with their own reasons; a reinstated one allows again", async () => {
    const expired = await createTestApproval({ datasets: ["lung-2026"], startsAt: new Date(Date.now() - 400 * 24 * hour), endsAt: new Date(Date.now() - 1) });
    const future = await createTestApproval({ datasets: ["lung-2026"], startsAt: new Date(Date.now() + 24 * hour) });
    const sanctioned = await createTestApproval({ datasets: ["lung-2026"] });
    const bridge = await startBridge();
    await relays.start(bridge.url, { relayId: "relay-approvals-2" });
    await eventually("the approvals at the bridge", () => bridge.context.approvals.record(sanctioned.id) && bridge.context.approvals.record(future.id) && bridge.context.approvals.record(expired.id));
    await eventually("the bridge fresh", async () => (await release(bridge, { approval: sanctioned.id })).status === 201);

    expect((await release(bridge, { approval: expired.id })).body).toMatchObject({ error: "release_denied", reason: "approval_expired" });
    expect((await release(bridge, { approval: future.id })).body).toMatchObject({ error: "release_denied", reason: "approval_not_yet_active" });

    await suspendApproval({ approvalId: sanctioned.id, reason: "Inquiry into a reported breach", actor: staff });
    const suspended = await eventually("the suspension at the bridge", async () => {
      const answer = await release(bridge, { approval: sanctioned.id });
      return answer.status === 403 && answer;
    });
    expect(suspended.body).toMatchObject({ reason: "approval_suspended", approvalVersion: 2 });
    await reinstateApproval({ approvalId: sanctioned.id, reason: "Inquiry closed", actor: staff });
    await eventually("the reinstatement at the bridge", async () => (await release(bridge, { approval: sanctioned.id })).status === 201);

    // Extended past its end, the expired one allows again: the bridge takes the higher version.
    await extendApproval({ approvalId: expired.id, endsAt: new Date(Date.now() + 30 * 24 * hour), reason: "Committee extended the period", actor: staff });
    await eventually("the extension at the bridge", async () => (await release(bridge, { approval: expired.id })).status === 201);
  });
});

describe("the release check", () => {
  let bridge: TestBridge;
  let clockOffset = 0;
  const bridgeNow = () => Date.now() + clockOffset;
  const sync = async () => {
    await bridge.ingest(await outboxMessages());
    await bridge.heartbeat({ sentAt: new Date(bridgeNow()) });
    await syncApprovals(bridge, { sentAt: new Date(bridgeNow()) });
  };

  beforeAll(async () => {
    bridge = await startTestBridge(db.url, { clock: bridgeNow });
    await startBridgeDatasets(bridge);
  });
  afterAll(() => bridge.close());

  async function startBridgeDatasets(target: TestBridge) {
    for (const id of ["lung-2026", "colorectal-2026"]) {
      await fetch(`${target.url}/v1/datasets/${id}`, {
        method: "PUT",
        headers: { Authorization: `Bearer ${datasetKeeper}`, "Content-Type": "application/json" },
        body: JSON.stringify({ title: id, clockStartsAt: "2026-01-01T00:00:00Z" }),
      });
    }
  }

  it("expires by time alone: allowed before the end, approval_expired after it, with no message in between", async () => {
    const approval = await createTestApproval({ datasets: ["lung-2026"], endsAt: new Date(Date.now() + hour) });
    await sync();
    expect((await release(bridge, { approval: approval.id })).status).toBe(201);
    try {
      clockOffset = 2 * hour;
      // Only heartbeats, as the relay sends them when nothing changes: no message about the approval.
      await bridge.heartbeat({ sentAt: new Date(bridgeNow()) });
      await approvalHeartbeat(bridge, { sentAt: new Date(bridgeNow()) });
      const denied = await release(bridge, { approval: approval.id });
      expect(denied).toMatchObject({ status: 403, body: { error: "release_denied", reason: "approval_expired", approvalVersion: 1 } });
      await verified(bridge, denied.body);
    } finally {
      clockOffset = 0;
      await sync();
    }
  });

  it("denies a non-public release without an approval, or naming one it does not hold; public needs none", async () => {
    await sync();
    for (const recipient of ["academia", "industry", "international"]) {
      const answer = await release(bridge, { recipient });
      expect(answer, recipient).toMatchObject({ status: 403, body: { error: "release_denied", reason: "approval_required", approval: null, approvalVersion: null } });
      await verified(bridge, answer.body);
      expect(await loggedFor(bridge, answer.body.requestId)).toMatchObject([{ subject: "approval:none", allowed: false, reason: "approval_required" }]);
    }
    expect((await release(bridge, { approval: randomUUID() })).body).toMatchObject({ reason: "approval_unknown" });
    // Public releases are governed by the public-database embargo, not by an approval.
    expect(await release(bridge, { recipient: "public" })).toMatchObject({ status: 201, body: { approval: null, excludedCounts: { embargo_public_database: 2 } } });
    expect((await release(bridge, { approval: "not-a-uuid" })).body).toMatchObject({ error: "malformed_request" });
  });

  it("denies a dataset, recipient or purpose outside the approval, each with its reason", async () => {
    const academia = await createTestApproval({ datasets: ["lung-2026"], purposeCodes: ["HMB"] });
    const company = await createTestApproval({ datasets: ["lung-2026"], recipientType: "industry", recipientInstitution: "Example Pharma K.K." });
    const abroad = await createTestApproval({ datasets: ["lung-2026"], recipientCountry: "US", recipientInstitution: "Broad Institute" });
    await sync();
    const cases: [string, Record<string, unknown>, string | 201][] = [
      [academia.id, {}, 201],
      [academia.id, { dataset: "colorectal-2026" }, "approval_dataset_not_covered"],
      [academia.id, { recipient: "industry" }, "approval_recipient_not_covered"],
      [academia.id, { recipient: "international" }, "approval_recipient_not_covered"],
      [academia.id, { recipient: "public" }, "approval_recipient_not_covered"],
      [academia.id, { recipientInstitution: "Osaka University" }, "approval_recipient_not_covered"],
      [academia.id, { purpose: "DUO:0000007" }, "approval_purpose_not_covered"],
      [academia.id, { purpose: "DUO:0000042" }, "approval_purpose_not_covered"],
      [company.id, { recipient: "industry" }, 201],
      [company.id, {}, "approval_recipient_not_covered"],
      [abroad.id, { recipient: "international", recipientInstitution: "BROAD  Institute" }, 201],
      [abroad.id, {}, "approval_recipient_not_covered"],
    ];
    for (const [approval, changes, expected] of cases) {
      const answer = await release(bridge, { approval, ...changes });
      if (expected === 201) expect(answer.status, JSON.stringify(changes)).toBe(201);
      else expect(answer, `${expected} ${JSON.stringify(changes)}`).toMatchObject({ status: 403, body: { error: "release_denied", reason: expected } });
    }
  });

  it("takes the highest version: duplicates and out-of-order deliveries change nothing", async () => {
    const approval = await createTestApproval({ datasets: ["lung-2026"] });
    await suspendApproval({ approvalId: approval.id, reason: "Inquiry", actor: staff });
    await reinstateApproval({ approvalId: approval.id, reason: "Cleared", actor: staff });
    await revokeApproval({ approvalId: approval.id, reason: "Breach confirmed", actor: staff });
    const [granted, suspended, reinstated, revoked] = await approvalMessages([approval.id]);

    expect(await ingestApprovals(bridge, [suspended!])).toEqual({ applied: 1, duplicates: 0, stale: 0 });
    expect(await ingestApprovals(bridge, [granted!, suspended!])).toEqual({ applied: 0, duplicates: 1, stale: 1 });
    await approvalHeartbeat(bridge);
    expect((await release(bridge, { approval: approval.id })).body).toMatchObject({ reason: "approval_suspended", approvalVersion: 2 });
    // The revocation overtakes the reinstatement; the reinstatement arriving late takes nothing back.
    expect(await ingestApprovals(bridge, [revoked!, revoked!])).toEqual({ applied: 1, duplicates: 1, stale: 0 });
    expect(await ingestApprovals(bridge, [reinstated!])).toEqual({ applied: 0, duplicates: 0, stale: 1 });
    await approvalHeartbeat(bridge);
    expect((await release(bridge, { approval: approval.id })).body).toMatchObject({ reason: "approval_revoked", approvalVersion: 4 });
    const held = await admin.query("SELECT version, scope->>'status' AS status FROM bridge.approval WHERE approval_id = $1", [approval.id]);
    expect(held.rows).toEqual([{ version: 4, status: "revoked" }]);
    // A bridge started afresh on the same table holds the same.
    const restarted = await startTestBridge(db.url);
    try {
      expect(restarted.context.approvals.held(approval.id)).toMatchObject({ parked: false, scope: { status: "revoked" } });
    } finally {
      await restarted.close();
    }
  });

  it("parks a message of a kind it cannot read, and every later one for that approval: releases under it are denied", async () => {
    const approval = await createTestApproval({ datasets: ["lung-2026"] });
    await sync();
    expect((await release(bridge, { approval: approval.id })).status).toBe(201);
    const [granted] = await approvalMessages([approval.id]);
    const newer = { ...granted!, eventId: randomUUID(), seq: "900000", kind: "approval_transferred", version: 2 };
    const after = { ...granted!, eventId: randomUUID(), seq: "900001", version: 3 };
    expect(await ingestApprovals(bridge, [newer, after])).toEqual({ applied: 0, duplicates: 0, stale: 0, parked: 2 });
    const parked = await admin.query("SELECT kind, reason FROM bridge.parked_approval_message WHERE approval_id = $1 ORDER BY seq", [approval.id]);
    expect(parked.rows).toEqual([
      { kind: "approval_transferred", reason: "unknown_kind" },
      { kind: "approval_changed", reason: "behind_parked" },
    ]);
    await approvalHeartbeat(bridge);
    expect((await release(bridge, { approval: approval.id })).body).toMatchObject({ error: "release_denied", reason: "approval_message_parked" });
    // Malformed (a version this bridge reads, not matching its schema): the batch is refused, nothing applied.
    const refused = await bridge.post("/internal/v1/approval-changes", { changes: [{ ...granted!, eventId: randomUUID(), version: "two" }] }, bridge.ingestToken);
    expect(refused).toMatchObject({ status: 400, body: { error: "malformed_request" } });
    await admin.query("DELETE FROM bridge.parked_approval_message WHERE approval_id = $1", [approval.id]);
  });

  it("refuses releases under approvals while its copy may be behind the app, and public ones still go; /readyz says so without going unready", async () => {
    const approval = await createTestApproval({ datasets: ["lung-2026"] });
    await sync();
    const accepted = bridge.context.approvalHealth.acceptedSeq();
    expect(await bridge.get("/readyz")).toEqual({
      status: 200,
      body: { ready: true, approvals: { fresh: true, heartbeatAgeMs: expect.any(Number), highWaterMark: String(accepted), acceptedThrough: String(accepted) } },
    });
    try {
      await approvalHeartbeat(bridge, { highWaterMark: accepted + 1n });
      expect(await release(bridge, { approval: approval.id })).toEqual({ status: 503, body: { error: "projection_stale" } });
      expect((await release(bridge, { recipient: "public" })).status).toBe(201);
      // An operator sees why: the relay has handed over a message this bridge has not accepted. Consent is unaffected.
      expect(await bridge.get("/readyz")).toEqual({
        status: 200,
        body: { ready: true, approvals: { fresh: false, heartbeatAgeMs: expect.any(Number), highWaterMark: String(accepted + 1n), acceptedThrough: String(accepted) } },
      });
      await approvalHeartbeat(bridge, { sentAt: new Date(Date.now() - 10 * 60_000) });
      expect((await release(bridge, { approval: approval.id })).status).toBe(503);
      const { body } = await bridge.get("/readyz");
      expect(body).toMatchObject({ ready: true, approvals: { fresh: false, highWaterMark: String(accepted), acceptedThrough: String(accepted) } });
      expect((body as { approvals: { heartbeatAgeMs: number } }).approvals.heartbeatAgeMs).toBeGreaterThanOrEqual(10 * 60_000);
    } finally {
      await sync();
    }
    expect((await release(bridge, { approval: approval.id })).status).toBe(201);
  });

  it("before any approval heartbeat, /readyz says approvals are not current and names no mark", async () => {
    const fresh = await startTestBridge(db.url);
    try {
      await fresh.heartbeat();
      expect(await fresh.get("/readyz")).toEqual({
        status: 200,
        body: { ready: true, approvals: { fresh: false, heartbeatAgeMs: null, highWaterMark: null, acceptedThrough: expect.stringMatching(/^[0-9]+$/) } },
      });
    } finally {
      await fresh.close();
    }
  });
});

describe("staff changes to an approval", () => {
  it("refuse what the approval's state does not allow, and a change made on a version since moved; each change is audited", async () => {
    const approval = await createTestApproval({ datasets: ["lung-2026"] });
    const refused = async (change: Promise<unknown>) => {
      const error = await change.then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(ApprovalChangeRefusedError);
      const { code, reason } = error as ApprovalChangeRefusedError;
      // An approval that does not exist is not_found (the 404 page) like any record; the rest are its state refusing.
      expect(code).toBe(reason === "not_found" ? "not_found" : "approval_change_refused");
      return reason;
    };
    expect(await refused(reinstateApproval({ approvalId: approval.id, reason: "x", actor: staff }))).toBe("not_suspended");
    expect(await refused(suspendApproval({ approvalId: approval.id, reason: "  ", actor: staff }))).toBe("reason_required");
    expect(await refused(extendApproval({ approvalId: approval.id, endsAt: new Date(Date.now() - hour), reason: "x", actor: staff }))).toBe("end_not_later");
    expect(await refused(revokeApproval({ approvalId: randomUUID(), reason: "x", actor: staff }))).toBe("not_found");

    await suspendApproval({ approvalId: approval.id, expectedVersion: 1, reason: "Inquiry", actor: staff });
    expect(await refused(suspendApproval({ approvalId: approval.id, reason: "again", actor: staff }))).toBe("already_suspended");
    // Two staff acting on the same page: the second, made on version 1, is refused.
    expect(await refused(revokeApproval({ approvalId: approval.id, expectedVersion: 1, reason: "Breach", actor: staff }))).toBe("changed_meanwhile");
    await revokeApproval({ approvalId: approval.id, expectedVersion: 2, reason: "Breach", actor: staff });
    expect(await refused(revokeApproval({ approvalId: approval.id, reason: "twice", actor: staff }))).toBe("already_revoked");
    expect(await refused(extendApproval({ approvalId: approval.id, endsAt: new Date(Date.now() + 1000 * 24 * hour), reason: "x", actor: staff }))).toBe("revoked");
    expect(await refused(reinstateApproval({ approvalId: approval.id, reason: "x", actor: staff }))).toBe("revoked");

    const row = await getDatabase().dataAccessApproval.findUniqueOrThrow({ where: { id: approval.id } });
    expect(row).toMatchObject({ status: "revoked", version: 3, statusReason: "Breach" });
    expect(await getDatabase().approvalOutbox.count({ where: { approvalId: approval.id } })).toBe(3);
    const audit = await getDatabase().auditEvent.findMany({ where: { type: "access.approval_changed", actorUserId: staff.userId }, orderBy: { id: "asc" } });
    const mine = audit.map((event) => event.detail as { approvalId: string; change: string; version: number }).filter((detail) => detail.approvalId === approval.id);
    expect(mine.map((detail) => [detail.change, detail.version])).toEqual([
      ["suspended", 2],
      ["revoked", 3],
    ]);
  });
});
