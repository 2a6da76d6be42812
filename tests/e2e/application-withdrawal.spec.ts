// An applicant withdraws an application the committee is reviewing (issue 27 item 7), one walk per language, the
// language rotated with JavaScript on and off: the application's page offers it, the confirmation says what follows
// (the review stops, it cannot be undone, the record stays), and the application then reads as withdrawn. axe on
// every page where JavaScript runs. Refusals and bad input are in tests/integration/application-withdrawal.test.ts.
import { getDatabase } from "../../app/db.server";
import { createApplication } from "../factories/data-access-factory";
import { signInAs } from "./support/accounts";
import { useLanguage } from "./support/language";
import { translator } from "./support/words";
import { expect, test } from "./fixtures";

for (const [language, javaScriptEnabled] of [
  ["ja", true],
  ["ja-easy", false],
  ["en", true],
] as const) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });
    test(`[applicant] withdraws an application under review (${language})`, async ({ page, context, axe }) => {
      const t = translator(language, "access");
      const check = async () => {
        if (javaScriptEnabled) await axe.expectNoAxeViolations();
      };
      const application = await createApplication({ state: "in_review" });
      await useLanguage(context, language);
      await signInAs(context, application.applicant.user);

      await page.goto(`/applications/${application.id}`);
      await expect(page.getByTestId("application-state")).toHaveText(t("states.in_review"));
      await check();
      await page.getByRole("link", { name: t("withdraw.link") }).click();
      await expect(page.getByRole("heading", { level: 1, name: t("withdraw.heading", { reference: application.reference }) })).toBeVisible();
      await expect(page.getByTestId("withdraw-consequences").getByRole("listitem")).toHaveCount(3);
      await check();

      // Keeping it is one click, as easy as going on.
      await expect(page.getByRole("link", { name: t("withdraw.keep") })).toHaveAttribute("href", `/applications/${application.id}`);
      await page.getByLabel(t("withdraw.reason")).fill(language === "en" ? "The funding did not come through." : "研究費が得られなかったため");
      await page.getByLabel(t("withdraw.confirm")).check();
      await page.getByRole("button", { name: t("withdraw.submit") }).click();

      await expect(page).toHaveURL(new RegExp(`/applications/${application.id}\\?notice=withdrawn$`));
      await expect(page.getByRole("status")).toContainText(t("application.notices.withdrawn"));
      await expect(page.getByTestId("application-state")).toHaveText(t("states.withdrawn"));
      await expect(page.getByRole("link", { name: t("withdraw.link") })).toHaveCount(0);
      await check();
      expect((await getDatabase().dataAccessApplication.findUniqueOrThrow({ where: { id: application.id } })).state).toBe("withdrawn");
    });
  });
}
