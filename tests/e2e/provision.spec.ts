// The 2024 law's notice and the stop of provision (issue 58 items 1–2; ADR 140) in a real browser, on a phone, in 日本語,
// やさしい日本語 and English: the participant finds the notice first on home, reads it, records it, and stops provision
// in two screens. axe and the layout check on every page; the pages ship no app scripts, and one run (a proxy, for the
// child they represent) has JavaScript off.
import { expect, test } from "./fixtures";
import { layoutProblems, layoutReport } from "./layout-check";
import { signInAs } from "./support/accounts";
import { budget } from "./support/budget";
import { useLanguage } from "./support/language";
import { phone } from "./support/viewports";
import { onPage, plainTranslator, translator } from "./support/words";
import { consentedParticipant } from "./dashboard-fixtures";
import { walkedIn } from "./support/walked-in";

test.use({ viewport: phone });

async function expectLayoutHolds(page: import("@playwright/test").Page) {
  const problems = await layoutProblems(page);
  expect(problems, layoutReport(problems)).toEqual([]);
}

for (const language of walkedIn("en")) {
  test(`[participant, ${language}] reads the notice from home, records it, and stops provision in two screens`, async ({ page, context, axe }) => {
    test.setTimeout(budget(60_000));
    const t = translator(language, "dashboard");
    const words = plainTranslator(language, "dashboard");
    const home = translator(language, "account");
    const participant = await consentedParticipant({ language });
    await signInAs(context, participant.user!);
    await useLanguage(context, language);

    await page.goto("/home");
    await expect(page.locator('[data-kind="provision_notice"]')).toHaveCount(1);
    // Its own words, not those of the updates' link beside it ("read the updates"): two links, two names.
    await page.locator('[data-kind="provision_notice"]').getByRole("link", { name: home("home.waiting.provisionNoticeLink") }).click();
    await expect(page).toHaveURL(/\/provision$/);
    await expect(page.getByTestId("provision-notice")).toBeVisible();
    await axe.expectNoAxeViolations();
    await expectLayoutHolds(page);

    await page.getByRole("button", { name: t("provision.read") }).click();
    await expect(page.getByTestId("provision-done")).toContainText(onPage(language, words("provision.doneRead")));
    await expect(page.getByRole("button", { name: t("provision.read") })).toHaveCount(0);
    await expect(page.getByTestId("provision-stopped")).toHaveAttribute("data-stopped", "no");

    await page.getByRole("link", { name: t("provision.stopLink") }).click();
    await expect(page).toHaveURL(/\/provision\/stop$/);
    await axe.expectNoAxeViolations();
    await expectLayoutHolds(page);
    await page.getByRole("button", { name: t("provision.confirmStop") }).click();
    await expect(page).toHaveURL(/\/provision\?done=stopped$/);
    await expect(page.getByTestId("provision-done")).toContainText(onPage(language, words("provision.doneStopped")));
    await expect(page.getByTestId("provision-stopped")).toHaveAttribute("data-stopped", "yes");
    await expect(page.getByRole("link", { name: t("provision.stopLink") })).toHaveCount(0);
    await axe.expectNoAxeViolations();
    await expectLayoutHolds(page);

    // Home no longer asks; the history lists the two acts of the law.
    await page.goto("/home");
    await expect(page.locator('[data-kind="provision_notice"]')).toHaveCount(0);
    await page.goto("/consent/history");
    await expect(page.locator('[data-event-type="notice_given"]')).toHaveCount(1);
    await expect(page.locator('[data-event-type="provision_stopped"]')).toHaveCount(1);
    await axe.expectNoAxeViolations();
  });
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("[proxy, ja] reads the notice for the represented child and stops provision for her", async ({ page, context }) => {
    test.setTimeout(budget(45_000));
    const child = await consentedParticipant({ byProxy: true, fullName: "山田 さくら" });
    await signInAs(context, child.proxy!);
    await useLanguage(context, "ja");
    await page.goto(`/provision?participant=${child.id}`);
    await expect(page.getByTestId("subject-note")).toContainText("山田 さくら");
    await expect(page.getByTestId("provision-standing")).toContainText("山田 さくらさんへのお知らせはまだ届いていません");
    await page.getByRole("button", { name: "お知らせを読みました" }).click();
    await page.getByRole("link", { name: "提供を停止する" }).click();
    await expect(page.getByTestId("subject-note")).toContainText("山田 さくら");
    await page.getByRole("button", { name: "提供を停止する" }).click();
    await expect(page.getByTestId("provision-done")).toContainText("山田 さくらさんの認定作成事業者への提供を停止しました");
    expect(page.url()).toContain(`participant=${child.id}`);
  });
});
