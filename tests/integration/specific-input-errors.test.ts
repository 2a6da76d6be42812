// Issue 11, defects 5 and 6: a typing slip is refused with a sentence that says what is wrong and how to fix it,
// in each language, writes nothing, and never spends one of the invitation's five attempts.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { enrolParticipant } from "../../app/domain/consent/participants/enrolment/enrol-participant.server";
import { checkInvitationIdentity } from "../../app/domain/consent/participants/invitations/check-invitation-identity.server";
import { currentTotpCode } from "../../app/domain/auth/totp.server";
import { action as invitationAction } from "../../app/routes/participant/invitation.$id";
import { action as secondFactorAction } from "../../app/routes/auth/sign-in.second-factor";
import { action as signInAction } from "../../app/routes/auth/sign-in._index";
import { action as questionAction } from "../../app/routes/participant/consent.questions";
import { action as enrolAction } from "../../app/routes/staff/staff.participants.new";
import { action as sampleAction } from "../../app/routes/staff/staff.participants.$id.samples";
import { createParticipant } from "../factories/participant-factory";
import { createUser, requestFrom } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";
import type { AppLoadContext } from "@remix-run/node";
import { cookieFor, formPost, loadContext, replyErrors, settle } from "../support/route-requests";

useTestDatabase();
useTempDataDir();

const languages = ["ja", "ja-easy", "en"] as const;
type Language = (typeof languages)[number];
const birth = { birthYear: "1958", birthMonth: "11", birthDay: "3" };

async function enrol() {
  const coordinator = await createUser({ role: "coordinator" });
  const email = `typo-${Math.random().toString(36).slice(2, 10)}@test.tsunagi.test`;
  const input = { fullName: "入力 太郎", dateOfBirth: "1958-11-03", preferredLanguage: "ja", programmeArea: "cancer", samples: ["tumour"], email };
  const enrolment = await enrolParticipant({ input, enrolledById: coordinator.id, request: requestFrom() });
  return { invitationId: enrolment.invitation.id, linkSecret: enrolment.invitation.linkSecret, code: enrolment.invitation.code };
}

async function attemptsSpent(invitationId: string) {
  const row = await getDatabase().invitation.findUniqueOrThrow({ where: { id: invitationId } });
  const audits = await getDatabase().auditEvent.count({ where: { type: "invitation.identity_check", detail: { path: ["invitationId"], equals: invitationId } } });
  return { failedAttempts: row.failedAttempts, audits };
}

const expectedInvitation: Record<Language, { notReal: string; codeShape: string; mismatch: string }> = {
  ja: { notReal: "この日付はありません（例：2月30日はありません）", codeShape: "招待コードは ABCDE-12345 のような 10 文字の英数字です", mismatch: "あと 4 回" },
  "ja-easy": { notReal: "この 日は ありません（例：2月30日は ありません）", codeShape: "招待コードは ABCDE-12345 のような 10文字の 英語と 数字です", mismatch: "4" },
  en: { notReal: "This date does not exist (for example, there is no 30 February)", codeShape: "An invitation code has 10 letters and numbers, like ABCDE-12345", mismatch: "4" },
};

describe("[participant] a typing slip at the invitation costs no attempt", () => {
  for (const language of languages) {
    it(`in ${language}: 30 February and a code of the wrong shape are explained and not counted; a well-formed wrong answer is`, async () => {
      const invitation = await enrol();
      const cookie = await cookieFor(null, language);
      const post = (fields: Record<string, string>) =>
        settle(() => invitationAction({ request: formPost(`/invitation/${invitation.invitationId}?t=${invitation.linkSecret}`, { intent: "identity", ...fields }, cookie), context: loadContext, params: { id: invitation.invitationId } }));

      const notReal = await post({ code: invitation.code, birthYear: "1958", birthMonth: "2", birthDay: "30" });
      expect(notReal.status).toBe(400);
      expect(replyErrors(await notReal.json()).join(" ")).toContain(expectedInvitation[language].notReal);
      const future = await post({ code: invitation.code, birthYear: "2099", birthMonth: "1", birthDay: "1" });
      expect(future.status).toBe(400);
      for (const code of ["ABCDE-1234", "ABCDE-123456", "ABCDU-12345", "招待コード", "ABCDE/12345!"]) {
        const shape = await post({ code, ...birth });
        expect(shape.status).toBe(400);
        expect(replyErrors(await shape.json()).join(" ")).toContain(expectedInvitation[language].codeShape);
      }
      expect(await attemptsSpent(invitation.invitationId)).toEqual({ failedAttempts: 0, audits: 0 });

      // Full-width characters and a lower-case, unhyphenated code are the same code, not a slip.
      const wrong = await post({ code: "ＡＢＣＤＥ１２３４５", ...birth });
      expect(wrong.status).toBe(400);
      expect(replyErrors(await wrong.json()).join(" ")).toContain(expectedInvitation[language].mismatch);
      expect(await attemptsSpent(invitation.invitationId)).toEqual({ failedAttempts: 1, audits: 1 });
    });
  }

  it("the check itself refuses malformed input before it takes the invitation's lock or counts anything", async () => {
    const invitation = await enrol();
    const link = { invitationId: invitation.invitationId, linkSecret: invitation.linkSecret };
    await expect(checkInvitationIdentity({ ...link, input: { code: invitation.code, birthYear: "1958", birthMonth: "2", birthDay: "30" }, request: requestFrom() })).rejects.toThrow();
    await expect(checkInvitationIdentity({ ...link, input: { code: "12345", ...birth }, request: requestFrom() })).rejects.toThrow();
    expect(await attemptsSpent(invitation.invitationId)).toEqual({ failedAttempts: 0, audits: 0 });
    expect(await checkInvitationIdentity({ ...link, input: { code: invitation.code, ...birth, birthDay: "4" }, request: requestFrom() })).toEqual({ ok: false, reason: "mismatch", attemptsLeft: 4 });
  });

  it("a mailed code in the wrong shape costs none of that code's attempts", async () => {
    const invitation = await enrol();
    const cookie = await cookieFor(null, "en");
    const path = `/invitation/${invitation.invitationId}?t=${invitation.linkSecret}`;
    const post = (fields: Record<string, string>) => settle(() => invitationAction({ request: formPost(path, fields, cookie), context: loadContext, params: { id: invitation.invitationId } }));
    expect((await post({ intent: "identity", code: invitation.code, ...birth })).status).toBe(302);
    for (const emailCode of ["12345", "1234567", "12a456"]) {
      const response = await post({ intent: "email_code", emailCode });
      expect(response.status).toBe(400);
      expect(replyErrors(await response.json()).join(" ")).toContain("The code is 6 numbers. Please type just those 6 numbers. This did not count as a try.");
    }
    expect((await getDatabase().invitation.findUniqueOrThrow({ where: { id: invitation.invitationId } })).otpFailedAttempts).toBe(0);
    // Full-width digits are digits: a wrong one is a real try.
    expect((await post({ intent: "email_code", emailCode: "０００ ０００" })).status).toBe(400);
    expect((await getDatabase().invitation.findUniqueOrThrow({ where: { id: invitation.invitationId } })).otpFailedAttempts).toBe(1);
  });
});

// What each language says for each hostile input: the sentence must name the fault, not "check what you entered".
const expected: Record<Language, Record<string, string>> = {
  ja: {
    empty: "入力してください。",
    nul: "保存できない見えない制御文字（U+0000）が含まれています。",
    broken: "壊れた文字（U+FFFD。",
    bidi: "文字の並ぶ向きを変える見えない文字（U+202E）が含まれています。",
    emoji: "「😀」（U+1F600）は氏名に使えません。",
    tooLongName: "101 文字あります。100 文字以内で入力してください。",
    tooLongQuestion: "2001 文字あります。2000 文字以内で入力してください。",
    choice: "選べる項目にない値です。表示されている項目から選んでください。",
  },
  "ja-easy": {
    empty: "書いて ください。",
    nul: "見えない 特別な 文字（U+0000）が 入って います。",
    broken: "こわれた 文字（U+FFFD。",
    bidi: "文字の 向きを 変える 見えない 文字（U+202E）が 入って います。",
    emoji: "「😀」（U+1F600）は 名前に 使えません。",
    tooLongName: "101文字 あります。100文字 までしか 保存 できません。",
    tooLongQuestion: "2001文字 あります。2000文字 までしか 保存 できません。",
    choice: "選べる ものでは ありません。",
  },
  en: {
    empty: "Please fill this in.",
    nul: "This contains an invisible control character (U+0000) that cannot be saved.",
    broken: "This contains a broken character (U+FFFD,",
    bidi: "This contains an invisible character (U+202E) that changes the direction text is shown in",
    emoji: "“😀” (U+1F600) cannot be used in a name.",
    tooLongName: "This is 101 characters long; at most 100 can be saved.",
    tooLongQuestion: "This is 2001 characters long; at most 2000 can be saved.",
    choice: "This is not one of the choices offered.",
  },
};

describe("[participant] the question form says what is wrong with the text", () => {
  for (const language of languages) {
    it(`in ${language}`, async () => {
      const participant = await createParticipant();
      const cookie = await cookieFor(participant.user!, language);
      const post = (body: string) => settle(() => questionAction({ request: formPost("/consent/questions", { participantId: participant.id, body }, cookie), context: loadContext, params: {} }));
      // A lone surrogate cannot cross a form post: the browser sends U+FFFD in its place, which is what arrives here.
      const cases: [string, string][] = [
        ["", "empty"],
        ["あ".repeat(2001), "tooLongQuestion"],
        ["検体は\u0000どこ？", "nul"],
        ["検体は\uFFFDどこ？", "broken"],
        ["検体は\u202Eどこ？", "bidi"],
      ];
      for (const [body, key] of cases) {
        const response = await post(body);
        expect(response.status, key).toBe(400);
        expect(replyErrors(await response.json()).join(" "), key).toContain(expected[language][key]);
      }
      expect(await getDatabase().participantQuestion.count({ where: { participantId: participant.id } })).toBe(0);
      // 𠮷 counts as one character, and an emoji in a question is fine.
      expect((await post(`${"𠮷".repeat(2000)}`)).status).toBe(302);
      expect((await post("ありがとうございます 😀")).status).toBe(302);
      expect(await getDatabase().participantQuestion.count({ where: { participantId: participant.id } })).toBe(2);
    });
  }
});

describe("[coordinator] the enrolment form says what is wrong with a name", () => {
  for (const language of languages) {
    it(`in ${language}`, async () => {
      const coordinator = await createUser({ role: "coordinator", withTotp: true });
      const cookie = await cookieFor(coordinator, language);
      const good = { fullName: "山田 花子", dateOfBirth: "1960-04-01", email: `bad-${Math.random().toString(36).slice(2, 10)}@test.tsunagi.test`, preferredLanguage: "ja", programmeArea: "rare_disease", samples: "tumour" };
      const before = await getDatabase().participant.count();
      const cases: [Record<string, string>, string, string][] = [
        [{ fullName: "" }, "fullName", "empty"],
        [{ fullName: "あ".repeat(101) }, "fullName", "tooLongName"],
        [{ fullName: "山田\u0000花子" }, "fullName", "nul"],
        [{ fullName: "山田 花子😀" }, "fullName", "emoji"],
        [{ fullName: "山田\uFFFD花子" }, "fullName", "broken"],
        [{ fullName: "山田\u202E花子" }, "fullName", "bidi"],
        [{ preferredLanguage: "fr" }, "preferredLanguage", "choice"],
      ];
      for (const [change, field, key] of cases) {
        const response = await settle(() => enrolAction({ request: formPost("/staff/participants/new", { ...good, ...change }, cookie), context: loadContext, params: {} }));
        expect(response.status, key).toBe(400);
        const body = (await response.json()) as { result: { error: Record<string, string[]> } };
        expect(body.result.error[field]?.join(" "), key).toContain(expected[language][key]);
      }
      expect(await getDatabase().participant.count()).toBe(before);
    });
  }
});

describe("[coordinator] the new-sample form says what is wrong with the kind, and registers nothing", () => {
  for (const language of languages) {
    it(`in ${language}`, async () => {
      const coordinator = await createUser({ role: "coordinator", withTotp: true });
      const participant = await createParticipant();
      const cookie = await cookieFor(coordinator, language);
      const post = (fields: Record<string, string>) =>
        settle(() => sampleAction({ request: formPost(`/staff/participants/${participant.id}/samples`, fields, cookie), context: loadContext, params: { id: participant.id } }));
      const cases: [Record<string, string>, string][] = [
        [{}, "empty"],
        [{ kind: "" }, "empty"],
        [{ kind: "saliva" }, "choice"],
        [{ kind: "blood\u0000" }, "choice"],
      ];
      for (const [fields, key] of cases) {
        const response = await post(fields);
        expect(response.status, key).toBe(400);
        const body = (await response.json()) as { result: { error: Record<string, string[]> } };
        expect(body.result.error.kind?.join(" "), `${JSON.stringify(fields)}`).toContain(expected[language][key]);
      }
      expect(await getDatabase().sample.count({ where: { participantId: participant.id } })).toBe(2);
      const registered = await post({ kind: "other" });
      expect(registered.status).toBe(302);
      expect(registered.headers.get("Location")).toMatch(new RegExp(`^/staff/participants/${participant.id}\\?registered=S-[0-9A-Z]{10}$`));
      expect(await getDatabase().sample.count({ where: { participantId: participant.id } })).toBe(3);
    });
  }
});

describe("[staff] a second-factor code of the wrong shape is explained and not counted by the sign-in limits", () => {
  it("twelve malformed codes (more than the limit of ten) leave the right code working; each says what a code looks like", async () => {
    const context = { ...loadContext, clientAddress: "192.0.2.211" } as AppLoadContext;
    const staff = await createUser({ role: "coordinator", withTotp: true });
    const english = (await cookieFor(null, "en")).split(";")[0]!;
    const signedIn = await settle(() => signInAction({ request: formPost("/sign-in", { intent: "password", email: staff.email, password: staff.password }, english), context, params: {} }));
    const cookie = [...signedIn.headers.getSetCookie().map((cookie) => cookie.split(";")[0]!), english].join("; ");
    const malformed = ["12345", "1234567", "12a456", "", "１２３４５", "code", "123 45", "12-34", "0000000", "abcdef", "12345678", "9"];
    for (const code of malformed) {
      const response = await settle(() => secondFactorAction({ request: formPost("/sign-in/second-factor", { method: "totp", code }, cookie), context, params: {} }));
      expect(response.status, code).toBe(400);
      if (code) expect(replyErrors(await response.json()).join(" "), code).toContain("The code is 6 numbers.");
    }
    const recovery = await settle(() => secondFactorAction({ request: formPost("/sign-in/second-factor", { method: "recovery_code", code: "k3m9p-x2q7!" }, cookie), context, params: {} }));
    expect(replyErrors(await recovery.json()).join(" ")).toContain("A recovery code has 10 letters and numbers");
    // Full-width digits from a Japanese keyboard are the code itself.
    const fullWidth = currentTotpCode(staff.totpKey!).replace(/[0-9]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) + 0xfee0));
    const passed = await settle(() => secondFactorAction({ request: formPost("/sign-in/second-factor", { method: "totp", code: fullWidth }, cookie), context, params: {} }));
    expect(passed.status).toBe(302);
  });
});
