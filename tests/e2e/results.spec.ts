// The analysis report returned to the participant (issue 57 items 2–3; ADR 137) in a real browser, on a phone: a
// counsellor records the explanation on the staff page, and the participant then reads their report in plain words
// in 日本語, やさしい日本語 and English — what was looked for and found, a category they chose not to know said in the
// same words whatever the report holds, the studies, the clinicians' PDF withheld. axe and the layout check on every
// page; the participant's pages ship no app scripts, and one run has JavaScript off.
import { expect, test } from "./fixtures";
import { layoutProblems, layoutReport } from "./layout-check";
import { createUser, signInAs } from "./support/accounts";
import { budget } from "./support/budget";
import { useLanguage } from "./support/language";
import { phone } from "./support/viewports";
import { onPage, plainTranslator, translator } from "./support/words";
import { consentedParticipant } from "./dashboard-fixtures";
import { createReport } from "../factories/report-factory";
import { walkedIn } from "./support/walked-in";

test.use({ viewport: phone });

async function expectLayoutHolds(page: import("@playwright/test").Page) {
  const problems = await layoutProblems(page);
  expect(problems, layoutReport(problems)).toEqual([]);
}

for (const language of walkedIn("ja-easy")) {
  test(`[counsellor → participant, ${language}] a report explained at the clinic is then the participant's to read, without a category they chose not to know`, async ({ page, context, browser, axe }) => {
    test.setTimeout(budget(120_000));
    const t = translator(language, "results");
    const words = plainTranslator(language, "results");
    const participant = await consentedParticipant({ language, choices: { "findings.secondary.hereditary_cancer": "not_want", "findings.secondary.other_actionable": "want" } });
    const reportId = await createReport(participant.id);

    // The counsellor of the participant's hospital opens the report from their list and records the conversation.
    const counsellor = await createUser({ role: "counsellor", withTotp: true });
    const staff = await browser.newContext({ viewport: phone });
    await signInAs(staff, counsellor);
    await useLanguage(staff, "en");
    const staffPage = await staff.newPage();
    await staffPage.goto("/staff/results");
    await staffPage.getByRole("link", { name: participant.pseudonym }).click();
    await expect(staffPage.getByTestId("staff-report-not-to-mention")).toBeVisible();
    await expect(staffPage.locator("main")).not.toContainText("BRCA2");
    await staffPage.getByLabel("Day of the conversation").fill(new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10));
    await staffPage.getByLabel("How").selectOption("video");
    await staffPage.getByRole("button", { name: "Record the explanation and release the report" }).click();
    await expect(staffPage.getByRole("status")).toContainText("The participant now sees version 1");
    await staff.close();

    await signInAs(context, participant.user!);
    await useLanguage(context, language);
    await page.goto("/home");
    await page.getByRole("link", { name: t("dashboardLink") }).first().click();
    await expect(page).toHaveURL(/\/results$/);
    await expect(page.getByRole("heading", { level: 1, name: t("title") })).toBeVisible();
    await expect(page.getByTestId("results-report")).toHaveCount(1);
    await axe.expectNoAxeViolations();
    await expectLayoutHolds(page);

    await page.getByRole("link", { name: t("open") }).click();
    await expect(page).toHaveURL(new RegExp(`/results/${reportId}$`));
    await expect(page.getByRole("heading", { level: 1, name: t("report.title") })).toBeVisible();
    await expect(page.getByTestId("results-conclusion")).toHaveText(onPage(language, words("conclusion.actionable_found"), { exact: true }));
    await expect(page.getByTestId("results-primary-finding")).toHaveCount(1);
    await expect(page.getByTestId("results-primary-finding")).toContainText("EGFR");
    // The category they chose not to know: one sentence about their choice, nothing of what the report holds.
    await expect(page.getByTestId("results-secondary-not-shown")).toHaveText(onPage(language, words("secondary.notShown", { category: words("secondaryCategory.hereditary_cancer") }), { exact: true }));
    await expect(page.locator("main")).not.toContainText("BRCA2");
    await expect(page.getByTestId("results-secondary-finding")).toContainText("LDLR");
    await expect(page.getByTestId("results-clinical-pdf")).toHaveCount(0);
    await expect(page.getByTestId("results-clinical-pdf-withheld")).toBeVisible();
    await expect(page.getByRole("link", { name: /jRCT2031210123/ })).toHaveAttribute("href", "https://jrct.mhlw.go.jp/latest-detail/jRCT2031210123");
    if (language === "ja-easy") await expect(page.getByRole("heading", { level: 1 }).locator("rt").first()).toBeVisible();
    await axe.expectNoAxeViolations();
    await expectLayoutHolds(page);
    // The clinicians' PDF is not theirs to download here, by its address either.
    expect((await page.request.get(`/results/${reportId}/clinical.pdf`)).status()).toBe(404);

    // A letter for relatives: the finding shown that may be shared in a family, in words they choose.
    await page.getByTestId("results-letter-link").click();
    await expect(page.getByRole("heading", { level: 1, name: t("letter.title") })).toBeVisible();
    await expect(page.getByRole("checkbox")).toHaveCount(1);
    await expect(page.locator("main")).not.toContainText("BRCA2");
    await axe.expectNoAxeViolations();
    await expectLayoutHolds(page);
    await page.getByLabel(t("letter.messageLabel")).fill("\u{1F600} a message with \u202E a reordering mark");
    await page.getByTestId("letter-submit").click();
    await expect(page.getByTestId("letter-invalid")).toContainText(onPage(language, words("letter.invalid.message")));
    await axe.expectNoAxeViolations();
    await page.getByLabel(t("letter.messageLabel")).fill(language === "en" ? "Take your time to decide." : "ゆっくり決めてね。");
    const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId("letter-submit").click()]);
    expect(file.suggestedFilename()).toBe(`letter-for-relatives-${language}.pdf`);
  });
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("[proxy, ja] reads the represented child's report, in sentences about the child, and downloads the clinicians' PDF", async ({ page, context }) => {
    test.setTimeout(budget(90_000));
    const child = await consentedParticipant({ byProxy: true, fullName: "山田 さくら", choices: { "findings.secondary.hereditary_cancer": "want", "findings.secondary.other_actionable": "want" } });
    const counsellor = await createUser({ role: "counsellor" });
    const reportId = await createReport(child.id, { explainedBy: counsellor.id });
    await signInAs(context, child.proxy!);
    await useLanguage(context, "ja");
    await page.goto("/results");
    await expect(page.getByTestId("subject-note")).toContainText("山田 さくら");
    await page.getByRole("link", { name: "この報告書を読む" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "山田 さくらさんの解析結果報告書" })).toBeVisible();
    await expect(page.getByTestId("results-secondary-finding")).toHaveCount(2);
    const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId("results-clinical-pdf").click()]);
    expect(file.suggestedFilename()).toMatch(/^report-2026-11-20-v1\.pdf$/);
    expect(page.url()).toContain(`/results/${reportId}`);
  });
});
