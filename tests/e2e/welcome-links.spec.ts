// A welcome link sent again (issue 27 item 7; ADR 042 amended), in the browser: an applicant whose sign-up link went
// stale asks for a new one from the sign-up page (やさしい日本語 without JavaScript, 日本語 with it and axe), and an
// administrator sends a new account its link again and sees why an account already set up gets none (English, axe).
// Who may, the old link refused, the limits and two sends at once are in tests/integration/welcome-links.test.ts.
import { getDatabase } from "../../app/db.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { createUser, signInAs } from "./support/accounts";
import { useLanguage } from "./support/language";
import { plainTranslator, translator } from "./support/words";
import { expect, test } from "./fixtures";

for (const [language, javaScriptEnabled] of [
  ["ja-easy", false],
  ["ja", true],
] as const) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });
    test(`[applicant] asks for the sign-up link again from the sign-up page (${language})`, async ({ page, context, axe }) => {
      const t = translator(language, "access");
      const check = async () => {
        if (javaScriptEnabled) await axe.expectNoAxeViolations();
      };
      const applicant = await createUser({ role: "applicant", password: null });
      await useLanguage(context, language);

      await page.goto("/applications/sign-up");
      await page.getByRole("link", { name: t("signUp.linkAgain") }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("welcomeLink.title"));
      await check();
      await page.getByLabel(t("welcomeLink.email")).fill(applicant.email);
      await page.getByRole("button", { name: t("welcomeLink.submit") }).click();
      await expect(page.getByTestId("welcome-link-sent")).toHaveText(t("welcomeLink.sent"));
      await check();
      const [mail] = await listCapturedMail({ to: applicant.email });
      expect(mail?.template).toBe("sign-in-link");
      expect(mail?.text).toContain(plainTranslator(language, "email")("signInLink.replacesEarlier"));
    });
  });
}

test("[admin] sends a new account its welcome link again, and is told why a set-up account gets none (en)", async ({ page, context, axe }) => {
  const t = plainTranslator("en", "admin");
  const admin = await createUser({ role: "admin", withTotp: true });
  const waiting = await createUser({ role: "dac_expert", password: null });
  const setUp = await createUser({ role: "coordinator", withTotp: true });
  await useLanguage(context, "en");
  await signInAs(context, admin);

  await page.goto("/admin/users");
  await page.getByRole("row").filter({ hasText: waiting.email }).getByRole("link", { name: `${t("users.welcomeLink")} ${t("users.ofAccount", { email: waiting.email })}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("welcome.heading"));
  await expect(page.getByTestId("welcome-last-link")).toHaveText(t("welcome.noLink"));
  await axe.expectNoAxeViolations();
  await page.getByRole("button", { name: t("welcome.submit") }).click();
  await expect(page.getByTestId("welcome-sent")).toHaveText(t("welcome.sent", { email: waiting.email }));
  await axe.expectNoAxeViolations();
  expect(await getDatabase().auditEvent.count({ where: { type: "account.welcome_link_resent", subjectUserId: waiting.id, actorUserId: admin.id } })).toBe(1);
  expect((await listCapturedMail({ to: waiting.email }))[0]?.template).toBe("account-created");

  await page.goto(`/admin/users/${setUp.id}/welcome-link`);
  await expect(page.getByTestId("welcome-refusal")).toHaveText(t("refusals.welcome_set_up_factors", { email: setUp.email }));
  await expect(page.getByRole("button", { name: t("welcome.submit") })).toHaveCount(0);
  await axe.expectNoAxeViolations();
});
