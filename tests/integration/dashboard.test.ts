import fc from "fast-check";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { AppError, isAppError } from "../../app/domain/kernel/app-error";
import { choiceCatalogue, isChoiceId } from "@tsunagi/consent-rules/choice-catalogue";
import { ChangeChoiceSchema, changeOwnChoice, reviewOwnChoiceChange } from "../../app/domain/consent/dashboard/change-own-choice.server";
import { loadConsentHistory } from "../../app/domain/consent/dashboard/consent-history.server";
import { loadConsentOverview } from "../../app/domain/home/consent-overview.server";
import { verifyLedger } from "../../app/domain/consent/ledger/verify-ledger.server";
import { ensurePublishedFormVersion } from "../../app/wiring/demo/seed-consent-forms.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { action as changeAction } from "../../app/routes/participant/consent.change.$choiceId";
import { createParticipant } from "../factories/participant-factory";
import { requestFrom } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { runJobsUntilSettled } from "../support/jobs";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant, cookieFor, formPost, loadContext, replyErrors, settle, typicalChoices } from "./dashboard-fixtures";

useTempDataDir();

const hereditary = "findings.secondary.hereditary_cancer";

async function eventCount(participantId: string): Promise<number> {
  return getDatabase().consentEvent.count({ where: { participantId } });
}

async function expectAppError(promise: Promise<unknown>, code: AppError["code"]) {
  await expect(promise).rejects.toSatisfy((error: unknown) => isAppError(error) && error.code === code);
}

describe("the consent dashboard", () => {
  useTestDatabase();

  it("shows a participant's choices in the words of the version they signed, in the reader's language", async () => {
    const participant = await consentedParticipant({ choices: { "share.industry": "no" } });
    const english = await loadConsentOverview({ userId: participant.user!.id, language: "en" });
    expect(english?.subject).toMatchObject({ participantId: participant.id, as: "self" });
    expect(english?.consent).toMatchObject({ status: "active", withdrawalLevel: null, formVersion: "1.0", canChangeChoices: true, reconsent: null });
    const lines = Object.fromEntries(english!.consent!.choices.map((line) => [line.id, line]));
    expect(lines[hereditary]).toMatchObject({ title: "Secondary findings: hereditary cancer", valueLabel: "I want to know", changeable: true });
    expect(lines["share.industry"]).toMatchObject({ title: "Use of data by companies", valueLabel: "No, I do not allow this" });
    expect(lines["core.wgs"]?.changeable).toBe(false);
    expect(english!.consent!.withdrawalLevelsLeft).toEqual(["no_contact", "no_further_use", "destroy"]);

    const easy = await loadConsentOverview({ userId: participant.user!.id, language: "ja-easy" });
    expect(easy!.consent!.choices.find((line) => line.id === hereditary)?.valueLabel).toBe("知りたい");
  });

  it("lets a proxy pick one of their children, and refuses anyone else's", async () => {
    const child = await consentedParticipant({ byProxy: true });
    const sibling = await createParticipant({ withAccount: false, fullName: "山田 はると", dateOfBirth: "2018-02-02" });
    await getDatabase().proxyAssignment.create({ data: { participantId: sibling.id, proxyUserId: child.proxy!.id, fullName: child.proxy!.fullName, email: child.proxy!.email, relationship: "parent" } });

    const first = await loadConsentOverview({ userId: child.proxy!.id, language: "ja" });
    expect(first?.subjects.map((subject) => subject.participantId)).toEqual([child.id, sibling.id]);
    expect(first?.subject).toMatchObject({ participantId: child.id, as: "proxy", relationship: "parent", fullName: "山田 さくら" });
    expect(first?.consent?.consentedBy).toBe("proxy");
    const second = await loadConsentOverview({ userId: child.proxy!.id, participantId: sibling.id, language: "ja" });
    expect(second?.subject.participantId).toBe(sibling.id);
    expect(second?.consent).toBeNull();

    const stranger = await consentedParticipant();
    await expectAppError(loadConsentOverview({ userId: child.proxy!.id, participantId: stranger.id, language: "ja" }), "forbidden");
    await expectAppError(loadConsentHistory({ userId: stranger.user!.id, participantId: child.id, language: "ja" }), "forbidden");
    expect(await loadConsentOverview({ userId: (await createParticipant({ withAccount: true })).user!.id, language: "ja" })).toMatchObject({ consent: null });
  });
});

describe("a major form version asks for re-consent", () => {
  useTestDatabase();

  it("the dashboard explains what the new version changes and what applies meanwhile", async () => {
    const abroad = await consentedParticipant({ choices: { "share.international": "yes" } });
    const homeOnly = await consentedParticipant({ choices: { "share.international": "no" } });
    await ensurePublishedFormVersion("1.1");
    await ensurePublishedFormVersion("2.0");

    const overview = await loadConsentOverview({ userId: abroad.user!.id, language: "en" });
    expect(overview?.consent?.status).toBe("reconsent_required");
    expect(overview?.consent?.reconsent).toMatchObject({ version: "2.0", interimRule: "continue_previous" });
    expect(overview?.consent?.reconsent?.summary.join(" ")).toContain("What is new in this version (2.0)");
    // The choices still read as signed (1.0) until the participant signs the new version.
    expect(overview?.consent?.formVersion).toBe("1.0");
    expect((await loadConsentOverview({ userId: homeOnly.user!.id, language: "en" }))?.consent).toMatchObject({ status: "active", reconsent: null });
  });
});

describe("changing one choice", () => {
  useTestDatabase();

  it("appends a full snapshot, updates the state, stores a new PDF and mails it, and leaves the earlier PDF untouched", async () => {
    const participant = await consentedParticipant();
    const db = getDatabase();
    const firstCopy = await db.consentDocument.findUniqueOrThrow({ where: { eventId: participant.grant.id } });
    const firstBytes = Buffer.from(firstCopy.pdf);

    const review = await reviewOwnChoiceChange({ userId: participant.user!.id, choiceId: hereditary, value: "not_want", language: "en" });
    expect(review.from).toEqual({ value: "want", label: "I want to know" });
    expect(review.to).toEqual({ value: "not_want", label: "I do not want to know" });

    const event = await changeOwnChoice({
      actor: { userId: participant.user!.id, role: "participant" },
      choiceId: hereditary,
      input: { intent: "confirm", value: "not_want", from: "want" },
      language: "en",
      request: requestFrom(),
    });
    const expected = typicalChoices(participant.version, { [hereditary]: "not_want" });
    expect(event).toMatchObject({ type: "choices_changed", method: "online", actorRole: "participant", choices: expected, detail: { changed: [hereditary], previous: { [hereditary]: "want" } } });
    expect(Object.keys(event.choices)).toHaveLength(Object.keys(expected).length);
    expect((await db.consentState.findUniqueOrThrow({ where: { participantId: participant.id } })).choices).toEqual(expected);

    await runJobsUntilSettled();
    const copy = await db.consentDocument.findUniqueOrThrow({ where: { eventId: event.id } });
    expect(copy.sha256).toBe(createHash("sha256").update(copy.pdf).digest("hex"));
    const [mail] = await listCapturedMail({ to: participant.email, limit: 1 });
    expect(mail?.template).toBe("consent-notice");
    expect(mail?.attachments.map((attachment) => attachment.contentType)).toEqual(["application/pdf", "application/jose"]);
    expect(Buffer.from(mail!.attachments[0]!.contentBase64, "base64").equals(Buffer.from(copy.pdf))).toBe(true);

    const earlier = await db.consentDocument.findUniqueOrThrow({ where: { eventId: participant.grant.id } });
    expect(Buffer.from(earlier.pdf).equals(firstBytes)).toBe(true);
    expect(earlier.sha256).toBe(firstCopy.sha256);

    const history = await loadConsentHistory({ userId: participant.user!.id, language: "en" });
    expect(history.entries.map((entry) => entry.type)).toEqual(["choices_changed", "granted"]);
    expect(history.entries[0]).toMatchObject({
      actor: "you",
      method: "online",
      formVersion: "1.0",
      verificationCode: event.verificationCode,
      changes: [{ title: "Secondary findings: hereditary cancer", from: "I want to know", to: "I do not want to know" }],
    });
    expect(await verifyLedger()).toMatchObject({ ok: true });
  });

  it("refuses a stale confirmation, a value that is no option, no change, the core consent and a stranger; nothing is stored", async () => {
    const participant = await consentedParticipant();
    const stranger = await consentedParticipant();
    const before = await eventCount(participant.id);
    const change = (choiceId: string, input: { intent: "confirm"; value: string; from?: string }, userId = participant.user!.id) =>
      changeOwnChoice({ actor: { userId, role: "participant" }, participantId: participant.id, choiceId, input, language: "ja", request: requestFrom() });

    await expectAppError(change(hereditary, { intent: "confirm", value: "not_want", from: "undecided" }), "consent_changed_meanwhile");
    await expectAppError(change(hereditary, { intent: "confirm", value: "maybe", from: "want" }), "invalid_input");
    await expectAppError(change(hereditary, { intent: "confirm", value: "want", from: "want" }), "nothing_changed");
    await expectAppError(change("core.wgs", { intent: "confirm", value: "no", from: "yes" }), "forbidden");
    await expectAppError(change("share.everyone", { intent: "confirm", value: "yes", from: "no" }), "not_found");
    await expectAppError(change(hereditary, { intent: "confirm", value: "not_want", from: "want" }, stranger.user!.id), "forbidden");
    expect(await eventCount(participant.id)).toBe(before);
  });

  it("the change form answers bad input with translated errors and stores nothing; a good one lands on the dashboard", async () => {
    const participant = await consentedParticipant();
    const before = await eventCount(participant.id);
    const path = `/consent/change/${hereditary}`;
    const post = async (fields: Record<string, string | string[]>, language = "ja", choiceId = hereditary) => {
      const response = await settle(() => changeAction({ request: formPost(path, fields, cookie[language]!), context: loadContext, params: { choiceId } }));
      return { status: response.status, location: response.headers.get("Location"), errors: response.status === 400 || response.status === 409 ? replyErrors(await response.json()) : [] };
    };
    const cookie: Record<string, string> = { ja: await cookieFor(participant.user!, "ja"), en: await cookieFor(participant.user!, "en") };

    expect(await post({})).toMatchObject({ status: 400, errors: expect.arrayContaining(["入力してください。"]) });
    expect(await post({ intent: "review", value: "x".repeat(41) }, "en")).toMatchObject({ status: 400, errors: ["Please enter at most 40 characters."] });
    expect(await post({ intent: "review", value: "<script>alert(1)</script>" }, "en")).toMatchObject({ status: 400, errors: ["Please check what you entered."] });
    // A tampered hidden field is reported above the form too, where the participant can see it.
    const tampered = await settle(() => changeAction({ request: formPost(path, { intent: "erase", value: "not_want" }, cookie.en!), context: loadContext, params: { choiceId: hereditary } }));
    expect(tampered.status).toBe(400);
    expect(((await tampered.json()) as { result: { error: Record<string, string[]> } }).result.error[""]).toEqual(["Please check what you entered."]);
    expect((await post({ intent: "review", value: ["want", "not_want"] }, "en")).status).toBe(400);
    // Changed meanwhile is the stored record refusing it now: the table's 409 (ADR 131), said above the form.
    expect(await post({ intent: "confirm", value: "not_want", from: "undecided" }, "en")).toMatchObject({
      status: 409,
      errors: ["Your choices were changed in the meantime (perhaps in another window). Please check them and choose again."],
    });
    expect(await post({ intent: "confirm", value: "no", from: "yes" }, "ja", "core.wgs")).toMatchObject({ status: 400, errors: ["この操作は許可されていません。"] });
    expect(await eventCount(participant.id)).toBe(before);

    const reviewed = await settle(() => changeAction({ request: formPost(path, { intent: "review", value: "undecided" }, cookie.en!), context: loadContext, params: { choiceId: hereditary } }));
    expect(await reviewed.json()).toMatchObject({ step: "review", from: { value: "want" }, to: { value: "undecided", label: "I will decide after genetic counselling" } });
    expect(await eventCount(participant.id)).toBe(before);
    expect(await post({ intent: "confirm", value: "undecided", from: "want" })).toMatchObject({ status: 302, location: "/consent?notice=changed" });
    expect(await eventCount(participant.id)).toBe(before + 1);
  });

  it("random input to the change form's schema and verb never stores a change it should not", async () => {
    const participant = await consentedParticipant();
    const ids = [hereditary, "share.industry", "recontact.channel", "core.wgs", "share.nobody", "../../etc", ""];
    const text = fc.oneof(fc.constantFrom("yes", "no", "want", "not_want", "undecided", "post", "<script>alert(1)</script>", "", " ", "x".repeat(50)), fc.string({ maxLength: 60 }));
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ids), fc.record({ intent: fc.constantFrom("review", "confirm", "delete", ""), value: text, from: fc.option(text, { nil: undefined }) }), async (choiceId, raw) => {
        const state = await getDatabase().consentState.findUniqueOrThrow({ where: { participantId: participant.id } });
        const current = (state.choices as Record<string, string>)[choiceId];
        const parsed = ChangeChoiceSchema.safeParse(raw);
        if (!parsed.success) return;
        try {
          const event = await changeOwnChoice({ actor: { userId: participant.user!.id, role: "participant" }, choiceId, input: parsed.data, language: "ja", request: requestFrom() });
          stored++;
          // Only a real option of a changeable choice, confirmed from the value actually held, gets through.
          expect(isChoiceId(choiceId) && choiceId !== "core.wgs").toBe(true);
          expect(parsed.data.from).toBe(current);
          expect((choiceCatalogue[choiceId as keyof typeof choiceCatalogue].options as readonly string[]).includes(parsed.data.value)).toBe(true);
          expect(event.choices[choiceId]).toBe(parsed.data.value);
        } catch (error) {
          if (!isAppError(error)) throw error;
        }
      }),
      { numRuns: 60 },
    );
    expect(await eventCount(participant.id)).toBe(1 + stored);
    expect(await verifyLedger()).toMatchObject({ ok: true });
  });
});
