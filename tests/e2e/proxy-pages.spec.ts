// A proxy's (代諾者) pages speak about the person they act for, in the third person (issue 55 defect 5, ADR 119): home,
// who used the data, family sharing and withdrawal (both its steps), in ja, やさしい日本語 and en, with JavaScript off,
// scanned by axe as served. Each page is checked against every sentence the rule produces: no sentence about the
// reader ("your samples", 「あなたの試料」) of a key that has a variant about a person is on it, and no second-person
// possessive is left but the few sentences that are about the reader themself.
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { supportedLanguages, type SupportedLanguage } from "../../app/i18n/languages";
import { signInAs } from "./support/accounts";
import { axeAsServed } from "./support/axe-as-served";
import { useLanguage } from "./support/language";
import { consentedParticipant } from "./dashboard-fixtures";
import { expect, test } from "./fixtures";
import { budget } from "./support/budget";

test.use({ javaScriptEnabled: false });

/** The namespaces the participant's pages read. */
const namespaces = ["account", "dashboard", "data-use", "family", "documents", "common"] as const;

type Flat = Map<string, string>;
function flatten(value: unknown, prefix: string, into: Flat): Flat {
  if (typeof value === "string") into.set(prefix, value);
  else for (const [key, child] of Object.entries(value as Record<string, unknown>)) flatten(child, prefix ? `${prefix}.${key}` : key, into);
  return into;
}

function strings(language: SupportedLanguage, namespace: string): Flat {
  return flatten(JSON.parse(readFileSync(new URL(`../../locales/${language}/${namespace}.json`, import.meta.url), "utf8")), "", new Map());
}

/** Without spaces: やさしい日本語 puts spaces between phrases, and a page's ruby and line breaks move them. */
const squeeze = (text: string) => text.replace(/\s+/g, "");

/**
 * Every sentence about the reader that the rule replaces for a proxy: the `<key>` of each `<key>_person`, where the two
 * differ. Placeholders other than the name are cut out, so a sentence is matched by its longest fixed part.
 */
function readerSentencesReplaced(language: SupportedLanguage, name: string): { key: string; words: string; person: string }[] {
  const found: { key: string; words: string; person: string }[] = [];
  for (const namespace of namespaces) {
    const bundle = strings(language, namespace);
    for (const [key, person] of bundle) {
      const match = /^(.*)_person(_(?:one|other))?$/.exec(key);
      if (!match) continue;
      const reader = bundle.get(`${match[1]}${match[2] ?? ""}`);
      if (reader === undefined || squeeze(reader) === squeeze(person.replace(/\{\{name\}\}/g, ""))) continue;
      const longest = reader.split(/\{\{\w+\}\}/).sort((a, b) => b.length - a.length)[0]!;
      // Japanese often names the person in front of the same words (「同意のページを開く」→「山田 さくらさんの同意のページを開く」):
      // the person's sentence is taken out of the page before the reader's is looked for.
      const personWords = person.replace(/\{\{name\}\}/g, name).split(/\{\{\w+\}\}/).sort((a, b) => b.length - a.length)[0]!;
      if (squeeze(longest).length >= 6) found.push({ key: `${namespace}:${key.replace("_person", "")}`, words: squeeze(longest), person: squeeze(personWords) });
    }
  }
  return found;
}

/** Sentences about the reader themself, which stay in the second person on a proxy's pages too (ADR 119). */
function aboutTheReader(language: SupportedLanguage): string[] {
  return [strings(language, "account").get("home.role")!].map(squeeze);
}

const secondPersonPossessive = { en: /\b(your|yours|yourself)\b/i, ja: /あなたの|あなた自身/, "ja-easy": /あなたの|あなた自身/ } as const;

/** The page's main text as read, without the furigana readings (<rt>). */
async function mainText(page: Page): Promise<string> {
  return page.locator("main").evaluate((main) => {
    const copy = main.cloneNode(true) as HTMLElement;
    copy.querySelectorAll("rt, rp").forEach((node) => node.remove());
    return copy.textContent ?? "";
  });
}

for (const language of supportedLanguages) {
  test(`[proxy] reads home, data use, family sharing and withdrawal about the child, in the third person (${language})`, async ({ page, context, browser }) => {
    test.setTimeout(budget(180_000));
    const child = await consentedParticipant({ byProxy: true, fullName: "山田 さくら", language });
    await signInAs(context, child.proxy!);
    await useLanguage(context, language);
    const replaced = readerSentencesReplaced(language, "山田 さくら");
    expect(replaced.length).toBeGreaterThan(50);
    const readerOwn = aboutTheReader(language);

    const check = async (label: string, { possessives = true } = {}) => {
      const text = squeeze(await mainText(page));
      expect(text, `${label}: names the child`).toContain(squeeze("山田 さくら"));
      const leftInSecondPerson = replaced.filter(({ words, person }) => text.split(person).join("").includes(words)).map(({ key }) => key);
      expect(leftInSecondPerson, `${label}: sentences about the reader where the rule names the child`).toEqual([]);
      let rest = text;
      for (const sentence of readerOwn) rest = rest.split(sentence).join("");
      if (possessives) expect(rest.match(secondPersonPossessive[language]), `${label}: a second-person possessive left in "${rest}"`).toBeNull();
      await axeAsServed(browser, context, page.url(), { openMenu: false });
    };

    const query = `?participant=${child.id}`;
    await page.goto("/home");
    await check("/home");
    // /consent also shows the signed form's own explanations of each choice (the form version's content, not the
    // locale's), which are the participant information sheet as signed: only the locale's sentences are held here.
    await page.goto(`/consent${query}`);
    await check("/consent", { possessives: false });
    await page.goto(`/consent/data-use${query}`);
    await check("/consent/data-use");
    await page.goto(`/consent/family${query}`);
    await check("/consent/family");
    await page.goto(`/consent/withdraw${query}`);
    await check("/consent/withdraw");
    // The second step, as a form without JavaScript posts it.
    await page.locator('input[name="level"][value="no_contact"]').check();
    await page.locator('form:has(input[name="intent"][value="review"]) button[type="submit"]').click();
    await expect(page.locator('input[name="intent"][value="confirm"]')).toHaveCount(1);
    await check("/consent/withdraw (confirm)");
    // The 2024 law's notice and its stop (ADR 140), about the child by name.
    await page.goto(`/provision${query}`);
    await check("/provision");
    await page.goto(`/provision/stop${query}`);
    await check("/provision/stop");
  });
}
