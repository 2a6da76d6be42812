// 相談窓口 (issue 59 item 1; ADR 145) in a real browser, on a phone: anyone, signed out, asks in 日本語, やさしい日本語 and
// English, keeps the private page, and later reads the answer there; one run with JavaScript off. A counsellor answers
// from the staff queue. axe and the layout check on every page.
import { expect, test } from "./fixtures";
import { layoutProblems, layoutReport } from "./layout-check";
import { createUser, signInAs } from "./support/accounts";
import { budget } from "./support/budget";
import { useLanguage } from "./support/language";
import { phone } from "./support/viewports";
import { onPage, translator } from "./support/words";
import { walkedIn } from "./support/walked-in";

test.use({ viewport: phone });

async function expectLayoutHolds(page: import("@playwright/test").Page) {
  const problems = await layoutProblems(page);
  expect(problems, layoutReport(problems)).toEqual([]);
}

for (const language of walkedIn("en")) {
  test(`[public, ${language}] asks without an account, keeps the page, and reads the answer there`, async ({ page, context, browser, axe }) => {
    test.setTimeout(budget(60_000));
    const t = translator(language, "enquiries");
    await useLanguage(context, language);
    await page.goto("/");
    await page.getByRole("contentinfo").getByRole("link", { name: t("common:footer.ask") }).click();
    await expect(page).toHaveURL(/\/ask$/);
    await axe.expectNoAxeViolations();
    await expectLayoutHolds(page);
    // Where else to ask, near them: the demo's places in Tokyo.
    await page.getByRole("link", { name: t("ask.whereLink") }).click();
    await page.getByLabel(t("where.prefecture")).selectOption("13");
    await page.getByRole("button", { name: t("where.search") }).click();
    await expect(page).toHaveURL(/prefecture=13/);
    await expect(page.getByTestId("help-places").locator("li")).toHaveCount(2);
    await axe.expectNoAxeViolations();
    await expectLayoutHolds(page);
    await page.goto("/ask");
    // Nothing written: refused in words.
    await page.getByRole("button", { name: t("ask.submit") }).click();
    await expect(page.locator("#ask-body-error, [id$='body-error']").first()).toBeVisible();
    await page.getByLabel(t("ask.body")).fill("ゲノム解析の結果はいつ届きますか。");
    await page.getByLabel(t("askers.family")).check();
    await page.getByRole("button", { name: t("ask.submit") }).click();
    await expect(page.getByTestId("enquiry-received")).toBeVisible();
    await expect(page.getByTestId("enquiry-reference")).toHaveText(/^EQ-[A-Z0-9]{8}$/);
    await expect(page.getByTestId("enquiry-state")).toHaveAttribute("data-state", "received");
    await axe.expectNoAxeViolations();
    await expectLayoutHolds(page);
    const privateUrl = page.url().replace(/&received=1$/, "");

    // A counsellor answers from the queue, in another browser.
    const staffContext = await browser.newContext();
    const staffPage = await staffContext.newPage();
    await signInAs(staffContext, await createUser({ role: "counsellor", withTotp: true }));
    await useLanguage(staffContext, language);
    const s = translator(language, "enquiries");
    await staffPage.goto("/staff/enquiries");
    await staffPage.getByTestId("enquiries-open").getByRole("link", { name: (await page.getByTestId("enquiry-reference").textContent())! }).click();
    await staffPage.getByLabel(s("staff.answerLabel")).fill("解析の結果は、担当の医師から説明します。");
    await staffPage.getByRole("button", { name: s("staff.answer") }).click();
    await expect(staffPage.getByRole("status")).toBeVisible();
    await staffContext.close();

    await page.goto(privateUrl);
    await expect(page.getByTestId("enquiry-state")).toHaveAttribute("data-state", "answered");
    await expect(page.getByTestId("enquiry-answer")).toContainText(onPage(language, "担当の医師"));
    await axe.expectNoAxeViolations();
    await expectLayoutHolds(page);
    // They agree that it may be shared: the form posts from the private page (its address holds the secret).
    await page.getByRole("button", { name: t("own.faqAgree") }).click();
    await expect(page.getByTestId("enquiry-faq-agreed")).toBeVisible();
  });
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("[public, ja-easy] asks and is shown the private page with its reference", async ({ page, context }) => {
    test.setTimeout(budget(30_000));
    const t = translator("ja-easy", "enquiries");
    await useLanguage(context, "ja-easy");
    await page.goto("/ask");
    await page.getByLabel(t("ask.body")).fill("参加を やめたい ときは どう すれば いいですか。");
    await page.getByRole("button", { name: t("ask.submit") }).click();
    await expect(page.getByTestId("enquiry-reference")).toHaveText(/^EQ-/);
    await expectLayoutHolds(page);
  });
});
