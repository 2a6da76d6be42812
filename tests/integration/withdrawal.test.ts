import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { isAppError, type AppError } from "../../app/domain/kernel/app-error";
import { changeOwnChoice } from "../../app/domain/consent/dashboard/change-own-choice.server";
import { loadConsentHistory } from "../../app/domain/consent/dashboard/consent-history.server";
import { loadConsentOverview } from "../../app/domain/home/consent-overview.server";
import { ReceivedWithdrawalSchema, recordReceivedWithdrawal } from "../../app/domain/consent/dashboard/record-received-withdrawal.server";
import { WithdrawSchema, withdrawOwnConsent } from "../../app/domain/consent/dashboard/withdraw-own-consent.server";
import { decideAction } from "@tsunagi/consent-rules/decide-action";
import type { WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";
import { projectionFromRow } from "../../app/domain/consent/ledger/ledger-rows";
import { verifyLedger } from "../../app/domain/consent/ledger/verify-ledger.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { action as withdrawAction } from "../../app/routes/participant/consent.withdraw";
import { action as staffAction } from "../../app/routes/staff/staff.participants.$id.withdrawal";
import { createUser, requestFrom } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { runJobsUntilSettled } from "../support/jobs";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant, cookieFor, formPost, loadContext, replyErrors, settle, type ConsentedParticipant } from "./dashboard-fixtures";

useTestDatabase();
useTempDataDir();

const analyse = { action: "analyze", purpose: "DUO:0000006" } as const;
const invite = { action: "recontact", recontactTopic: "research" } as const;

function withdraw(participant: ConsentedParticipant, level: WithdrawalLevel, language: "ja" | "ja-easy" | "en" = "ja") {
  return withdrawOwnConsent({ actor: { userId: participant.user!.id, role: "participant" }, input: { intent: "confirm", level }, language, request: requestFrom() });
}

async function stateOf(participantId: string) {
  return projectionFromRow(await getDatabase().consentState.findUniqueOrThrow({ where: { participantId } }));
}

async function expectAppError(promise: Promise<unknown>, code: AppError["code"]) {
  await expect(promise).rejects.toSatisfy((error: unknown) => isAppError(error) && error.code === code);
}

describe("withdrawing online", () => {
  it("at no_contact: contact stops, use continues, choices can still change", async () => {
    const participant = await consentedParticipant();
    expect(decideAction(await stateOf(participant.id), invite).allowed).toBe(true);
    const event = await withdraw(participant, "no_contact");
    expect(event).toMatchObject({ type: "withdrawn", withdrawalLevel: "no_contact", method: "online", actorRole: "participant" });
    const state = await stateOf(participant.id);
    expect(state).toMatchObject({ status: "withdrawn", withdrawalLevel: "no_contact" });
    expect(decideAction(state, invite)).toMatchObject({ allowed: false, reason: "withdrawn_no_contact" });
    expect(decideAction(state, analyse).allowed).toBe(true);
    const overview = await loadConsentOverview({ userId: participant.user!.id, language: "en" });
    expect(overview?.consent).toMatchObject({ status: "withdrawn", withdrawalLevel: "no_contact", canChangeChoices: true, withdrawalLevelsLeft: ["no_further_use", "destroy"] });
    await changeOwnChoice({
      actor: { userId: participant.user!.id, role: "participant" },
      choiceId: "share.industry",
      input: { intent: "confirm", value: "no", from: "yes" },
      language: "ja",
      request: requestFrom(),
    });
    await runJobsUntilSettled();
    const subjects = (await listCapturedMail({ to: participant.email })).map((mail) => `${mail.subject} (${mail.attachments.length})`);
    // Each with its PDF copy and its signed receipt (ADR 108).
    expect(subjects).toEqual(["同意の選択内容が変更されました (2)", "同意の撤回を記録しました (2)", "同意を記録しました（控えを添付しています） (2)"]);
  });

  it("at no_further_use: analysis is denied from then on, choices are locked, a weaker level is refused", async () => {
    const participant = await consentedParticipant({ language: "en" });
    await withdraw(participant, "no_further_use", "en");
    const state = await stateOf(participant.id);
    expect(decideAction(state, analyse)).toMatchObject({ allowed: false, reason: "withdrawn_no_further_use" });
    expect(decideAction(state, { action: "share", recipient: "academia", purpose: "DUO:0000006" }).allowed).toBe(false);
    expect((await loadConsentOverview({ userId: participant.user!.id, language: "en" }))?.consent).toMatchObject({ canChangeChoices: false, withdrawalLevelsLeft: ["destroy"] });

    const before = await getDatabase().consentEvent.count({ where: { participantId: participant.id } });
    await expectAppError(withdraw(participant, "no_contact"), "nothing_changed");
    await expectAppError(withdraw(participant, "no_further_use"), "nothing_changed");
    await expectAppError(
      changeOwnChoice({ actor: { userId: participant.user!.id, role: "participant" }, choiceId: "share.industry", input: { intent: "confirm", value: "no", from: "yes" }, language: "en", request: requestFrom() }),
      "consent_withdrawn",
    );
    expect(await getDatabase().consentEvent.count({ where: { participantId: participant.id } })).toBe(before);

    await runJobsUntilSettled();
    const [mail] = await listCapturedMail({ to: participant.email, limit: 1 });
    expect(mail).toMatchObject({ subject: "Your withdrawal has been recorded", language: "en" });
    expect(mail?.attachments.map((attachment) => attachment.contentType)).toEqual(["application/pdf", "application/jose"]);
  });

  it("at destroy: samples are marked for destruction, phone and medical record number are erased, the signed records stay", async () => {
    const participant = await consentedParticipant({ language: "ja-easy", phone: "03-1234-5678", medicalRecordNumber: "MRN-777" });
    const event = await withdraw(participant, "destroy", "ja-easy");
    const db = getDatabase();
    const samples = await db.sample.findMany({ where: { participantId: participant.id } });
    expect(samples).toHaveLength(2);
    for (const sample of samples) expect(sample.destroyedAt?.toISOString()).toBe(event.occurredAt);
    const identity = await db.participantIdentity.findUniqueOrThrow({ where: { participantId: participant.id } });
    expect(identity).toMatchObject({ phone: null, medicalRecordNumber: null, fullNameKana: null });
    expect(identity.erasedAt).not.toBeNull();
    expect(decideAction(await stateOf(participant.id), analyse)).toMatchObject({ allowed: false, reason: "withdrawn_destroy" });
    await runJobsUntilSettled();
    expect(await db.consentDocument.count({ where: { eventId: { in: [participant.grant.id, event.id] } } })).toBe(2);
    expect((await loadConsentOverview({ userId: participant.user!.id, language: "ja-easy" }))?.consent?.withdrawalLevelsLeft).toEqual([]);
    await expectAppError(withdraw(participant, "destroy"), "nothing_changed");
    expect(await verifyLedger()).toMatchObject({ ok: true });
  });

  it("the withdrawal form answers bad input with translated errors, shows the level again before confirming, and records only on confirm", async () => {
    const participant = await consentedParticipant();
    const cookie = await cookieFor(participant.user!, "en");
    const post = async (fields: Record<string, string | string[]>) => {
      const response = await settle(() => withdrawAction({ request: formPost("/consent/withdraw", fields, cookie), context: loadContext, params: {} }));
      return { status: response.status, location: response.headers.get("Location"), body: response.status < 300 || response.status === 400 ? await response.json() : null };
    };
    const count = () => getDatabase().consentEvent.count({ where: { participantId: participant.id } });
    const before = await count();

    expect(replyErrors((await post({})).body)).toContain("Please fill this in.");
    expect(replyErrors((await post({ intent: "confirm", level: "everything" })).body)).toEqual(["This is not one of the choices offered. Please choose one of the options shown."]);
    expect(replyErrors((await post({ intent: "confirm", level: "<script>alert(1)</script>" })).body)).toEqual(["This is not one of the choices offered. Please choose one of the options shown."]);
    expect((await post({ intent: "confirm", level: ["no_contact", "destroy"] })).status).toBe(400);
    expect(await post({ intent: "review", level: "no_further_use" })).toMatchObject({ status: 200, body: { step: "review", level: "no_further_use" } });
    expect(await count()).toBe(before);

    expect(await post({ intent: "confirm", level: "no_further_use" })).toMatchObject({ status: 302, location: "/consent?notice=withdrawn" });
    expect(await count()).toBe(before + 1);
    // A tampered hidden level weaker than the one chosen is refused, in words.
    expect(replyErrors((await post({ intent: "confirm", level: "no_contact" })).body)).toEqual(["Nothing has changed."]);
    expect(await count()).toBe(before + 1);
  });

  it("random input to the withdrawal form's schema and verb withdraws only at a real, stricter level", async () => {
    const participant = await consentedParticipant();
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({ intent: fc.oneof(fc.constantFrom("review", "confirm"), fc.string({ maxLength: 12 })), level: fc.oneof(fc.constantFrom("no_contact", "no_further_use", "destroy", "DESTROY", "<b>x</b>", ""), fc.string({ maxLength: 30 })) }),
        async (raw) => {
          const before = (await stateOf(participant.id)).withdrawalLevel;
          const parsed = WithdrawSchema.safeParse(raw);
          if (!parsed.success) return;
          try {
            await withdrawOwnConsent({ actor: { userId: participant.user!.id, role: "participant" }, input: parsed.data, language: "ja", request: requestFrom() });
            stored++;
            const order = ["no_contact", "no_further_use", "destroy"];
            expect(order.indexOf(parsed.data.level)).toBeGreaterThan(before ? order.indexOf(before) : -1);
          } catch (error) {
            if (!isAppError(error)) throw error;
          }
        },
      ),
      { numRuns: 40 },
    );
    expect(await getDatabase().consentEvent.count({ where: { participantId: participant.id } })).toBe(1 + stored);
    expect(stored).toBeLessThanOrEqual(3);
  });
});

describe("a withdrawal received by phone or letter", () => {
  it("is recorded with its channel and the coordinator's note, and the participant's history shows both", async () => {
    const participant = await consentedParticipant();
    const coordinator = await createUser({ role: "coordinator", withTotp: true });
    const note = "2026-05-12 14:05 本人から電話。娘さんが同席。";
    const event = await recordReceivedWithdrawal({
      participantId: participant.id,
      staff: { userId: coordinator.id, role: "coordinator" },
      input: { intent: "confirm", channel: "phone", level: "no_further_use", note },
      request: requestFrom(),
    });
    expect(event).toMatchObject({ type: "withdrawn", method: "phone", actorRole: "coordinator", actorUserId: coordinator.id, withdrawalLevel: "no_further_use", detail: { note } });
    const reads = await getDatabase().auditEvent.findMany({ where: { actorUserId: coordinator.id, type: "data.identifiable_read" } });
    expect(reads.length).toBeGreaterThan(0);
    expect(reads[0]?.detail).toMatchObject({ resource: "participant_identity", purpose: "consent_support", participantId: participant.id });

    const history = await loadConsentHistory({ userId: participant.user!.id, language: "ja" });
    expect(history.entries[0]).toMatchObject({ type: "withdrawn", method: "phone", actor: "staff", note, withdrawalLevel: "no_further_use" });

    const letter = await recordReceivedWithdrawal({
      participantId: participant.id,
      staff: { userId: coordinator.id, role: "coordinator" },
      input: { intent: "confirm", channel: "letter", level: "destroy", note: "2026-05-20 着の手紙（本人署名）" },
      request: requestFrom(),
    });
    expect(letter).toMatchObject({ method: "letter", withdrawalLevel: "destroy" });
    await expect(
      recordReceivedWithdrawal({ participantId: participant.id, staff: { userId: coordinator.id, role: "coordinator" }, input: { intent: "confirm", channel: "letter", level: "no_contact", note: "x" }, request: requestFrom() }),
    ).rejects.toSatisfy((error: unknown) => isAppError(error) && error.code === "nothing_changed");
  });

  it("the staff form needs a channel, a level and a note, refuses bad input in words, and is closed to participants", async () => {
    const participant = await consentedParticipant();
    const coordinator = await createUser({ role: "coordinator", withTotp: true });
    const cookie = await cookieFor(coordinator, "ja");
    const path = `/staff/participants/${participant.id}/withdrawal`;
    const post = async (fields: Record<string, string>, id = participant.id, who = cookie) => {
      const response = await settle(() => staffAction({ request: formPost(path, fields, who), context: loadContext, params: { id } }));
      return { status: response.status, location: response.headers.get("Location"), errors: response.status === 400 ? replyErrors(await response.json()) : [] };
    };
    const count = () => getDatabase().consentEvent.count({ where: { participantId: participant.id } });
    const before = await count();

    expect((await post({ intent: "review" })).errors).toEqual(expect.arrayContaining(["入力してください。"]));
    expect((await post({ intent: "review", channel: "fax", level: "destroy", note: "x" })).errors).toEqual(["選べる項目にない値です。表示されている項目から選んでください。"]);
    expect((await post({ intent: "review", channel: "phone", level: "destroy", note: "   " })).errors).toEqual(["入力してください。"]);
    expect((await post({ intent: "review", channel: "phone", level: "destroy", note: "あ".repeat(1001) })).errors).toEqual(["1000 文字以内で入力してください。"]);
    expect((await post({ intent: "confirm", channel: "phone", level: "destroy", note: "ok" }, "not-a-uuid")).status).toBe(404);
    const participantCookie = await cookieFor(participant.user!, "ja");
    expect((await post({ intent: "confirm", channel: "phone", level: "destroy", note: "ok" }, participant.id, participantCookie)).status).toBe(403);
    expect(await count()).toBe(before);

    const script = "<script>alert('x')</script> 2026-05-12 電話";
    const recorded = await post({ intent: "confirm", channel: "phone", level: "no_contact", note: script });
    expect(recorded.status).toBe(302);
    expect(recorded.location).toMatch(new RegExp(`^${path}\\?recorded=[0-9A-Z]{4}-`));
    // Stored as typed (React escapes it on every page); never interpreted.
    const last = await getDatabase().consentEvent.findFirstOrThrow({ where: { participantId: participant.id }, orderBy: { participantSeq: "desc" } });
    expect(last.detail).toMatchObject({ note: script });
  });

  it("random input to the staff form's schema never records a withdrawal with a missing note or an unknown channel", async () => {
    await fc.assert(
      fc.property(fc.record({ intent: fc.string(), channel: fc.string(), level: fc.string(), note: fc.string({ maxLength: 1200 }) }, { requiredKeys: [] }), (raw) => {
        const parsed = ReceivedWithdrawalSchema.safeParse(raw);
        if (!parsed.success) return;
        expect(["phone", "letter"]).toContain(parsed.data.channel);
        expect(parsed.data.note.trim().length).toBeGreaterThan(0);
        expect(parsed.data.note.length).toBeLessThanOrEqual(1000);
      }),
    );
  });
});
