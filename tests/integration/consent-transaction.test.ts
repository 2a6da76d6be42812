import { describe, expect, it } from "vitest";
import { getDatabase, type Transaction } from "../../app/db.server";
import { AppError } from "../../app/domain/kernel/app-error";
import { recordAuditEvent } from "../../app/domain/kernel/record-audit-event.server";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import { appendConsentEvent, type NewConsentEvent } from "../../app/domain/consent/ledger/append-consent-event.server";
import { lockParticipantConsent } from "../../app/domain/consent/ledger/lock-participant-consent.server";
import { verifyLedger } from "../../app/domain/consent/ledger/verify-ledger.server";
import { createParticipant } from "../factories/participant-factory";
import { useTestDatabase } from "../support/database";

useTestDatabase();

const allYes: ChoiceSnapshot = { "core.wgs": "yes", "share.academia": "yes", "share.industry": "yes" };

/** An event for one participant, appended under their lock the way the verbs append. */
type ParticipantEvent = NewConsentEvent & { participantId: string };

async function append(tx: Transaction, { participantId, ...event }: ParticipantEvent) {
  return appendConsentEvent(tx, await lockParticipantConsent(tx, participantId), event);
}

function grant(participantId: string, printedName = "山田 花子"): ParticipantEvent {
  const now = new Date();
  return {
    participantId,
    type: "granted",
    actorUserId: null,
    actorRole: "participant",
    method: "online",
    choices: allYes,
    signature: { printedName, signedAt: now.toISOString(), statement: "同意します。", language: "ja" },
    detail: { permittedPurposes: ["DUO:0000006"] },
  };
}

const declineIndustry = (participantId: string): ParticipantEvent => ({
  participantId,
  type: "choices_changed",
  actorUserId: null,
  actorRole: "participant",
  method: "online",
  choices: { ...allYes, "share.industry": "no" },
});

/** What a consent change writes, in the order a domain verb writes it: event (and state), audit row, PDF copy. */
async function writeEverything(tx: Transaction, input: ParticipantEvent) {
  const { event } = await append(tx, input);
  await recordAuditEvent(tx, { type: "consent.recorded", outcome: "success", detail: { participantId: input.participantId, eventId: event.id, eventType: input.type, method: input.method } }, {});
  await tx.consentDocument.create({ data: { eventId: event.id, language: "ja", pdf: Buffer.from("%PDF-1.7"), sha256: "ab".repeat(32) } });
  return event;
}

/** Every row a consent change can leave behind, to compare before and after a failed attempt. */
async function snapshot() {
  const db = getDatabase();
  const [events, states, audits, documents] = await Promise.all([
    db.consentEvent.findMany({ orderBy: { globalSeq: "asc" } }),
    db.consentState.findMany({ orderBy: { participantId: "asc" } }),
    db.auditEvent.findMany({ orderBy: { id: "asc" } }),
    db.consentDocument.findMany({ orderBy: { eventId: "asc" } }),
  ]);
  return { events, states, audits, documents };
}

describe("a consent change that fails part-way leaves nothing behind", () => {
  it("a throw after the event, the audit row and the PDF were written rolls all of them back", async () => {
    const participant = await createParticipant();
    await getDatabase().$transaction((tx) => writeEverything(tx, grant(participant.id)));
    const before = await snapshot();

    const attempt = getDatabase().$transaction(async (tx) => {
      await writeEverything(tx, declineIndustry(participant.id));
      throw new Error("mail server down");
    });
    await expect(attempt).rejects.toThrow("mail server down");

    expect(await snapshot()).toEqual(before);
    expect(await verifyLedger()).toMatchObject({ ok: true });
  });

  it("a constraint violated by the second insert rolls back the first", async () => {
    const participant = await createParticipant();
    const before = await snapshot();
    const attempt = getDatabase().$transaction(async (tx) => {
      const event = await writeEverything(tx, grant(participant.id));
      // A second copy of the same consent document: the primary key refuses it.
      await tx.consentDocument.create({ data: { eventId: event.id, language: "en", pdf: Buffer.from("%PDF"), sha256: "cd".repeat(32) } });
    });
    await expect(attempt).rejects.toMatchObject({ code: "P2002" });
    expect(await snapshot()).toEqual(before);
    expect(await getDatabase().consentState.findUnique({ where: { participantId: participant.id } })).toBeNull();
  });

  it("when one of two participants' changes is refused, the other's is not kept either", async () => {
    const consented = await createParticipant();
    const neverConsented = await createParticipant();
    await getDatabase().$transaction((tx) => append(tx, grant(consented.id)));
    const before = await snapshot();
    const attempt = getDatabase().$transaction(async (tx) => {
      await writeEverything(tx, declineIndustry(consented.id));
      await append(tx, declineIndustry(neverConsented.id));
    });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: "consent_not_found" });
    expect(await snapshot()).toEqual(before);
  });

  it("a signature that fails validation stores nothing", async () => {
    const participant = await createParticipant();
    const before = await snapshot();
    const bad = { ...grant(participant.id), signature: { printedName: "", signedAt: "yesterday", statement: "x", language: "fr" } } as unknown as ParticipantEvent;
    await expect(getDatabase().$transaction((tx) => writeEverything(tx, bad))).rejects.toThrow();
    expect(await snapshot()).toEqual(before);
  });

  it("failed attempts leave no gap: the next change continues both chains where they were", async () => {
    const participant = await createParticipant();
    const before = await snapshot();
    await expect(
      getDatabase().$transaction(async (tx) => {
        await writeEverything(tx, grant(participant.id));
        throw new Error("interrupted");
      }),
    ).rejects.toThrow("interrupted");
    const event = await getDatabase().$transaction((tx) => writeEverything(tx, grant(participant.id)));
    expect(event.participantSeq).toBe(1);
    expect(BigInt(event.globalSeq)).toBe(BigInt(before.events.length + 1));
    expect(event.globalPrevHash).toBe(before.events.at(-1)?.chainHash);
    const verdict = await verifyLedger();
    expect(verdict).toMatchObject({ ok: true, events: before.events.length + 1, head: event.chainHash });
  });
});
