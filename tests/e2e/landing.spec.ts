// The front door (issue 29 item 1): a visitor who is not signed in opens `/` on a phone and reads what the programme
// is, what taking part means, how to stop and where the public pages are, in 日本語, やさしい日本語 and English, with
// and without JavaScript, axe on every page. The header's menu holds the public pages and each opens; the sign-in
// link is beside it. A signed-in participant who opens `/` is at home.
import { publicMenu } from "../../app/domain/authz/destinations";
import { supportedLanguages } from "../../app/i18n/languages";
import { createUser, signInAs } from "./support/accounts";
import { axeAsServed } from "./support/axe-as-served";
import { useLanguage } from "./support/language";
import { onPage, plainTranslator } from "./support/words";
import { expect, test } from "./fixtures";
import { phone } from "./support/viewports";


for (const javaScriptEnabled of [true, false]) {
  test.describe(`on a phone, JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ viewport: phone, javaScriptEnabled });

    test("[visitor] reads the front door in three languages and reaches every public page from the header", async ({ page, context, browser, axe }) => {
      for (const language of supportedLanguages) {
        const t = plainTranslator(language, "landing");
        const common = plainTranslator(language, "common");
        const seen = (text: string) => onPage(language, text, { exact: true });
        await useLanguage(context, language);
        const response = await page.goto("/");
        expect(response?.status()).toBe(200);
        await expect(page).toHaveURL(/\/$/);
        await expect(page.getByRole("heading", { level: 1, name: seen(t("title")) })).toBeVisible();
        for (const section of ["signIn", "joining", "withdraw", "public", "researchers"]) {
          await expect(page.getByRole("heading", { level: 2, name: seen(t(`${section}.heading`)) })).toBeVisible();
        }
        // The honest word on withdrawal is on the front door, not only behind the withdrawal button.
        await expect(page.getByText(onPage(language, t("withdraw.honest")))).toBeVisible();
        if (javaScriptEnabled) await axe.expectNoAxeViolations();
        else await axeAsServed(browser, context, "/", { openMenu: true });

        // The header on a phone: one short bar with the menu button and the sign-in link; the menu lists the public pages.
        const header = page.locator(".site-header");
        expect((await header.boundingBox())!.height).toBeLessThan(120);
        const nav = page.getByRole("navigation", { name: onPage(language, common("nav.label")) });
        await expect(nav.getByRole("link", { name: seen(common("nav.signIn")) })).toBeVisible();
        await nav.locator(".site-menu > summary").click();
        for (const entry of publicMenu) {
          const [namespace, key] = entry.label.split(":") as [string, string];
          await expect(nav.getByRole("link", { name: seen(plainTranslator(language, namespace)(key)) })).toHaveAttribute("href", entry.path);
        }
      }

      // Every public page opens from the header, signed out (once, in the default language: the links are the same).
      await useLanguage(context, "ja");
      for (const entry of publicMenu) {
        await page.goto("/");
        await page.locator(".site-menu > summary").click();
        const [namespace, key] = entry.label.split(":") as [string, string];
        await page.locator(".site-menu").getByRole("link", { name: plainTranslator("ja", namespace)(key), exact: true }).click();
        await expect(page).toHaveURL(new RegExp(`${entry.path}$`));
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      }

      // The sign-in link in the page leads to the form.
      await page.goto("/");
      await page.getByRole("main").getByRole("link", { name: plainTranslator("ja", "landing")("signIn.link"), exact: true }).click();
      await expect(page).toHaveURL(/\/sign-in$/);
      await expect(page.getByRole("heading", { level: 1, name: plainTranslator("ja", "auth")("signIn.title") })).toBeVisible();
    });
  });
}

test("[participant] signed in, the front door is the home page", async ({ page, context }) => {
  await signInAs(context, await createUser({ role: "participant" }));
  await page.goto("/");
  await expect(page).toHaveURL(/\/home$/);
});
