import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { appendConsentEvent } from "../../app/domain/consent/ledger/append-consent-event.server";
import { lockParticipantConsent } from "../../app/domain/consent/ledger/lock-participant-consent.server";
import { ConsentChangeMessageSchema, OUTBOX_NOTIFY_CHANNEL } from "@tsunagi/consent-rules/consent-change-message";
import { changeChoices } from "../../app/domain/consent/records/change-choices.server";
import { withdrawConsent } from "../../app/domain/consent/records/withdraw-consent.server";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant } from "./dashboard-fixtures";
import { commitConsentChange, eventually } from "../support/outbox-fixtures";

const database = useTestDatabase();
useTempDataDir();

// A session of our own listening where the relay listens, to see exactly which NOTIFYs reach it.
let listener: pg.Client;
let notified: string[] = [];
beforeAll(async () => {
  listener = new pg.Client({ connectionString: database.url });
  listener.on("notification", (message) => {
    if (message.channel === OUTBOX_NOTIFY_CHANNEL) notified.push(message.payload ?? "");
  });
  await listener.connect();
  await listener.query(`LISTEN ${OUTBOX_NOTIFY_CHANNEL}`);
});
afterAll(() => listener.end());
beforeEach(() => {
  notified = [];
});

const outboxCount = () => getDatabase().consentOutbox.count();

/** Commits one more change and waits for its NOTIFY: any NOTIFY of an earlier commit would have come before it. */
async function notificationsUpToNextCommit(): Promise<string[]> {
  const marker = await commitConsentChange();
  await eventually("the marker's NOTIFY", () => notified.includes(marker.event.globalSeq));
  return notified.filter((payload) => payload !== marker.event.globalSeq);
}

/** A participant with a committed consent whose NOTIFY has come and gone, and the outbox's row count then. */
async function quietConsentedParticipant(): Promise<{ participantId: string; rowsBefore: number }> {
  const { participantId } = await commitConsentChange();
  await eventually("the setup's NOTIFY", () => notified.length === 1);
  notified = [];
  return { participantId, rowsBefore: await outboxCount() };
}

/** What a rolled-back consent transaction must leave: no outbox row, and no NOTIFY for the relay. */
async function expectNoTrace(rowsBefore: number): Promise<void> {
  expect(await outboxCount()).toBe(rowsBefore);
  expect(await notificationsUpToNextCommit()).toEqual([]);
}

/** The parts of a ledger event every change the participant makes online has. */
const online = { actorUserId: null, actorRole: "participant", method: "online" } as const;

describe("the consent outbox is written in the consent transaction", () => {
  it("a transaction that throws after appending the event leaves no outbox row and sends no NOTIFY", async () => {
    const { participantId, rowsBefore } = await quietConsentedParticipant();
    const attempt = getDatabase().$transaction(async (tx) => {
      const { event } = await appendConsentEvent(tx, await lockParticipantConsent(tx, participantId), { ...online, type: "withdrawn", choices: {}, withdrawalLevel: "no_further_use" });
      expect(await tx.consentOutbox.count({ where: { eventId: event.id } })).toBe(1); // written, inside the transaction…
      throw new Error("mail server down");
    });
    await expect(attempt).rejects.toThrow("mail server down");
    await expectNoTrace(rowsBefore); // …and gone with it
  });

  it("a constraint violated later in the transaction leaves no outbox row and sends no NOTIFY", async () => {
    const { participantId, rowsBefore } = await quietConsentedParticipant();
    const attempt = getDatabase().$transaction(async (tx) => {
      const { event } = await appendConsentEvent(tx, await lockParticipantConsent(tx, participantId), { ...online, type: "choices_changed", choices: { "core.wgs": "yes", "share.academia": "no" } });
      const document = { eventId: event.id, language: "ja" as const, pdf: Buffer.from("%PDF-1.7"), sha256: "ab".repeat(32) };
      await tx.consentDocument.create({ data: document });
      await tx.consentDocument.create({ data: document }); // the primary key refuses a second copy
    });
    await expect(attempt).rejects.toMatchObject({ code: "P2002" });
    await expectNoTrace(rowsBefore);
  });

  it("committed changes leave exactly one row per event, notified by globalSeq, whose payload is a valid change message with nothing identifying", async () => {
    const participant = await consentedParticipant({ byProxy: true, phone: "090-1234-5678", medicalRecordNumber: "MRN-OUTBOX-77" });
    const actor = { userId: participant.proxy!.id, role: "proxy" };
    const request = { ipAddress: "127.0.0.1", userAgent: "test" };
    await changeChoices({
      participantId: participant.id,
      actor,
      method: "online",
      language: "ja",
      request,
      changes: { "share.industry": "no" },
    });
    await withdrawConsent({ participantId: participant.id, actor, method: "online", language: "ja", request, level: "no_further_use" });

    const events = await getDatabase().consentEvent.findMany({ where: { participantId: participant.id }, orderBy: { globalSeq: "asc" } });
    expect(events.map((event) => event.type)).toEqual(["proxy_granted", "choices_changed", "withdrawn"]);
    const rows = await getDatabase().consentOutbox.findMany({ where: { pseudonym: participant.pseudonym }, orderBy: { globalSeq: "asc" } });
    expect(rows.map((row) => row.eventId)).toEqual(events.map((event) => event.id));
    expect(rows.map((row) => row.globalSeq)).toEqual(events.map((event) => event.globalSeq));
    expect(rows.every((row) => row.bridgeDeliveredAt === null && row.natsDeliveredAt === null && row.attempts === 0)).toBe(true);
    await eventually("a NOTIFY per commit", () => events.every((event) => notified.includes(event.globalSeq.toString())));

    const messages = rows.map((row) => ConsentChangeMessageSchema.parse(row.payload));
    expect(messages.map((message) => message.version)).toEqual([1, 2, 3]);
    // Every message names its kind and schema version (ADR 024).
    expect(messages.every((message) => message.kind === "consent_changed" && message.schemaVersion === "1.2")).toBe(true);
    expect(messages[2]).toMatchObject({
      eventId: events[2]!.id,
      globalSeq: events[2]!.globalSeq.toString(),
      pseudonym: participant.pseudonym,
      type: "withdrawn",
      samples: participant.sampleCodes.map((code) => ({ code, destroyed: false })).sort((a, b) => a.code.localeCompare(b.code)),
      consent: { status: "withdrawn", withdrawalLevel: "no_further_use", consentedBy: "proxy", formVersion: participant.version.version },
    });
    expect(messages[1]!.consent.choices["share.industry"]).toBe("no");

    const identifying = [
      participant.fullName,
      participant.proxy!.fullName,
      participant.dateOfBirth,
      participant.email,
      participant.proxy!.email,
      participant.id,
      participant.proxy!.id,
      participant.proxy!.assignmentId,
      "090-1234-5678",
      "MRN-OUTBOX-77",
    ];
    for (const message of messages) {
      const text = JSON.stringify(message);
      for (const value of identifying) expect(text).not.toContain(value);
      expect(Object.keys(message).sort()).toEqual(["consent", "eventId", "globalSeq", "kind", "occurredAt", "pseudonym", "samples", "schemaVersion", "type", "version"]);
    }
  });
});
