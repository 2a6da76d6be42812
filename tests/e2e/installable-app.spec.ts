// The installable app (issue 32 item 4; ADR 109), in each language: the page links its language's manifest and the
// manifest is valid; the service worker installs, activates and controls the page; and with the network cut, a
// navigation shows the offline page in that language (axe: no violations) — never the participant's page seen a moment
// before, which the worker never kept.
import type { Page } from "@playwright/test";
import { languageCookie } from "../../app/i18n/language.server";
import { consentedParticipant } from "./dashboard-fixtures";
import { signInAs } from "./support/accounts";
import { e2eBaseUrl } from "./support/e2e-env";
import { plainTranslator, translator } from "./support/words";
import { expect, expectNoAxeViolations, test } from "./fixtures";

const languages = ["ja", "ja-easy", "en"] as const;

/** The page's service worker once it is active and controls the page (its activation claims open pages). */
async function controllingWorker(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active!;
    // ready settles once a worker is activating; its activation (old caches gone, pages claimed) may still be running.
    if (worker.state !== "activated") await new Promise((resolve) => worker.addEventListener("statechange", () => worker.state === "activated" && resolve(null)));
    if (!navigator.serviceWorker.controller) await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
    return `${worker.state} ${navigator.serviceWorker.controller?.scriptURL}`;
  });
}

for (const language of languages) {
  test(`[participant] (${language}) the app installs; offline, a navigation shows the offline page and never the participant's page`, async ({ browser }) => {
    const t = translator(language, "common");
    const plain = plainTranslator(language, "common");
    const context = await browser.newContext({ baseURL: e2eBaseUrl, serviceWorkers: "allow" });
    try {
      const [pair] = (await languageCookie.serialize(language)).split(";");
      const separator = pair!.indexOf("=");
      await context.addCookies([{ name: pair!.slice(0, separator), value: pair!.slice(separator + 1), url: e2eBaseUrl, httpOnly: true, sameSite: "Lax" }]);
      const participant = await consentedParticipant({ language, fullName: "蔦谷 紬希" });
      await signInAs(context, participant.user!);
      const page = await context.newPage();

      // A participant's page, sent without the app's scripts (ADR 085): it still links the manifest and registers.
      await page.goto("/consent");
      await expect(page.getByText("紬希").first()).toBeVisible();
      const personalHeading = await page.getByRole("heading", { level: 1 }).innerText();
      const manifestHref = await page.locator('link[rel="manifest"]').getAttribute("href");
      expect(manifestHref).toBe(`/manifest/${language}`);
      const manifestResponse = await page.request.get(manifestHref!);
      expect(manifestResponse.headers()["content-type"]).toMatch(/^application\/manifest\+json/);
      const manifest = (await manifestResponse.json()) as Record<string, unknown> & { icons: { src: string; sizes: string; type: string; purpose: string }[] };
      expect(manifest).toMatchObject({
        id: "/home",
        name: plain("installableApp.name"),
        short_name: plain("installableApp.shortName"),
        lang: language === "en" ? "en" : "ja",
        start_url: "/home",
        scope: "/",
        display: "standalone",
      });
      expect(manifest.icons.filter((icon) => icon.type === "image/png").map((icon) => `${icon.sizes} ${icon.purpose}`).sort()).toEqual(["192x192 any", "512x512 any", "512x512 maskable"]);

      expect(await controllingWorker(page)).toBe(`activated ${e2eBaseUrl}/sw.js?lang=${language}`);
      // What the worker keeps: the shell and nothing else — no page of the participant's.
      const kept = await page.evaluate(async () => {
        const urls: string[] = [];
        for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
        return urls.sort();
      });
      expect(kept).toContain(`/offline/${language}`);
      expect(kept.filter((path) => !/^\/(offline|manifest)\/[a-z-]+$|^\/[a-z-]+(-\d+)?\.(png|svg|css)$/.test(path))).toEqual([]);

      await context.setOffline(true);
      // The worker's own fetches are cut too (were they not, the participant's pages would come from the network):
      // the page shown a moment ago is neither fetched nor served from anywhere.
      for (const path of ["/consent", "/home"]) {
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("installableApp.offline.title", {}, { exact: true }));
        await expect(page.locator("html")).toHaveAttribute("data-language", language);
        await expect(page.getByText(t("installableApp.offline.nothingStored"))).toBeVisible();
        await expect(page.getByRole("link", { name: t("installableApp.offline.tryAgain") })).toBeVisible();
        expect(await page.content()).not.toContain("紬希");
        await expect(page.getByRole("heading", { name: personalHeading })).toHaveCount(0);
      }
      await expectNoAxeViolations(page);

      // Back online, the same address is the participant's page again, from the network.
      await context.setOffline(false);
      await page.getByRole("link", { name: t("installableApp.offline.tryAgain") }).click();
      await expect(page.getByRole("heading", { level: 1 })).not.toHaveText(t("installableApp.offline.title", {}, { exact: true }));
      await expect(page.locator("main")).toContainText("紬希");
      expect(new URL(page.url()).pathname).toBe("/home");
    } finally {
      await context.close();
    }
  });
}
