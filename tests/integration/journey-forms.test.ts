// Every journey form through its real route action (a real Request with a session cookie): bad input — empty,
// too long, wrong types, script tags, tampered hidden fields — gets a translated error and stores nothing; and a
// property test feeds random fields to each form and checks that whatever happens, only valid state is stored.
import fc from "fast-check";
import type { AppLoadContext } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { choiceCatalogue, isChoiceId } from "@tsunagi/consent-rules/choice-catalogue";
import { currentFormVersion, PROGRAMME_FORM_KEY, type FormVersion } from "../../app/domain/consent/forms/load-form-version.server";
import { startOrResumeJourney } from "../../app/domain/consent/journey/start-journey.server";
import { ensurePublishedFormVersion } from "../../app/wiring/demo/seed-consent-forms.server";
import { action as questionAction } from "../../app/routes/participant/consent.questions";
import { action as paperAction } from "../../app/routes/staff/staff.participants.$id.paper";
import { createParticipant, type CreatedParticipant } from "../factories/participant-factory";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";
import { outlineOf } from "../../app/domain/consent/journey/journey-steps";
import { appOrigin, cookieFor, formPost, loadContext, replyErrors, settle } from "../support/route-requests";
import { chooseAll, everyChoice, journeyReadyToSign, onlineActor, passComprehension, readAllSections, request, storedCounts } from "./journey-walk";
// Every journey screen, on both surfaces, is one module that answers by address (ADR 104).
import * as journeyRoute from "../../app/routes-support/journey/journey-route";

useTestDatabase();
useTempDataDir();

type Action = (args: { request: Request; context: AppLoadContext; params: Record<string, string> }) => Promise<unknown>;
const run = (action: Action, request: Request, params: Record<string, string> = {}) => settle(() => action({ request, context: loadContext, params }));

const ja = {
  required: "入力してください。",
  invalid: "入力内容を確認してください。",
  incomplete: "すべての項目を選んでください。",
  choose: "選べる項目にない値です。表示されている項目から選んでください。",
  format: "形式が正しくありません。",
  tooLong: "200 文字以内で入力してください。",
  forbidden: "この操作は許可されていません。",
  nameMismatch: "入力されたお名前が登録されたお名前と一致しません",
  file: "PDF、JPEG、PNG のいずれかで、10 MB 以下のファイルを選んでください。",
  formUpdated: "同意説明文書が新しい版に更新されました",
};

let version: FormVersion;
beforeAll(async () => {
  await ensurePublishedFormVersion("1.0");
  version = await currentFormVersion(PROGRAMME_FORM_KEY);
});

async function expectRefused(response: Response, message: string, before: Awaited<ReturnType<typeof storedCounts>>, participantId: string) {
  expect(response.status).toBe(400);
  const errors = replyErrors(await response.json());
  expect(errors.join(" ")).toContain(message);
  expect(await storedCounts(participantId)).toEqual(before);
}

async function participantOnJourney(): Promise<{ participant: CreatedParticipant; cookie: string; journeyId: string }> {
  const participant = await createParticipant({ fullName: "小林 直子" });
  const { journeyId } = await startOrResumeJourney({ actor: onlineActor(participant.user!), participantId: participant.id, language: "ja", request });
  return { participant, cookie: await cookieFor(participant.user!), journeyId };
}

const tooLong = "あ".repeat(201);
const script = "<script>alert(1)</script>";
const otherUuid = "00000000-0000-4000-8000-000000000000";

describe("bad input on every journey form", () => {
  it("start: empty, wrong language, someone else's participant", async () => {
    const { participant, cookie } = await participantOnJourney();
    const stranger = await createParticipant();
    const before = await storedCounts(participant.id);
    await expectRefused(await run(journeyRoute.action, formPost("/consent/journey", {}, cookie)), ja.required, before, participant.id);
    await expectRefused(await run(journeyRoute.action, formPost("/consent/journey", { participantId: participant.id, language: script }, cookie)), ja.choose, before, participant.id);
    await expectRefused(await run(journeyRoute.action, formPost("/consent/journey", { participantId: "1; DROP TABLE", language: "ja" }, cookie)), ja.format, before, participant.id);
    await expectRefused(await run(journeyRoute.action, formPost("/consent/journey", { participantId: stranger.id, language: "ja" }, cookie)), ja.forbidden, before, participant.id);
  });

  it("section: missing or tampered journey id, a section not reached yet", async () => {
    const { participant, cookie, journeyId } = await participantOnJourney();
    const other = await participantOnJourney();
    const before = await storedCounts(participant.id);
    const post = (n: string, fields: Record<string, string>) => run(journeyRoute.action, formPost(`/consent/journey/section/${n}`, fields, cookie), { n });
    await expectRefused(await post("1", {}), ja.required, before, participant.id);
    await expectRefused(await post("1", { journeyId: script }), ja.format, before, participant.id);
    await expectRefused(await post("1", { journeyId: other.journeyId }), ja.invalid, before, participant.id);
    await expectRefused(await post("5", { journeyId }), ja.invalid, before, participant.id);
    expect((await post("abc", { journeyId })).status).toBe(404);
    const ok = await post("1", { journeyId });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe("/consent/journey/section/2");
  });

  it("comprehension: no answer, an answer that is not an option, script tags", async () => {
    const { participant, cookie, journeyId } = await participantOnJourney();
    await readAllSections(onlineActor(participant.user!), journeyId, version);
    const before = await storedCounts(participant.id);
    const post = (fields: Record<string, string>) => run(journeyRoute.action, formPost("/consent/journey/check/1", fields, cookie), { n: "1" });
    await expectRefused(await post({ journeyId }), ja.required, before, participant.id);
    await expectRefused(await post({ journeyId, answer: "z" }), ja.invalid, before, participant.id);
    await expectRefused(await post({ journeyId, answer: script }), ja.format, before, participant.id);
    await expectRefused(await post({ journeyId, answer: "a".repeat(65) }), "64 文字以内", before, participant.id);
    const wrong = await post({ journeyId, answer: "a" });
    expect([wrong.status, wrong.headers.get("Location")]).toEqual([302, "/consent/journey/check/1#answer-again"]);
  });

  it("choice: no option (nothing preselected), an unknown value, a value from another choice, a grouped screen half answered", async () => {
    const { participant, cookie, journeyId } = await participantOnJourney();
    await readAllSections(onlineActor(participant.user!), journeyId, version);
    await passComprehension(onlineActor(participant.user!), journeyId, version);
    const before = await storedCounts(participant.id);
    const post = (n: string, fields: Record<string, string>) => run(journeyRoute.action, formPost(`/consent/journey/choice/${n}`, fields, cookie), { n });
    const core = { journeyId, "ids.1": "core.wgs" };
    await expectRefused(await post("1", { journeyId }), ja.required, before, participant.id);
    await expectRefused(await post("1", core), ja.incomplete, before, participant.id);
    await expectRefused(await post("1", { ...core, "answers.1": "want" }), ja.invalid, before, participant.id);
    await expectRefused(await post("1", { ...core, "answers.1": script }), ja.format, before, participant.id);
    await expectRefused(await post("1", { journeyId, "ids.1": "share.academia", "answers.1": "yes" }), ja.invalid, before, participant.id);
    await expectRefused(await post("1", { ...core, "answers.2": "yes" }), ja.invalid, before, participant.id);
    await expectRefused(await post("2", { journeyId, "ids.1": "return.primary", "answers.1": "yes" }), ja.invalid, before, participant.id);
    const declined = await post("1", { ...core, "answers.1": "no" });
    expect(declined.headers.get("Location")).toBe("/consent/journey/stop");
    const accepted = await post("1", { ...core, "answers.1": "yes" });
    expect(accepted.headers.get("Location")).toBe("/consent/journey/choice/2");
    await post("2", { journeyId, "ids.1": "return.primary", "answers.1": "no" });
    // The four sharing rows are one screen: three answered and one left out saves none of them.
    const sharing = ["share.academia", "share.industry", "share.international", "share.public_db"];
    const n = String(outlineOf(version.content).choiceScreens.findIndex((screen) => screen.includes("share.academia")) + 1);
    await chooseAll(onlineActor(participant.user!), journeyId, version, everyChoice(version), Number(n) - 1);
    const partway = await storedCounts(participant.id);
    const rows = Object.fromEntries(sharing.flatMap((id, index) => [[`ids.${index + 1}`, id], ...(index < 3 ? [[`answers.${index + 1}`, "no"]] : [])]));
    await expectRefused(await post(n, { journeyId, ...rows }), ja.incomplete, partway, participant.id);
    const whole = await post(n, { journeyId, ...rows, "answers.4": "yes" });
    expect(whole.status).toBe(302);
    const journey = await getDatabase().consentJourney.findUniqueOrThrow({ where: { id: journeyId } });
    expect(journey.choices).toMatchObject({ "share.academia": "no", "share.industry": "no", "share.international": "no", "share.public_db": "yes" });
  });

  it("sign: empty, too long, script tags, someone else's name, a tampered signer or journey", async () => {
    const participant = await createParticipant({ fullName: "小林 直子" });
    const journeyId = await journeyReadyToSign(onlineActor(participant.user!), participant.id, version);
    const cookie = await cookieFor(participant.user!);
    const before = await storedCounts(participant.id);
    const post = (fields: Record<string, string>) => run(journeyRoute.action, formPost("/consent/journey/sign", fields, cookie));
    await expectRefused(await post({ journeyId }), ja.required, before, participant.id);
    await expectRefused(await post({ journeyId, printedName: "   " }), ja.required, before, participant.id);
    await expectRefused(await post({ journeyId, printedName: tooLong }), ja.tooLong, before, participant.id);
    await expectRefused(await post({ journeyId, printedName: script }), ja.nameMismatch, before, participant.id);
    await expectRefused(await post({ journeyId, printedName: "小林 直美" }), ja.nameMismatch, before, participant.id);
    await expectRefused(await post({ journeyId: otherUuid, printedName: "小林 直子" }), ja.invalid, before, participant.id);
    await expectRefused(await post({ journeyId, printedName: "小林 直子", signer: "proxy" }), ja.format, before, participant.id);
    const signed = await post({ journeyId, printedName: "小林直子" });
    expect(signed.headers.get("Location")).toBe(`/consent/journey/done/${journeyId}`);
  });

  it("assent: empty, too long, not the child's name, a journey that needs no assent", async () => {
    const child = await createParticipant({ withAccount: false, withProxy: true, fullName: "小林 ゆい", dateOfBirth: `${new Date().getUTCFullYear() - 9}-01-01` });
    const actor = onlineActor(child.proxy!);
    const journeyId = await journeyReadyToSign(actor, child.id, version);
    const cookie = await cookieFor(child.proxy!);
    const signed = await run(journeyRoute.action, formPost("/consent/journey/sign", { journeyId, printedName: child.proxy!.fullName }, cookie));
    expect(signed.headers.get("Location")).toBe(`/consent/journey/assent/${journeyId}`);
    const before = await storedCounts(child.id);
    const post = (id: string, fields: Record<string, string>) => run(journeyRoute.action, formPost(`/consent/journey/assent/${id}`, fields, cookie), { journeyId: id });
    await expectRefused(await post(journeyId, {}), ja.required, before, child.id);
    await expectRefused(await post(journeyId, { childPrintedName: tooLong }), ja.tooLong, before, child.id);
    await expectRefused(await post(journeyId, { childPrintedName: script }), ja.nameMismatch, before, child.id);
    await expectRefused(await post(otherUuid, { childPrintedName: "小林 ゆい" }), ja.invalid, before, child.id);
    expect((await post(journeyId, { childPrintedName: "小林 ゆい" })).headers.get("Location")).toBe(`/consent/journey/done/${journeyId}?assent=1`);
  });

  it("questions: empty, too long, someone else's participant; the back link only leads into the journey", async () => {
    const { participant, cookie } = await participantOnJourney();
    const stranger = await createParticipant();
    const before = await storedCounts(participant.id);
    const post = (fields: Record<string, string>) => run(questionAction, formPost("/consent/questions", fields, cookie));
    await expectRefused(await post({ participantId: participant.id, body: "  " }), ja.required, before, participant.id);
    await expectRefused(await post({ participantId: participant.id, body: "あ".repeat(2001) }), "2000 文字以内", before, participant.id);
    await expectRefused(await post({ participantId: stranger.id, body: "質問です" }), ja.forbidden, before, participant.id);
    await expectRefused(await post({ participantId: "x", body: "質問です" }), ja.format, before, participant.id);
    const asked = await post({ participantId: participant.id, body: script, back: "https://evil.example/" });
    expect(asked.headers.get("Location")).toBe(`/consent/questions?participant=${participant.id}&asked=1`);
    const question = await getDatabase().participantQuestion.findFirstOrThrow({ where: { participantId: participant.id } });
    // Free text is stored as typed and always shown escaped; it is tied to the journey in progress.
    expect(question.body).toBe(script);
    expect(question.journeyId).not.toBeNull();
  });

  it("assisted start: no witness, a witness name too long, for a participant who does not exist", async () => {
    const participant = await createParticipant();
    const coordinator = await createUser({ role: "coordinator", withTotp: true });
    const cookie = await cookieFor(coordinator);
    const before = await storedCounts(participant.id);
    const post = (id: string, fields: Record<string, string>) => run(journeyRoute.action, formPost(`/staff/participants/${id}/assisted`, fields, cookie), { id });
    await expectRefused(await post(participant.id, { language: "ja" }), ja.required, before, participant.id);
    await expectRefused(await post(participant.id, { language: "ja", witnessName: tooLong }), ja.tooLong, before, participant.id);
    await expectRefused(await post(participant.id, { language: "fr", witnessName: "立会 一郎" }), ja.choose, before, participant.id);
    expect((await post(otherUuid, { language: "ja", witnessName: "立会 一郎" })).status).toBe(404);
    expect((await post("../../admin", { language: "ja", witnessName: "立会 一郎" })).status).toBe(404);
    // A participant cannot reach the coordinator's form at all.
    const participantCookie = await cookieFor(participant.user!);
    expect((await run(journeyRoute.action, formPost(`/staff/participants/${participant.id}/assisted`, { language: "ja", witnessName: "x" }, participantCookie), { id: participant.id })).status).toBe(403);
  });

  it("paper: not multipart, no file, no transcription tick, a tampered version, a file that is not a scan", async () => {
    const participant = await createParticipant({ fullName: "小林 直子" });
    const coordinator = await createUser({ role: "coordinator", withTotp: true });
    const cookie = await cookieFor(coordinator);
    const before = await storedCounts(participant.id);
    const path = `/staff/participants/${participant.id}/paper`;
    const fields = (overrides: Record<string, string | Blob | null> = {}) => {
      const form = new FormData();
      const base: Record<string, string | Blob | null> = {
        formVersionId: version.id,
        scan: new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31])], "scan.pdf", { type: "application/pdf" }),
        signedOn: "2026-11-01",
        printedName: "小林 直子",
        signer: "participant",
        transcribed: "on",
        ...overrides,
      };
      for (const [name, value] of Object.entries(base)) if (value !== null) form.append(name, value);
      version.content.choiceIds.forEach((id, index) => {
        if (overrides[`choices[${index}]`] === null) return;
        form.append(`choices[${index}]`, isChoiceId(id) ? (choiceCatalogue[id].options[0] as string) : "yes");
      });
      return form;
    };
    const post = (body: FormData | URLSearchParams) =>
      run(paperAction, new Request(new URL(path, appOrigin), { method: "POST", body, headers: { Cookie: cookie, "User-Agent": "vitest" } }), { id: participant.id });
    await expectRefused(await post(new URLSearchParams({ printedName: "小林 直子" })), ja.file, before, participant.id);
    await expectRefused(await post(fields({ scan: null })), ja.required, before, participant.id);
    await expectRefused(await post(fields({ transcribed: null })), ja.required, before, participant.id);
    await expectRefused(await post(fields({ "choices[3]": null })), ja.required, before, participant.id);
    await expectRefused(await post(fields({ formVersionId: otherUuid })), ja.formUpdated, before, participant.id);
    await expectRefused(await post(fields({ scan: new File([script], "scan.pdf", { type: "application/pdf" }) })), ja.file, before, participant.id);
    await expectRefused(await post(fields({ printedName: script })), ja.nameMismatch, before, participant.id);
    await expectRefused(await post(fields({ signedOn: "31/12/2025" })), ja.format, before, participant.id);
    const ok = await post(fields());
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toMatch(new RegExp(`^/staff/participants/${participant.id}/paper\\?recorded=`));
  });
});

describe("random input to every journey form", () => {
  const hostile = fc.constantFrom(script, "'; DROP TABLE \"ConsentEvent\"; --", "\u0000", "　", "../../etc/passwd", "{{constructor}}", "小林 直子", "yes", "no", "want", "a", "b", "c", otherUuid);
  const field = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: "grapheme", maxLength: 20 }), hostile, fc.integer().map(String), fc.constant(""));
  const fields = (names: string[]) => fc.dictionary(fc.constantFrom(...names), field, { maxKeys: names.length });

  it("each form either refuses with a translated error and stores nothing, or stores only valid progress", async () => {
    const { participant, cookie, journeyId } = await participantOnJourney();
    const actor = onlineActor(participant.user!);
    const forms: { action: Action; path: string; params: Record<string, string>; names: string[] }[] = [
      { action: journeyRoute.action, path: "/consent/journey", params: {}, names: ["participantId", "language"] },
      { action: journeyRoute.action, path: "/consent/journey/section/1", params: { n: "1" }, names: ["journeyId"] },
      { action: journeyRoute.action, path: "/consent/journey/check/1", params: { n: "1" }, names: ["journeyId", "answer"] },
      { action: journeyRoute.action, path: "/consent/journey/choice/1", params: { n: "1" }, names: ["journeyId", "ids.1", "answers.1", "answers.2", "from"] },
      { action: journeyRoute.action, path: "/consent/journey/sign", params: {}, names: ["journeyId", "printedName", "signer"] },
      { action: questionAction, path: "/consent/questions", params: {}, names: ["participantId", "body", "back"] },
    ];
    // Half the time the hidden journey id is the real one, so the checks past it are reached too.
    const withRealIds = (values: Record<string, string>) => fc.constantFrom(true, false).map((real) => (real ? { ...values, ...(values.journeyId !== undefined ? { journeyId } : {}) } : values));
    await readAllSections(actor, journeyId, version);
    for (const form of forms) {
      await fc.assert(
        fc.asyncProperty(fields(form.names).chain(withRealIds), async (values) => {
          const before = await storedCounts(participant.id);
          const response = await run(form.action, formPost(form.path, values, cookie), form.params);
          expect([302, 400]).toContain(response.status);
          if (response.status === 400) {
            expect(replyErrors(await response.json()).length).toBeGreaterThan(0);
            expect(await storedCounts(participant.id)).toEqual(before);
          }
          const journey = await getDatabase().consentJourney.findUniqueOrThrow({ where: { id: journeyId } });
          for (const [id, value] of Object.entries(journey.choices as Record<string, string>)) {
            expect(isChoiceId(id) && (choiceCatalogue[id].options as readonly string[]).includes(value)).toBe(true);
          }
          expect(await getDatabase().consentEvent.count({ where: { participantId: participant.id } })).toBe(0);
        }),
        { numRuns: 40 },
      );
    }
  });
});
