// Issue 14 item 3: furigana for やさしい日本語. Readings are made on the server by the analyser, drawn as <ruby> by the
// React tree itself, and handed to the browser in the page so that hydration draws the same; a page the browser
// renders itself (after a form) asks /readings. Every page in やさしい日本語 carries them, its controls included;
// screen readers get the words once (ADR 037). Checked with JavaScript on (hydrated, no console error) and off.
import type { Page } from "@playwright/test";
import { getDatabase } from "../../app/db.server";
import { consentedParticipant } from "./dashboard-fixtures";
import { signableVersion } from "./journey-support";
import { signInAs } from "./support/accounts";
import { useLanguage } from "./support/language";
import { expect, test } from "./fixtures";
import { textWithoutReadings } from "./support/readings";
import { plainTranslator, withReadings } from "./support/words";

// axe on a long form with hundreds of <ruby> takes a while on a shared machine.
test.describe.configure({ timeout: 300_000 });

const hiraganaOnly = /^[\u3041-\u309F\u30FC]+$/;

/**
 * The element's accessible name as Chromium gives it to screen readers. Chromium leaves <rt> out and joins the
 * pieces of a line as they are; Playwright's own name computation (toHaveAccessibleName, getByRole's name) puts a
 * space around every <ruby>, because it pads every element whose display is not "inline".
 */
async function chromiumAccessibleName(page: Page, selector: string): Promise<string> {
  await page.waitForLoadState("load");
  const session = await page.context().newCDPSession(page);
  try {
    // A node id lasts only as long as its document: if the page changed between the look-up and the question (a
    // redirect still arriving on a slow machine), ask again of the document as it is now.
    for (let attempt = 0; ; attempt++) {
      try {
        const { root } = await session.send("DOM.getDocument", { depth: 0 });
        const { nodeId } = await session.send("DOM.querySelector", { nodeId: root.nodeId, selector });
        const { nodes } = await session.send("Accessibility.getPartialAXTree", { nodeId, fetchRelatives: false });
        return String(nodes[0]?.name?.value ?? "");
      } catch (error) {
        if (attempt >= 2 || !/Could not find node/.test(String(error))) throw error;
        await page.waitForLoadState("load");
      }
    }
  } finally {
    await session.detach();
  }
}

/**
 * How far the letters of a word under a wider reading are pushed apart, in CSS pixels, at most, across the main
 * content; and over how many such words. Chromium gives each letter of a ruby's word the room the reading adds: a
 * kanji's box is the font size wide plus its share. Spread (「有 効」) the shares stand between the letters; centred,
 * the first letter's share is before it and the last one's after it, the same on both sides, and the letters
 * between have none. So the measure is the larger of the difference between the first and last letters' shares and
 * any inner letter's share: 0 when the word keeps its own spacing.
 */
async function spreadInsideWords(page: Page): Promise<{ measured: number; widest: number }> {
  return page.locator("main").evaluate((main) => {
    let measured = 0;
    let widest = 0;
    for (const ruby of main.querySelectorAll("ruby")) {
      const base = ruby.firstChild;
      const reading = ruby.querySelector("rt");
      if (!(base instanceof Text) || !reading || base.length < 2 || !/^[\u4E00-\u9FFF]+$/.test(base.data)) continue;
      const size = parseFloat(getComputedStyle(ruby).fontSize);
      if (reading.getBoundingClientRect().width <= size * base.length + 1) continue;
      measured++;
      const range = document.createRange();
      const shares = Array.from({ length: base.length }, (_, index) => {
        range.setStart(base, index);
        range.setEnd(base, index + 1);
        return range.getBoundingClientRect().width - size;
      });
      widest = Math.max(widest, Math.abs(shares[0]! - shares[shares.length - 1]!), ...shares.slice(1, -1));
    }
    return { measured, widest };
  });
}

/** Waits until React has hydrated the page (it marks the nodes it owns). */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => Object.keys(document.querySelector("main") ?? {}).some((key) => key.startsWith("__reactFiber")));
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("[reader] the やさしい日本語 consent form carries ruby readings over its kanji (and none in the other languages)", async ({ page, context, axe }) => {
      const { version } = await signableVersion();
      await useLanguage(context, "ja-easy");
      await page.goto(`/consent/form/${version}`);
      const form = page.locator("article.consent-form");
      const before = await form.innerHTML();
      if (javaScriptEnabled) {
        await hydrated(page);
        // Hydration kept what the server drew: the same ruby, node for node.
        expect(await form.innerHTML()).toBe(before);
      }

      const readings = form.locator("rt");
      expect(await readings.count()).toBeGreaterThan(50);
      for (const reading of await readings.allTextContents()) expect(reading).toMatch(hiraganaOnly);
      // The title's words carry their readings; the summary names the programme (全ゲノム解析等実行計画), a compound
      // the dictionary reads as four words, drawn as one ruby so that no gap opens inside the name (issue 29).
      await expect(form.locator("ruby", { hasText: "解析" }).first().locator("rt")).toHaveText("かいせき");
      await expect(form.locator("ruby", { hasText: "解析等実行計画" }).first().locator("rt")).toHaveText("かいせきとうじっこうけいかく");
      await expect(form.locator("ruby", { hasText: /^計画けいかく$/ }).first()).toBeVisible();

      // Readings are for the eye: screen readers (and accessible names) get the words once, as in 日本語.
      const title = form.getByRole("heading", { level: 2 });
      const seen = await textWithoutReadings(title);
      expect(seen).toContain("解析");
      expect(await chromiumAccessibleName(page, "article.consent-form h2")).toBe(seen);
      // axe runs inside the page: with JavaScript off it cannot (as in no-javascript.spec.ts); the markup is the same.
      if (javaScriptEnabled) await axe.expectNoAxeViolations();

      // Nothing in text-only places: the document title and the share link's address stay plain.
      expect(await page.title()).not.toMatch(/かいせき|けいかく/);
      await expect(page.locator("title ruby, option ruby, textarea ruby")).toHaveCount(0);

      for (const language of ["ja", "en"] as const) {
        await useLanguage(context, language);
        await page.goto(`/consent/form/${version}`);
        await expect(page.locator("article.consent-form h2")).toBeVisible();
        await expect(page.locator("ruby")).toHaveCount(0);
        await expect(page.locator("script#furigana-readings")).toHaveCount(0);
      }

      // A link shared in やさしい日本語 (?lang=ja-easy) opened on a 日本語 page: the form has readings, the page around it none.
      await page.goto(`/consent/form/${version}?lang=ja-easy`);
      if (javaScriptEnabled) await hydrated(page);
      expect(await page.locator("article.consent-form rt").count()).toBeGreaterThan(50);
      await expect(page.getByRole("heading", { level: 1 }).locator("ruby")).toHaveCount(0);
      await expect(page.locator("header ruby")).toHaveCount(0);
    });

    test("[participant] the やさしい日本語 dashboard has readings over its headings and controls, and so has a page drawn after answering a form", async ({ page, context, axe }) => {
      const t = plainTranslator("ja-easy", "dashboard");
      const participant = await consentedParticipant({ language: "ja-easy" });
      await signInAs(context, participant.user!);
      await useLanguage(context, "ja-easy");

      // The dashboard is sent without the app's scripts (ADR 085): its readings are all in the HTML.
      await page.goto("/consent");
      const heading = page.getByRole("heading", { level: 1 });
      // A screen reader hears the heading's words once, exactly as written: no reading, no space where a <ruby> is.
      expect(await chromiumAccessibleName(page, "main h1")).toBe(t("title"));
      await expect(heading.locator("ruby")).toHaveText(["同意どうい"]);
      await expect(heading.locator("rt")).toHaveText(["どうい"]);
      // A word's kanji stand side by side as in 日本語 under a reading wider than they are (同意は 有効です: ゆうこう over
      // 有効), not spread out to the reading's width as 「有 効」 (issue 29).
      const spread = await spreadInsideWords(page);
      expect(spread.measured).toBeGreaterThan(0);
      expect(spread.widest).toBeLessThan(0.5);
      expect(await page.locator("main rt").count()).toBeGreaterThan(10);
      // The site's header and menu are read in the same language, so they carry readings too.
      expect(await page.locator("header rt").count()).toBeGreaterThan(0);
      if (javaScriptEnabled) await axe.expectNoAxeViolations();

      // A name is read as its bearer registered it (ADR 123): the dictionary reads 三子 as みつご ("triplets").
      await getDatabase().participantIdentity.update({ where: { participantId: participant.id }, data: { fullName: "山田 三子", fullNameKana: "やまだ みつこ" } });
      await getDatabase().user.update({ where: { id: participant.user!.id }, data: { displayName: "山田 三子" } });
      await page.goto("/home");
      await expect(page.getByRole("heading", { level: 1 }).locator("rt")).toHaveText(["やまだ", "みつこ"]);

      // With JavaScript the next page is drawn in the browser (a Remix form); its new texts get readings from /readings.
      await page.goto("/consent/change/findings.secondary.hereditary_cancer");
      if (javaScriptEnabled) await hydrated(page);
      await page.locator('input[type="radio"]:not(:checked)').first().check();
      await page.getByRole("button", { name: withReadings("次へ") }).click();
      const confirm = page.getByRole("heading", { level: 1, name: withReadings("変える ことを 確かめて ください") });
      await expect(confirm).toBeVisible();
      await expect(confirm.locator("rt")).toHaveText(["か", "たし"]);
      expect(await chromiumAccessibleName(page, "main h1")).toBe("変える ことを 確かめて ください");
      const decide = page.getByRole("button", { name: withReadings("決める") });
      await expect(decide.locator("rt")).toHaveText(["き"]);
      if (javaScriptEnabled) await axe.expectNoAxeViolations();
    });
  });
}
