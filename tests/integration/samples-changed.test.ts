// A sample registered after the participant's last consent change (issue 12, item 4; ADR 024): the coordinator's verb
// writes the sample, its audit row, a sample_registered ledger event and a samples_changed message in one transaction,
// under the participant's lock; the bridge, which denied the unknown sample until then, decides it by the consent as
// it stands once the message is relayed; a bridge that does not read samples_changed parks it and keeps denying.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { isAppError } from "../../app/domain/kernel/app-error";
import { verifyLedger } from "../../app/domain/consent/ledger/verify-ledger.server";
import { grantConsent } from "../../app/domain/consent/records/grant-consent.server";
import { withdrawConsent } from "../../app/domain/consent/records/withdraw-consent.server";
import { registerSample } from "../../app/domain/consent/participants/samples/register-sample.server";
import { createParticipant } from "../factories/participant-factory";
import { createUser, requestFrom } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { atOnce, closeLedgerGate, refusals, succeeded } from "../support/lock-gate";
import { eventually } from "../support/outbox-fixtures";
import { issueTestToken, outboxMessages, startTestBridge, type TestBridge } from "../support/pipeline-bridge";
import { useTestRelays } from "../support/relay";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant, signableFormVersion, typicalChoices } from "./dashboard-fixtures";

const db = useTestDatabase();
useTempDataDir();
const relays = useTestRelays();

async function coordinator() {
  const user = await createUser({ role: "coordinator" });
  return { userId: user.id, role: "coordinator" };
}

/** What a registration could leave behind, for one participant. */
async function writtenFor(participantId: string) {
  const database = getDatabase();
  const [samples, events, audits, outbox] = await Promise.all([
    database.sample.count({ where: { participantId } }),
    database.consentEvent.count({ where: { participantId } }),
    database.auditEvent.count({ where: { type: "sample.registered", detail: { path: ["participantId"], equals: participantId } } }),
    database.consentOutbox.count({ where: { eventId: { in: (await database.consentEvent.findMany({ where: { participantId }, select: { id: true } })).map((event) => event.id) } } }),
  ]);
  return { samples, events, audits, outbox };
}

async function refusal(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  return isAppError(error) ? error.code : `not a refusal: ${String(error)}`;
}

describe("registering a sample after enrolment", () => {
  it("writes the sample, its audit row, a sample_registered event and a samples_changed message with the whole state, in one transaction", async () => {
    const participant = await consentedParticipant();
    const staff = await coordinator();
    const stateBefore = await getDatabase().consentState.findUniqueOrThrow({ where: { participantId: participant.id } });

    const registered = await registerSample({ participantId: participant.id, input: { kind: "blood" }, registeredBy: staff, request: requestFrom() });

    expect(registered.sampleCode).toMatch(/^S-[0-9A-HJKMNP-TV-Z]{10}$/);
    const event = registered.event!;
    expect(event).toMatchObject({ type: "sample_registered", participantSeq: 2, actorUserId: staff.userId, actorRole: "coordinator", method: "system", formVersionId: null, choices: {} });
    expect(event.detail).toEqual({ sampleCode: registered.sampleCode, sampleKind: "blood" });
    expect(BigInt(event.globalSeq)).toBeGreaterThan(BigInt(participant.grant.globalSeq));

    const sample = await getDatabase().sample.findUniqueOrThrow({ where: { sampleCode: registered.sampleCode } });
    expect(sample).toMatchObject({ participantId: participant.id, kind: "blood", destroyedAt: null });
    expect(sample.createdAt.getTime()).toBeLessThanOrEqual(new Date(event.occurredAt).getTime());
    const audit = await getDatabase().auditEvent.findFirstOrThrow({ where: { type: "sample.registered", actorUserId: staff.userId } });
    expect(audit.detail).toEqual({ participantId: participant.id, sampleCode: registered.sampleCode, kind: "blood", eventId: event.id, facilityId: participant.facilityId });

    // The consent is the same, down to the time of its last change and its shape; only its version moved on, and
    // the count of samples not destroyed the cohort counts read (ADR 074).
    const stateAfter = await getDatabase().consentState.findUniqueOrThrow({ where: { participantId: participant.id } });
    expect(stateAfter).toEqual({ ...stateBefore, version: 2, lastEventId: event.id, liveSamples: stateBefore.liveSamples + 1 });

    const [grant, change] = await outboxMessages([participant.pseudonym]);
    expect(change).toEqual({
      ...grant,
      kind: "samples_changed",
      eventId: event.id,
      globalSeq: event.globalSeq,
      version: 2,
      type: "sample_registered",
      occurredAt: event.occurredAt,
      samples: [...participant.sampleCodes, registered.sampleCode].sort().map((code) => ({ code, destroyed: false })),
    });
    expect(await writtenFor(participant.id)).toEqual({ samples: 3, events: 2, audits: 1, outbox: 2 });
    expect(await verifyLedger()).toMatchObject({ ok: true });
  });

  it("refuses after a withdrawal of further use, and on a code clash, writing nothing", async () => {
    const staff = await coordinator();
    for (const level of ["no_further_use", "destroy"] as const) {
      const participant = await consentedParticipant();
      await withdrawConsent({ participantId: participant.id, level, actor: staff, method: "phone", language: "ja", note: "電話で受付", request: requestFrom() });
      const before = await writtenFor(participant.id);
      expect(await refusal(registerSample({ participantId: participant.id, input: { kind: "tumour" }, registeredBy: staff, request: requestFrom() }))).toBe("consent_withdrawn");
      expect(await writtenFor(participant.id), level).toEqual(before);
    }
    // No further contact stops recontact only: a new sample is still covered by the choices.
    const quiet = await consentedParticipant();
    await withdrawConsent({ participantId: quiet.id, level: "no_contact", actor: staff, method: "phone", language: "ja", note: "電話で受付", request: requestFrom() });
    expect((await registerSample({ participantId: quiet.id, input: { kind: "other" }, registeredBy: staff, request: requestFrom() })).event?.participantSeq).toBe(3);

    // Every draw clashes with a code already issued: the retries give up and nothing of theirs is left.
    const clashing = await consentedParticipant();
    const before = await writtenFor(clashing.id);
    const taken = clashing.sampleCodes[0]!;
    await expect(registerSample({ participantId: clashing.id, input: { kind: "blood" }, registeredBy: staff, request: requestFrom(), sampleCode: () => taken })).rejects.toThrow();
    expect(await writtenFor(clashing.id)).toEqual(before);

    expect(await refusal(registerSample({ participantId: "00000000-0000-4000-8000-000000000000", input: { kind: "blood" }, registeredBy: staff, request: requestFrom() }))).toBe("not_found");
    await expect(registerSample({ participantId: clashing.id, input: { kind: "saliva" }, registeredBy: staff, request: requestFrom() })).rejects.toThrow();
    expect(await writtenFor(clashing.id)).toEqual(before);
  });

  it("before the first consent registers the sample as enrolment does (no event, no message); the first grant's message carries it", async () => {
    const participant = await createParticipant();
    const staff = await coordinator();
    const registered = await registerSample({ participantId: participant.id, input: { kind: "tumour" }, registeredBy: staff, request: requestFrom() });
    expect(registered.event).toBeNull();
    expect(await writtenFor(participant.id)).toEqual({ samples: 3, events: 0, audits: 1, outbox: 0 });

    const version = await signableFormVersion();
    await grantConsent({
      participantId: participant.id,
      formVersionId: version.id,
      choices: typicalChoices(version),
      printedName: participant.fullName,
      language: "ja",
      signer: { kind: "participant" },
      actor: { userId: participant.user!.id, role: "participant" },
      method: "online",
      request: requestFrom(),
    });
    const [grant] = await outboxMessages([participant.pseudonym]);
    expect(grant).toMatchObject({ kind: "consent_changed", type: "granted", version: 1 });
    expect(grant!.samples.map((sample) => sample.code)).toContain(registered.sampleCode);
  });

  it("a registration and a withdrawal of further use at once: the registration comes first and the withdrawal follows it, or it is refused as it would be afterwards", async () => {
    const staff = await coordinator();
    for (let round = 0; round < 4; round++) {
      const participant = await consentedParticipant();
      const outcomes = await atOnce<unknown>(closeLedgerGate(db.url), [
        () => registerSample({ participantId: participant.id, input: { kind: "blood" }, registeredBy: staff, request: requestFrom() }),
        () => withdrawConsent({ participantId: participant.id, level: "no_further_use", actor: staff, method: "letter", language: "ja", note: "手紙で受付", request: requestFrom() }),
      ]);
      const [registration, withdrawal] = outcomes;
      expect(withdrawal!.ok, "the withdrawal is always recorded").toBe(true);
      const events = await getDatabase().consentEvent.findMany({ where: { participantId: participant.id }, orderBy: { participantSeq: "asc" } });
      const messages = await outboxMessages([participant.pseudonym]);
      if (registration!.ok) {
        expect(events.map((event) => event.type)).toEqual(["granted", "sample_registered", "withdrawn"]);
        // The withdrawal's message, the participant's latest state, covers the new sample too.
        const code = (succeeded(outcomes)[0] as { sampleCode: string }).sampleCode;
        expect(messages.at(-1)).toMatchObject({ kind: "consent_changed", type: "withdrawn", version: 3 });
        expect(messages.at(-1)!.samples.map((sample) => sample.code)).toContain(code);
      } else {
        expect(refusals([registration!])).toEqual(["consent_withdrawn"]);
        expect(events.map((event) => event.type)).toEqual(["granted", "withdrawn"]);
        expect(await writtenFor(participant.id)).toMatchObject({ samples: 2, audits: 0 });
      }
    }
    expect(await verifyLedger()).toMatchObject({ ok: true });
  });
});

describe("the bridge and a sample registered after the last consent change", () => {
  interface Decision {
    allowed: boolean;
    reason: string;
    stateVersion: number | null;
  }

  async function decide(bridge: TestBridge, subject: string, action = "analyze"): Promise<Decision> {
    const token = await issueTestToken(["gate:analyze", "gate:sequence"]);
    const { status, body } = await bridge.post("/v1/decisions", { subject, action, purpose: "DUO:0000006" }, token);
    expect(status).toBe(200);
    return (body as { decisions: Decision[] }).decisions[0]!;
  }

  it("denies the unknown sample until the samples_changed message is relayed, then decides it by the consent as it stands", async () => {
    const bridge = await startTestBridge(db.url);
    relays.defer(() => bridge.close());
    const participant = await consentedParticipant({ choices: { "share.industry": "no" } });
    await relays.start(bridge.url, { relayId: "relay-samples" });
    await eventually("the grant delivered", async () => bridge.context.subjects.get(participant.pseudonym)?.version === 1);

    // Registered, but not yet relayed: as before this change, the bridge has never heard of the sample.
    const staff = await coordinator();
    const { sampleCode, event } = await registerSample({ participantId: participant.id, input: { kind: "blood" }, registeredBy: staff, request: requestFrom() });
    await eventually("the registration delivered", async () => bridge.context.subjects.get(participant.pseudonym)?.version === 2);
    await bridge.heartbeat();

    expect(await decide(bridge, sampleCode)).toMatchObject({ allowed: true, reason: "consented", stateVersion: 2 });
    // Decided by the same consent as the samples taken at enrolment, whatever the question.
    for (const subject of [participant.sampleCodes[0]!, sampleCode]) {
      expect(await decide(bridge, subject, "sequence")).toMatchObject({ allowed: true, stateVersion: 2 });
    }
    const feed = (await bridge.get("/v1/events?after=0&wait=0&limit=1000", await issueTestToken(["gate:events"]))).body as { changes: { eventId: string; kind: string; type: string }[] };
    expect(feed.changes.filter((change) => change.eventId === event!.id).map((change) => [change.kind, change.type])).toEqual([["samples_changed", "sample_registered"]]);

    // A later withdrawal covers it like every other sample.
    await withdrawConsent({ participantId: participant.id, level: "no_further_use", actor: staff, method: "phone", language: "ja", note: "電話で受付", request: requestFrom() });
    await eventually("the withdrawal delivered", async () => bridge.context.subjects.get(participant.pseudonym)?.version === 3);
    await bridge.heartbeat();
    expect(await decide(bridge, sampleCode)).toMatchObject({ allowed: false, stateVersion: 3 });
  });

  it("before it is relayed the new sample is unknown, so denied; what a bridge one release behind parked, this release applies when it starts", async () => {
    const bridge = await startTestBridge(db.url);
    relays.defer(() => bridge.close());
    const participant = await consentedParticipant();
    await bridge.ingest(await outboxMessages([participant.pseudonym]));
    await bridge.heartbeat();
    const { sampleCode } = await registerSample({ participantId: participant.id, input: { kind: "tumour" }, registeredBy: await coordinator(), request: requestFrom() });
    expect(await decide(bridge, sampleCode)).toMatchObject({ allowed: false, reason: "unknown_subject", stateVersion: null });
    expect(await decide(bridge, participant.sampleCodes[0]!)).toMatchObject({ allowed: true, stateVersion: 1 });

    // What a bridge that knows only consent_changed does with the message: park it, deny the participant.
    const [, samplesChanged] = await outboxMessages([participant.pseudonym]);
    await bridge.context.db.query(
      `INSERT INTO bridge.parked_message (event_id, global_seq, pseudonym, kind, schema_version, reason, message) VALUES ($1, $2, $3, 'samples_changed', '1.0', 'unknown_kind', $4)`,
      [samplesChanged!.eventId, samplesChanged!.globalSeq, participant.pseudonym, JSON.stringify(samplesChanged)],
    );
    // (That bridge denies the participant with message_parked meanwhile: bridge-message-versions.test.ts.) This
    // release reads it: at start it is applied and removed from the table.
    const behind = await startTestBridge(db.url);
    try {
      await behind.heartbeat();
      expect(await decide(behind, sampleCode)).toMatchObject({ allowed: true, reason: "consented", stateVersion: 2 });
      const { rows } = await behind.context.db.query(`SELECT 1 FROM bridge.parked_message WHERE pseudonym = $1`, [participant.pseudonym]);
      expect(rows).toEqual([]);
    } finally {
      await behind.close();
    }
  });
});
