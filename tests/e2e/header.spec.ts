// Issue 11, defect 3: on a phone the header took about 450 of 844 px on every page (the whole first screen at 200 %
// text). The menu now folds behind a <details> button that works without JavaScript; the language switch stays one
// tap away.
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { createUser, signInAs } from "./support/accounts";
import { axeAsServed, doubleTheText } from "./support/axe-as-served";
import { useLanguage } from "./support/language";
import { onPage } from "./support/words";
import { expect, test } from "./fixtures";
import { supportedLanguages, type SupportedLanguage } from "../../app/i18n/languages";
import { phone } from "./support/viewports";

type Common = { nav: { label: string; menu: string; sessions: string; signOut: string }; language: { names: Record<SupportedLanguage, string> } };
const common = Object.fromEntries(supportedLanguages.map((language) => [language, JSON.parse(readFileSync(`locales/${language}/common.json`, "utf8")) as Common])) as Record<
  SupportedLanguage,
  Common
>;


async function headerHeight(page: Page): Promise<number> {
  const box = await page.locator(".site-header").boundingBox();
  return box!.height;
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`on a phone, JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ viewport: phone, javaScriptEnabled });

    for (const language of supportedLanguages) {
      test(`[participant] the header is one short bar in ${language}; the menu opens and its links work`, async ({ page, context, browser, axe }) => {
        const words = common[language];
        const seen = (text: string, options?: { exact?: boolean }) => onPage(language, text, options);
        await signInAs(context, await createUser({ role: "participant" }));
        await useLanguage(context, language);
        await page.goto("/account");

        const height = await headerHeight(page);
        expect(height).toBeLessThan(120);
        const menu = page.getByRole("navigation", { name: seen(words.nav.label) });
        const menuButton = menu.getByText(seen(words.nav.menu, { exact: true }), { exact: true });
        await expect(menuButton).toBeVisible();
        await expect(menu.getByRole("link", { name: seen(words.nav.sessions) })).toBeHidden();
        // The language switch is outside the menu: one tap away.
        for (const other of supportedLanguages) await expect(page.getByRole("button", { name: seen(words.language.names[other], { exact: true }), exact: true })).toBeVisible();
        if (javaScriptEnabled) await axe.expectNoAxeViolations();
        else await axeAsServed(browser, context, "/account", { openMenu: false });

        await menuButton.click();
        await expect(menu.getByRole("link", { name: seen(words.nav.sessions) })).toBeVisible();
        await expect(menu.getByRole("button", { name: seen(words.nav.signOut) })).toBeVisible();
        if (javaScriptEnabled) await axe.expectNoAxeViolations();
        else await axeAsServed(browser, context, "/account", { openMenu: true });

        await menu.getByRole("link", { name: seen(words.nav.sessions) }).click();
        await expect(page).toHaveURL(/\/account\/sessions$/);
        // The new page starts with the menu closed again.
        await expect(page.getByRole("navigation", { name: seen(words.nav.label) }).getByRole("link", { name: seen(words.nav.sessions) })).toBeHidden();
      });
    }

    test("[participant] at 200 % text the first screen still shows the page's own content", async ({ page, context, browser, axe }) => {
      await signInAs(context, await createUser({ role: "participant" }));
      await doubleTheText(page);
      await page.goto("/account");
      const heading = await page.getByRole("heading", { level: 1 }).boundingBox();
      expect(heading!.y + heading!.height).toBeLessThan(phone.height);
      const height = await headerHeight(page);
      expect(height).toBeLessThan(phone.height / 2);
      if (javaScriptEnabled) await axe.expectNoAxeViolations();
      else await axeAsServed(browser, context, "/account", { openMenu: true, text200: true });
    });

    test("[visitor] signed out, the header is as short and the language switch works", async ({ page, context, browser, axe }) => {
      await page.goto("/sign-in");
      expect(await headerHeight(page)).toBeLessThan(120);
      if (javaScriptEnabled) await axe.expectNoAxeViolations();
      else await axeAsServed(browser, context, "/sign-in", { openMenu: false });
      await page.getByRole("button", { name: "English", exact: true }).click();
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      await expect(page).toHaveURL(/\/sign-in$/);
    });
  });
}

test.describe("on a phone with JavaScript", () => {
  test.use({ viewport: phone });

  test("[participant] the menu button is reached by keyboard, opens with Enter and closes with Escape", async ({ page, context }) => {
    await signInAs(context, await createUser({ role: "participant" }));
    await page.goto("/home");
    const button = page.locator(".site-menu > summary");
    await button.focus();
    await expect(button).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.locator(".site-menu")).toHaveAttribute("open", "");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Escape");
    await expect(page.locator(".site-menu")).not.toHaveAttribute("open", "");
    await expect(button).toBeFocused();
  });
});

test("[participant] on a wide screen the links stand in the header without a menu button", async ({ page, context, axe }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInAs(context, await createUser({ role: "participant" }));
  await page.goto("/home");
  const menu = page.getByRole("navigation", { name: common.ja.nav.label });
  await expect(menu.getByText(common.ja.nav.menu, { exact: true })).toBeHidden();
  await expect(menu.getByRole("link", { name: common.ja.nav.sessions })).toBeVisible();
  await expect(menu.getByRole("button", { name: common.ja.nav.signOut })).toBeVisible();
  await axe.expectNoAxeViolations();
});
