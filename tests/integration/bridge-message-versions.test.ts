// Versioned outbox messages and the bridge's tolerant reader (issue 12, ADR 024): rows written before messages had a
// version replay to the same projection; a newer minor's unknown members are accepted; a newer major or an unknown
// kind is parked — kept, never applied — with its participant denied, visible on /readyz, across a restart.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { changeChoices } from "../../app/domain/consent/records/change-choices.server";
import { withdrawConsent } from "../../app/domain/consent/records/withdraw-consent.server";
import type { ConsentChangeMessage } from "@tsunagi/consent-rules/consent-change-message";
import { SubjectStore, type SubjectRecord } from "../../services/pipeline-bridge/src/projection/subject-store";
import { loggedLines } from "../support/captured-logs";
import { useTestDatabase } from "../support/database";
import { commitConsentChange, eventually } from "../support/outbox-fixtures";
import { issueTestToken, outboxMessages, startTestBridge, type TestBridge } from "../support/pipeline-bridge";
import { useTestRelays } from "../support/relay";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant } from "./dashboard-fixtures";

const db = useTestDatabase();
useTempDataDir();
const relays = useTestRelays();

const request = { ipAddress: "127.0.0.1", userAgent: "bridge message versions test" };

interface Decision {
  allowed: boolean;
  reason: string;
  stateVersion: number | null;
}

/** The record a bridge should hold after applying `message` as the participant's latest. */
function recordOf(message: ConsentChangeMessage): SubjectRecord {
  return {
    pseudonym: message.pseudonym,
    version: message.version,
    eventId: message.eventId,
    globalSeq: message.globalSeq,
    occurredAt: new Date(message.occurredAt).toISOString(),
    consent: message.consent,
    samples: message.samples,
  };
}

describe("versioned consent messages at the bridge", () => {
  let bridge: TestBridge;
  let gateToken: string;

  beforeAll(async () => {
    bridge = await startTestBridge(db.url);
    gateToken = await issueTestToken(["gate:analyze", "gate:sequence"]);
  });
  afterAll(() => bridge.close());

  async function analyse(on: TestBridge, subject: string): Promise<Decision> {
    const { status, body } = await on.post("/v1/decisions", { subject, action: "analyze", purpose: "DUO:0000006" }, gateToken);
    expect(status).toBe(200);
    return (body as { decisions: Decision[] }).decisions[0]!;
  }

  it("replays outbox rows written before messages had a version, through the relay, to the same projection today's messages give", async () => {
    const participant = await consentedParticipant();
    const actor = { userId: participant.user!.id, role: "participant" as const };
    await changeChoices({ participantId: participant.id, actor, method: "online", language: "ja", request, changes: { "share.industry": "no" } });
    await withdrawConsent({ participantId: participant.id, actor, method: "online", language: "ja", request, level: "no_contact" });
    const today = await outboxMessages([participant.pseudonym]);
    expect(today.map((message) => [message.schemaVersion, message.kind, message.type])).toEqual([
      ["1.2", "consent_changed", "granted"],
      ["1.2", "consent_changed", "choices_changed"],
      ["1.2", "consent_changed", "withdrawn"],
    ]);

    // The rows as a release before versions wrote them: no schemaVersion, no kind.
    await getDatabase().$executeRaw`UPDATE "ConsentOutbox" SET payload = payload - 'schemaVersion' - 'kind' WHERE pseudonym = ${participant.pseudonym}`;
    const legacy = await getDatabase().consentOutbox.findMany({ where: { pseudonym: participant.pseudonym }, select: { payload: true } });
    expect(legacy.every((row) => !("schemaVersion" in (row.payload as object)) && !("kind" in (row.payload as object)))).toBe(true);

    await relays.start(bridge.url, { relayId: "relay-versions" });
    await eventually("the legacy rows delivered", async () => (await getDatabase().consentOutbox.count({ where: { bridgeDeliveredAt: null } })) === 0);
    await bridge.heartbeat();

    const expected = recordOf(today[2]!);
    expect(bridge.context.subjects.get(participant.pseudonym)).toEqual(expected);
    const reloaded = new SubjectStore();
    await reloaded.load(bridge.context.db);
    expect(reloaded.get(participant.pseudonym)).toEqual(expected);
    // no_contact stops recontact only: analysis is still decided as chosen.
    expect(await analyse(bridge, participant.sampleCodes[0]!)).toMatchObject({ allowed: true, reason: "consented", stateVersion: 3 });
    // The feed names the version and kind the rows were read as.
    const eventsToken = await issueTestToken(["gate:events"]);
    const feed = (await bridge.get("/v1/events?after=0&wait=0&limit=1000", eventsToken)).body as { changes: { eventId: string; schemaVersion: string; kind: string }[] };
    const ours = feed.changes.filter((change) => today.some((message) => message.eventId === change.eventId));
    expect(ours.map((change) => [change.schemaVersion, change.kind])).toEqual(today.map(() => ["1.0", "consent_changed"]));
  });

  it("applies a newer minor with unknown members, parks a newer major and an unknown kind, denies their participants until resolved, and says so on /readyz", async () => {
    const [minor, major, unknownKind] = [await consentedParticipant(), await consentedParticipant(), await consentedParticipant()];
    await bridge.ingest(await outboxMessages([minor.pseudonym, major.pseudonym, unknownKind.pseudonym]));
    await bridge.heartbeat();
    for (const participant of [minor, major, unknownKind]) expect(await analyse(bridge, participant.sampleCodes[0]!)).toMatchObject({ allowed: true, stateVersion: 1 });
    // Positions beyond anything this test's ledger reaches.
    const beyondLedger = (offset: number) => String(9_000_000_000n + BigInt(offset));

    // 1.3 adds members this bridge does not know, at every depth; the message is still version 1 and is applied.
    await changeChoices({ participantId: minor.id, actor: { userId: minor.user!.id, role: "participant" }, method: "online", language: "ja", request, changes: { "share.industry": "no" } });
    const [, change] = await outboxMessages([minor.pseudonym]);
    const newerMinor = {
      ...change!,
      schemaVersion: "1.3",
      approvals: [{ id: "A-1" }],
      samples: change!.samples.map((sample) => ({ ...sample, tissue: "blood" })),
      consent: { ...change!.consent, dataSteward: "NBDC" },
    };
    expect(await bridge.ingest([newerMinor])).toEqual({ applied: 1, duplicates: 0, stale: 0 });
    expect(bridge.context.subjects.get(minor.pseudonym)).toEqual(recordOf(change!));
    expect(await analyse(bridge, minor.sampleCodes[0]!)).toMatchObject({ allowed: true, stateVersion: 2 });

    // A major-3 message (this bridge reads majors 1 and 2), then a readable one after it for the same participant: both parked, neither applied.
    const [grantOfMajor] = await outboxMessages([major.pseudonym]);
    const majorTwo = { ...grantOfMajor!, eventId: randomUUID(), globalSeq: beyondLedger(1), version: 2, schemaVersion: "3.0", consent: { rules: ["whatever 3.0 means"] } };
    const behindIt = { ...grantOfMajor!, eventId: randomUUID(), globalSeq: beyondLedger(2), version: 3 };
    expect(await bridge.ingest([majorTwo])).toEqual({ applied: 0, duplicates: 0, stale: 0, parked: 1 });
    expect(await bridge.ingest([behindIt])).toEqual({ applied: 0, duplicates: 0, stale: 0, parked: 1 });
    // Delivered again (at least once): a duplicate, not a second parked row.
    expect(await bridge.ingest([majorTwo, behindIt])).toEqual({ applied: 0, duplicates: 2, stale: 0 });

    const [grantOfUnknown] = await outboxMessages([unknownKind.pseudonym]);
    const approval = { eventId: randomUUID(), globalSeq: beyondLedger(3), pseudonym: unknownKind.pseudonym, kind: "approval_granted", schemaVersion: "1.0", approvalId: "A-7" };
    expect(await bridge.ingest([approval])).toEqual({ applied: 0, duplicates: 0, stale: 0, parked: 1 });
    await bridge.heartbeat();

    for (const participant of [major, unknownKind]) {
      expect(await analyse(bridge, participant.sampleCodes[0]!)).toMatchObject({ allowed: false, reason: "message_parked", stateVersion: 1 });
      expect(await analyse(bridge, participant.pseudonym)).toMatchObject({ allowed: false, reason: "message_parked" });
    }
    const summaryToken = await issueTestToken(["gate:analyze"]);
    expect(await bridge.get(`/v1/subjects/${major.sampleCodes[0]}`, summaryToken)).toEqual({ status: 503, body: { error: "message_parked" } });
    expect((await bridge.get(`/v1/subjects/${minor.pseudonym}`, summaryToken)).status).toBe(200);
    expect(bridge.context.subjects.get(major.pseudonym)?.eventId).toBe(grantOfMajor!.eventId);
    expect(bridge.context.subjects.get(unknownKind.pseudonym)?.eventId).toBe(grantOfUnknown!.eventId);

    // Kept as sent, with why.
    const { rows } = await bridge.context.db.query<{ event_id: string; reason: string; kind: string; schema_version: string; message: unknown }>(
      `SELECT event_id, reason, kind, schema_version, message FROM bridge.parked_message ORDER BY global_seq`,
    );
    expect(rows).toEqual([
      { event_id: majorTwo.eventId, reason: "newer_major", kind: "consent_changed", schema_version: "3.0", message: majorTwo },
      { event_id: behindIt.eventId, reason: "behind_parked", kind: "consent_changed", schema_version: "1.2", message: behindIt },
      { event_id: approval.eventId, reason: "unknown_kind", kind: "approval_granted", schema_version: "1.0", message: approval },
    ]);
    const logged = loggedLines().filter((line) => line.service === "bridge" && line.level === "warn");
    for (const parked of [majorTwo, behindIt, approval]) expect(logged.some((line) => line.eventId === parked.eventId && line.msg.includes(`parked message ${parked.eventId}`))).toBe(true);

    // Parked messages deny their own participants; the bridge stays ready for everyone else (ADR 024).
    const readiness = { ready: true, approvals: expect.any(Object), parked: { count: 3, oldestParkedAt: expect.any(String), oldestGlobalSeq: majorTwo.globalSeq } };
    expect(await bridge.get("/readyz")).toEqual({ status: 200, body: readiness });

    // A restarted bridge still holds them, still denies, still reports them.
    const restarted = await startTestBridge(db.url);
    try {
      await restarted.heartbeat();
      expect(await restarted.get("/readyz")).toEqual({ status: 200, body: readiness });
      expect(await analyse(restarted, major.sampleCodes[0]!)).toMatchObject({ allowed: false, reason: "message_parked" });
      expect(await analyse(restarted, unknownKind.sampleCodes[0]!)).toMatchObject({ allowed: false, reason: "message_parked" });
      expect(await analyse(restarted, minor.sampleCodes[0]!)).toMatchObject({ allowed: true, stateVersion: 2 });
    } finally {
      await restarted.close();
    }
  });

  it("a bridge that can read a parked message applies it at start, in ledger order, and its participant is decided again", async () => {
    const participant = await consentedParticipant();
    await bridge.ingest(await outboxMessages([participant.pseudonym]));
    await changeChoices({ participantId: participant.id, actor: { userId: participant.user!.id, role: "participant" }, method: "online", language: "ja", request, changes: { "share.industry": "no" } });
    await withdrawConsent({ participantId: participant.id, actor: { userId: participant.user!.id, role: "participant" }, method: "online", language: "ja", request, level: "destroy" });
    const [, change, withdrawal] = await outboxMessages([participant.pseudonym]);
    // As an older bridge that did not know these would have left them: parked, the participant denied.
    await bridge.context.db.query(
      `INSERT INTO bridge.parked_message (event_id, global_seq, pseudonym, kind, schema_version, reason, message)
       VALUES ($1, $2, $3, 'consent_changed', '1.0', 'newer_major', $4), ($5, $6, $3, 'consent_changed', '1.0', 'behind_parked', $7)`,
      [change!.eventId, change!.globalSeq, participant.pseudonym, JSON.stringify(change), withdrawal!.eventId, withdrawal!.globalSeq, JSON.stringify(withdrawal)],
    );
    const before = await startTestBridge(db.url);
    const left = (await before.get("/readyz")).body as { parked?: { count: number } };
    await before.close();
    // That start already applied them (this bridge reads 1.0): nothing of theirs is parked any more.
    const { rows } = await bridge.context.db.query(`SELECT 1 FROM bridge.parked_message WHERE pseudonym = $1`, [participant.pseudonym]);
    expect(rows).toEqual([]);
    expect(left.parked?.count).toBe(3);

    const after = await startTestBridge(db.url);
    try {
      await after.heartbeat();
      expect(after.context.subjects.get(participant.pseudonym)).toEqual(recordOf(withdrawal!));
      expect(await analyse(after, participant.sampleCodes[0]!)).toMatchObject({ allowed: false, reason: "withdrawn_destroy", stateVersion: 3 });
      const eventsToken = await issueTestToken(["gate:events"]);
      const feed = (await after.get("/v1/events?after=0&wait=0&limit=1000", eventsToken)).body as { changes: { eventId: string }[] };
      expect(feed.changes.map((entry) => entry.eventId)).toEqual(expect.arrayContaining([change!.eventId, withdrawal!.eventId]));
    } finally {
      await after.close();
    }
  });

  it("the relay carries a row of a kind this bridge does not know (a newer app wrote it) instead of refusing it, and the bridge parks it", async () => {
    const grant = await commitConsentChange();
    const next = await commitConsentChange(grant.participantId);
    await getDatabase().$executeRaw`UPDATE "ConsentOutbox" SET payload = payload || '{"kind": "approval_granted", "schemaVersion": "1.0", "approvalId": "A-9"}'::jsonb WHERE "eventId" = ${next.event.id}::uuid`;
    const fresh = await startTestBridge(db.url);
    relays.defer(() => fresh.close());
    await relays.start(fresh.url, { relayId: "relay-new-kind" });
    await eventually("both rows delivered", async () => (await getDatabase().consentOutbox.count({ where: { bridgeDeliveredAt: null } })) === 0);
    await eventually("the bridge ready", async () => (await fresh.get("/readyz")).status === 200);
    expect(fresh.context.subjects.get(grant.pseudonym)?.eventId).toBe(grant.event.id);
    expect(await analyse(fresh, grant.pseudonym)).toMatchObject({ allowed: false, reason: "message_parked", stateVersion: 1 });
    const { rows } = await fresh.context.db.query(`SELECT reason, kind FROM bridge.parked_message WHERE event_id = $1`, [next.event.id]);
    expect(rows).toEqual([{ reason: "unknown_kind", kind: "approval_granted" }]);
    expect(loggedLines().some((line) => line.service === "bridge" && line.level === "warn" && line.msg.includes(`parked message ${next.event.id}`))).toBe(true);
  });
});
