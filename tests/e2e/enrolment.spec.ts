import type { BrowserContext, Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { createUser, signInAs } from "./support/accounts";
import { openMailbox } from "./support/mailbox";
import { expect, test } from "./fixtures";
import { budget } from "./support/budget";

const birth = { iso: "1960-04-01", year: "1960", month: "4", day: "1" };

/** A patient no other test (nor another repetition of this one) has enrolled: the staff search must find one row. */
function newPatient() {
  const suffix = randomUUID().slice(0, 8);
  const kana = [...randomUUID().replace(/-/g, "").slice(0, 4)].map((digit) => "あいうえおかきくけこさしすせそた"[Number.parseInt(digit, 16)]).join("");
  const katakana = [...kana].map((character) => String.fromCharCode(character.charCodeAt(0) + 0x60)).join("");
  return { fullName: `招待 花子${katakana}`, kana: `しょうたい はなこ${kana}`, email: `invitee-${suffix}@test.tsunagi.test` };
}

/** The coordinator enrols through the form and reads the invitation code off the confirmation page. */
async function enrolThroughForm(page: Page, patient: ReturnType<typeof newPatient>, axe?: { expectNoAxeViolations: () => Promise<void> }): Promise<string> {
  await page.goto("/staff/participants/new");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("患者を登録する");
  await page.getByLabel("氏名", { exact: true }).fill(patient.fullName);
  await page.getByLabel("ふりがな（任意）").fill(patient.kana);
  await page.getByLabel("生年月日").fill(birth.iso);
  await page.getByLabel("招待を送るメールアドレス").fill(patient.email);
  await page.getByRole("radio", { name: "日本語", exact: true }).check();
  await page.getByRole("radio", { name: "がん", exact: true }).check();
  await page.getByRole("checkbox", { name: "腫瘍組織" }).check();
  await page.getByRole("checkbox", { name: "血液（正常組織）" }).check();
  await page.getByRole("button", { name: "登録して招待を送る" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("招待コード");
  await expect(page.getByRole("status")).toContainText(patient.email);
  // Waited for whole: a streamed page can hold part of a text for a moment.
  await expect(page.getByTestId("invitation-code")).toHaveText(/[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}/);
  const code = (await page.getByTestId("invitation-code").textContent())!.trim();
  expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
  await axe?.expectNoAxeViolations();
  return code;
}

/** Opens the newest captured mail to `email` whose subject contains `subject`, as sign-in.spec.ts does. */
async function openMail(page: Page, email: string, subject: string): Promise<void> {
  await openMailbox(page);
  await page.getByRole("listitem").filter({ hasText: email }).filter({ hasText: subject }).getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(subject);
}

async function invitationLinkFromMail(page: Page, email: string): Promise<string> {
  await openMail(page, email, "全ゲノム解析プログラムへのご案内");
  const link = await page.getByTestId("mail-link").filter({ hasText: "/invitation/" }).first().getAttribute("href");
  expect(link).toMatch(/\/invitation\/[a-z2-9]{24}\?t=[a-z2-9]{32}$/);
  return link!;
}

async function emailCodeFromMail(page: Page, email: string): Promise<string> {
  await openMail(page, email, "Tsunagi 確認コード");
  // Asserted, not just matched, so a failure shows the mail's text.
  const body = page.locator("pre");
  await expect(body).toContainText(/\b\d{6}\b/);
  return (await body.textContent())!.match(/\b(\d{6})\b/)![1]!;
}

async function fillIdentity(page: Page, code: string, day = birth.day) {
  await page.getByLabel("招待コード").fill(code);
  await page.getByLabel("年", { exact: true }).selectOption(birth.year);
  await page.getByLabel("月", { exact: true }).selectOption(birth.month);
  await page.getByLabel("日", { exact: true }).selectOption(day);
  await page.getByRole("button", { name: "次へ" }).click();
}

async function signedInCoordinator(context: BrowserContext) {
  const coordinator = await createUser({ role: "coordinator", withTotp: true });
  await signInAs(context, coordinator);
  return coordinator;
}

test("[coordinator → participant] enrols a patient, who accepts the invitation and lands signed in", async ({ page, context, browser, axe }) => {
  // Two people, a dozen pages, each scanned by axe.
  test.setTimeout(budget(120_000));
  await signedInCoordinator(context);
  await page.goto("/home");
  await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "スタッフ" }).click();
  await expect(page).toHaveURL(/\/staff$/);
  await axe.expectNoAxeViolations();
  await page.getByRole("link", { name: "患者を登録する" }).click();
  await axe.expectNoAxeViolations();

  // Bad input first: translated errors, nothing enrolled.
  await page.getByLabel("氏名", { exact: true }).fill("<script>alert(1)</script>");
  await page.getByRole("button", { name: "登録して招待を送る" }).click();
  await expect(page.getByText("「<」（U+003C）は氏名に使えません。").first()).toBeVisible();
  await expect(page.getByText("入力してください。").first()).toBeVisible();
  await axe.expectNoAxeViolations();

  const patient = newPatient();
  const code = await enrolThroughForm(page, patient, axe);

  // Shown once: a reload no longer shows the code.
  const handoverUrl = page.url();
  await page.reload();
  await expect(page.getByTestId("invitation-code")).toHaveCount(0);
  await expect(page.getByRole("status")).toContainText("もう表示できません");
  await page.getByRole("link", { name: "参加者のページを開く" }).click();
  await expect(page.getByText(patient.fullName)).toBeVisible();
  await expect(page.getByText("未使用")).toBeVisible();
  await axe.expectNoAxeViolations();
  expect(handoverUrl).toMatch(/\/staff\/participants\/[0-9a-f-]{36}\/handover$/);
  const participantPage = page.url();

  await page.goto("/staff/participants");
  await page.getByLabel("検索").fill(patient.kana);
  await page.getByRole("button", { name: "検索" }).click();
  await expect(page.getByRole("row").filter({ hasText: patient.fullName })).toHaveCount(1);
  await axe.expectNoAxeViolations();

  // The participant, on their own device.
  const participantContext = await browser.newContext();
  const invitee = await participantContext.newPage();
  const link = await invitationLinkFromMail(invitee, patient.email);
  await invitee.goto(link);
  await expect(invitee.getByRole("heading", { level: 1 })).toHaveText("Tsunagi へようこそ");
  await expect(invitee.getByText("2 段階中 1 段階目")).toBeVisible();
  await axe.expectNoAxeViolations(invitee);

  await fillIdentity(invitee, code, "2");
  await expect(invitee.getByRole("alert")).toContainText("招待コードまたは生年月日が一致しません。あと 4 回入力できます。");
  await axe.expectNoAxeViolations(invitee);

  await fillIdentity(invitee, code.toLowerCase());
  await expect(invitee.getByRole("heading", { level: 1 })).toHaveText("メールに届いた確認コードを入力してください");
  await expect(invitee.getByText("2 段階中 2 段階目")).toBeVisible();
  await axe.expectNoAxeViolations(invitee);
  const invitationUrl = invitee.url();

  const emailCode = await emailCodeFromMail(invitee, patient.email);
  await invitee.goto(invitationUrl);
  await invitee.getByLabel("6 桁の確認コード").fill(emailCode === "000000" ? "111111" : "000000");
  await invitee.getByRole("button", { name: "確認する" }).click();
  await expect(invitee.getByRole("alert")).toContainText("確認コードが違います。あと 4 回入力できます。");
  await axe.expectNoAxeViolations(invitee);
  await invitee.getByLabel("6 桁の確認コード").fill(emailCode);
  await invitee.getByRole("button", { name: "確認する" }).click();
  await expect(invitee).toHaveURL(/\/consent\/journey/);
  // The journey itself is another part's page; here it is enough that the session is the participant's.
  await invitee.goto("/home");
  await expect(invitee.getByText(`${patient.fullName} さんでサインイン中`)).toBeVisible();

  // The link is used up; the clinic sees the account.
  await invitee.goto(invitationUrl);
  await expect(invitee.getByRole("heading", { level: 1 })).toHaveText("この招待はすでに使われています");
  await axe.expectNoAxeViolations(invitee);
  await participantContext.close();

  await page.goto(participantPage);
  await expect(page.getByText("受諾済み")).toBeVisible();
  await expect(page.getByText("アカウントあり", { exact: true })).toBeVisible();
});

test.describe("without JavaScript", () => {
  test("[participant] passes the identity check, switches language, and signs in", async ({ page, context, browser }) => {
    test.setTimeout(budget(60_000));
    await signedInCoordinator(context);
    const patient = newPatient();
    const code = await enrolThroughForm(page, patient);

    // axe runs inside the page, so it cannot run here; the same pages are scanned with JavaScript above.
    const participantContext = await browser.newContext({ javaScriptEnabled: false });
    const invitee = await participantContext.newPage();
    const link = await invitationLinkFromMail(invitee, patient.email);
    await invitee.goto(link);
    await expect(invitee.getByRole("heading", { level: 1 })).toHaveText("Tsunagi へようこそ");

    await fillIdentity(invitee, "ZZZZZ-ZZZZZ");
    await expect(invitee.getByRole("alert")).toContainText("一致しません");
    await invitee.getByRole("button", { name: "やさしい日本語" }).click();
    await expect(invitee.getByRole("heading", { level: 1 })).toHaveText("Tsunagi へ ようこそ");
    await invitee.getByRole("button", { name: "English" }).click();
    await expect(invitee.getByRole("heading", { level: 1 })).toHaveText("Welcome to Tsunagi");

    await invitee.getByLabel("Invitation code").fill(code);
    await invitee.getByLabel("Year", { exact: true }).selectOption(birth.year);
    await invitee.getByLabel("Month", { exact: true }).selectOption(birth.month);
    await invitee.getByLabel("Day", { exact: true }).selectOption(birth.day);
    await invitee.getByRole("button", { name: "Next" }).click();
    await expect(invitee.getByRole("heading", { level: 1 })).toHaveText("Enter the code from your email");
    const invitationUrl = invitee.url();

    const emailCode = await emailCodeFromMail(invitee, patient.email);
    await invitee.goto(invitationUrl);
    await invitee.getByLabel("6-digit code").fill("12ab");
    await invitee.getByRole("button", { name: "Confirm" }).click();
    await expect(invitee.getByText("The code is 6 numbers. Please type just those 6 numbers. This did not count as a try.")).toBeVisible();
    await invitee.getByLabel("6-digit code").fill(emailCode);
    await invitee.getByRole("button", { name: "Confirm" }).click();
    await expect(invitee).toHaveURL(/\/consent\/journey/);
    await invitee.goto("/home");
    await expect(invitee.getByRole("heading", { level: 1 })).toContainText(patient.fullName);
    await participantContext.close();
  });
});

test("[coordinator] answers a participant's question from the queue", async ({ page, context, axe }) => {
  const { createParticipant } = await import("../factories/participant-factory");
  const { askQuestion } = await import("../../app/domain/consent/participants/questions/ask-question.server");
  await signedInCoordinator(context);
  const participant = await createParticipant();
  await askQuestion({ participantId: participant.id, askedById: participant.user!.id, body: "結果はいつ頃わかりますか？", request: { ipAddress: "127.0.0.1", userAgent: "playwright" } });

  await page.goto("/staff");
  await page.getByRole("link", { name: "参加者からの質問" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("参加者からの質問");
  await axe.expectNoAxeViolations();
  const answer = page.getByLabel(`${participant.pseudonym} への回答`);
  const form = page.locator("form").filter({ has: answer });
  await form.getByRole("button", { name: "回答を送る" }).click();
  await expect(form.getByRole("alert")).toContainText("入力してください。");
  await axe.expectNoAxeViolations();

  await answer.fill("解析には数か月かかります。結果は主治医からお伝えします。");
  await form.getByRole("button", { name: "回答を送る" }).click();
  await expect(page.getByRole("status")).toContainText("回答を保存し");
  // Shown under this participant's question (the queue keeps earlier answers to others).
  await expect(page.getByRole("listitem").filter({ hasText: participant.pseudonym }).getByText("解析には数か月かかります。結果は主治医からお伝えします。")).toBeVisible();
  await axe.expectNoAxeViolations();
});
