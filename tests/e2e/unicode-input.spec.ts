// Issue 11, defects 5–8 in a browser: a typing slip at the invitation is explained and costs no attempt; a coordinator
// enrols 𠮷田 髙橋 with JavaScript on and off (no console error: the fixtures fail on one) and the name comes back
// exactly; half of a surrogate pair is refused with a sentence; a direction override in a question is shown to staff
// as a marker, not obeyed.
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import type { SupportedLanguage } from "../../app/i18n/languages";
import { createUser, signInAs } from "./support/accounts";
import { useLanguage } from "./support/language";
import { onPage } from "./support/words";
import { expect, test } from "./fixtures";
import { walkedIn } from "./support/walked-in";

const errors = (language: SupportedLanguage) => JSON.parse(readFileSync(`locales/${language}/errors.json`, "utf8")) as { field: Record<string, string> };
/** The sentence up to its first placeholder: what the reader sees whatever the code point. */
const sentence = (language: SupportedLanguage, key: string) => errors(language).field[key]!.split("{{")[0]!;

async function invitationFor(language: SupportedLanguage) {
  const { enrolParticipant } = await import("../../app/domain/consent/participants/enrolment/enrol-participant.server");
  const coordinator = await createUser({ role: "coordinator" });
  const input = { fullName: "入力 太郎", dateOfBirth: "1958-11-03", preferredLanguage: language, programmeArea: "cancer", samples: ["tumour"], email: `typo-${randomUUID().slice(0, 8)}@test.tsunagi.test` };
  const enrolment = await enrolParticipant({ input, enrolledById: coordinator.id, request: { ipAddress: "127.0.0.1", userAgent: "playwright" } });
  return { id: enrolment.invitation.id, path: `/invitation/${enrolment.invitation.id}?t=${enrolment.invitation.linkSecret}`, code: enrolment.invitation.code };
}

async function failedAttempts(invitationId: string): Promise<number> {
  const { getDatabase } = await import("../../app/db.server");
  return (await getDatabase().invitation.findUniqueOrThrow({ where: { id: invitationId } })).failedAttempts;
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    for (const language of javaScriptEnabled ? walkedIn("ja-easy") : walkedIn("en")) {
      test(`[participant] 30 February at the invitation is explained and costs no attempt (${language})`, async ({ page, context, axe }) => {
        await useLanguage(context, language);
        const invitation = await invitationFor(language);
        await page.goto(invitation.path);
        await page.locator('input[name="code"]').fill(invitation.code);
        await page.locator('select[name="birthYear"]').selectOption("1958");
        await page.locator('select[name="birthMonth"]').selectOption("2");
        await page.locator('select[name="birthDay"]').selectOption("30");
        await page.locator('form:has(input[name="code"]) button[type="submit"]').click();
        await expect(page.getByRole("alert").filter({ hasText: onPage(language, sentence(language, "dateNotReal")) })).toBeVisible();
        // axe runs inside the page, so only with JavaScript on; the page is the same without it.
        if (javaScriptEnabled) await axe.expectNoAxeViolations();
        expect(await failedAttempts(invitation.id)).toBe(0);

        await page.locator('input[name="code"]').fill("ABCDE-1234");
        await page.locator('select[name="birthDay"]').selectOption("3");
        await page.locator('form:has(input[name="code"]) button[type="submit"]').click();
        await expect(page.getByRole("alert").filter({ hasText: onPage(language, sentence(language, "invitationCodeShape")) })).toBeVisible();
        expect(await failedAttempts(invitation.id)).toBe(0);
      });
    }

    test("[coordinator] enrols 𠮷田 髙橋 and the record shows the name exactly as typed", async ({ page, context }) => {
      await signInAs(context, await createUser({ role: "coordinator", withTotp: true }));
      await page.goto("/staff/participants/new");
      await page.getByLabel("氏名", { exact: true }).fill("𠮷田 髙橋");
      await page.getByLabel("ふりがな（任意）").fill("よしだ たかはし");
      await page.getByLabel("生年月日").fill("1960-04-01");
      await page.getByLabel("招待を送るメールアドレス").fill(`rare-${randomUUID().slice(0, 8)}@test.tsunagi.test`);
      await page.getByRole("radio", { name: "日本語", exact: true }).check();
      await page.getByRole("radio", { name: "希少疾患", exact: true }).check();
      await page.getByRole("checkbox", { name: "腫瘍組織" }).check();
      await page.getByRole("button", { name: "登録して招待を送る" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("招待コード");
      const participantId = page.url().match(/participants\/([0-9a-f-]{36})\/handover/)![1]!;

      const { getDatabase } = await import("../../app/db.server");
      const identity = await getDatabase().participantIdentity.findUniqueOrThrow({ where: { participantId } });
      expect(identity.fullName).toBe("𠮷田 髙橋");
      await page.goto(`/staff/participants/${participantId}`);
      await expect(page.getByText("𠮷田 髙橋", { exact: true })).toBeVisible();
    });

    test("[coordinator] half of a surrogate pair in a name is refused with a sentence saying so", async ({ page, context }) => {
      await signInAs(context, await createUser({ role: "coordinator", withTotp: true }));
      await page.goto("/staff/participants/new");
      await page.getByLabel("氏名", { exact: true }).fill("田\uD842中");
      await page.getByLabel("生年月日").fill("1960-04-01");
      await page.getByLabel("招待を送るメールアドレス").fill(`lone-${randomUUID().slice(0, 8)}@test.tsunagi.test`);
      await page.getByRole("radio", { name: "日本語", exact: true }).check();
      await page.getByRole("radio", { name: "希少疾患", exact: true }).check();
      await page.getByRole("checkbox", { name: "腫瘍組織" }).check();
      await page.getByRole("button", { name: "登録して招待を送る" }).click();
      await expect(page.getByRole("alert").filter({ hasText: sentence("ja", "brokenCharacter") })).toBeVisible();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("患者を登録する");
    });
  });
}

test("[coordinator] a question holding U+202E is shown with the override as a visible marker, not obeyed", async ({ page, context, axe }) => {
  const { createParticipant } = await import("../factories/participant-factory");
  const { getDatabase } = await import("../../app/db.server");
  await signInAs(context, await createUser({ role: "coordinator", withTotp: true }));
  const participant = await createParticipant();
  // Stored before new questions refused it (or by any other path): the page must still show what is there.
  await getDatabase().participantQuestion.create({ data: { participantId: participant.id, askedById: participant.user!.id, body: "請求書\u202Efdp.exe を開いてよいですか" } });
  await page.goto("/staff/questions");
  const body = page.locator(".question").filter({ hasText: participant.pseudonym }).locator(".question__body").first();
  await expect(body).toHaveText("請求書⟨U+202E⟩fdp.exe を開いてよいですか");
  expect(await body.innerHTML()).not.toContain("\u202E");
  await expect(body.locator("bdi[dir=auto]")).toHaveCount(1);
  await axe.expectNoAxeViolations();
});
