// A participant-panel member works through the committee's learning path (issue 28 item 7; ADR 060), one walk per
// language, JavaScript on in ja and en and off in やさしい日本語: from their home page to the path, a module read, its
// self-check answered and explained, the module marked done, and the path then showing 1 of 4. axe on every page where
// JavaScript runs. Bad input, replays, two submits at once and who may reach the pages are in
// tests/integration/panel-learning.test.ts and the authorization matrix.
import { createUser, signInAs } from "./support/accounts";
import { useLanguage } from "./support/language";
import { plainTranslator, translator } from "./support/words";
import { expect, test } from "./fixtures";

for (const [language, javaScriptEnabled] of [
  ["ja", true],
  ["ja-easy", false],
  ["en", true],
] as const) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });
    test(`[panel member] reads a module, checks their understanding and marks it done (${language})`, async ({ page, context, axe }) => {
      const t = translator(language, "learning");
      const plain = plainTranslator(language, "learning");
      const check = async () => {
        if (javaScriptEnabled) await axe.expectNoAxeViolations();
      };
      const member = await createUser({ role: "panel_member" });
      await useLanguage(context, language);
      await signInAs(context, member);

      await page.goto("/home");
      await page.getByRole("link", { name: t("path.title") }).click();
      await expect(page.getByRole("heading", { level: 1, name: t("path.title") })).toBeVisible();
      await expect(page.getByTestId("learning-progress")).toContainText(t("path.progress", { done: 0, total: 4 }));
      await check();

      await page.getByRole("link", { name: t("modules.programme.title") }).click();
      await expect(page.getByRole("heading", { level: 1, name: t("modules.programme.title") })).toBeVisible();
      await expect(page.getByRole("heading", { level: 2, name: t("modules.programme.sections.gate.heading") })).toBeVisible();
      await check();

      // One answer right, one not: each is explained, and nothing is marked.
      await page.getByRole("radio", { name: t("modules.programme.questions.q1.options.b") }).check();
      await page.getByRole("radio", { name: t("modules.programme.questions.q3.options.a") }).check();
      await page.getByRole("button", { name: t("check.submit") }).click();
      await expect(page.getByTestId("feedback-q1")).toContainText(t("check.correct"));
      await expect(page.getByTestId("feedback-q3")).toContainText(t("check.notQuite"));
      await expect(page.getByTestId("feedback-q3")).toContainText(t("modules.programme.questions.q3.explanation"));
      await expect(page.getByTestId("feedback-q2")).toHaveCount(0);
      await expect(page.getByTestId("self-check-summary")).toContainText(t("check.summary", { correct: 1, answered: 2 }));
      await check();

      await page.getByRole("button", { name: t("module.markDone") }).click();
      await expect(page).toHaveURL(/\/panel\/learning\?done=programme$/);
      await expect(page.getByTestId("learning-notice")).toContainText(t("path.recorded", { title: plain("modules.programme.title") }));
      await expect(page.getByTestId("learning-progress")).toContainText(t("path.progress", { done: 1, total: 4 }));
      await expect(page.getByTestId("learning-module-programme").getByTestId("learning-module-state")).toContainText(t("path.done"));
      await expect(page.getByTestId("learning-module-committee").getByTestId("learning-module-state")).toContainText(t("path.notDone"));
      await check();
    });
  });
}
