// The browser's translator against i18next itself (ADR 162): a page hydrates to the words the server drew with i18next,
// so for every key of every namespace in every language — and every way the pages ask — both must answer the same.
import { describe, expect, it, vi } from "vitest";
import type { TFunction } from "i18next";
import { BrowserTranslator } from "./browser-translator";
import { createI18nWith } from "./i18n-core";
import { supportedLanguages } from "./languages";
import { namespaces, resources } from "./resources";

type Tree = { [key: string]: string | Tree };
const leaves = (tree: Tree, prefix = ""): [string, string][] =>
  Object.entries(tree).flatMap(([key, value]) => (typeof value === "string" ? [[`${prefix}${key}`, value] as [string, string]] : leaves(value, `${prefix}${key}.`)));

const everyText = Object.fromEntries(supportedLanguages.map((language) => [language, Object.fromEntries(namespaces.map((namespace) => [namespace, resources[language][namespace]]))]));
/** A fresh copy per translator: neither may see what the other added. */
const copyOfTexts = () => structuredClone(everyText) as Record<string, Record<string, Record<string, unknown>>>;

const PLURAL = /_(zero|one|two|few|many|other)$/;

/**
 * The ways a page asks for a key: bare; with its values, one of them null; counted (for a plural's key); in each of the
 * namespace's contexts (for a context's key); with defaults (for the first key of a namespace). i18next answers in
 * about 100 µs on a busy core, so each key is asked only the ways its text can differ.
 */
function askings(key: string, text: string, contexts: readonly string[], first: boolean): [string, Record<string, unknown> | string | undefined][] {
  const names = [...text.matchAll(/\{\{-?(.+?)\}\}/g)].map((match) => match[1]!.trim());
  const values = Object.fromEntries(names.map((name, index) => [name, index % 3 === 2 ? 42 : `⟨${name} $& $1⟩`]));
  const base = key.replace(PLURAL, "");
  const stem = base.replace(/_[^_.]+$/, "");
  const asked: [string, Record<string, unknown> | string | undefined][] = [[key, undefined]];
  if (names.length > 0) asked.push([key, values], [key, { ...values, [names[0]!]: null }]);
  if (base !== key) for (const count of [0, 1, 2, 21]) asked.push([base, { ...values, count }]);
  if (stem !== base) {
    for (const context of contexts) asked.push([stem, { ...values, context }], [stem, { ...values, context, count: 1 }], [stem, { ...values, context, count: 0 }]);
    asked.push([stem, { ...values, context: "" }], [stem, { ...values, context: undefined }]);
  }
  if (first) {
    asked.push(
      [key, "a default"],
      [`${key}.missing`, "a default"],
      [`${key}.missing`, { defaultValue: "default {{x}}", x: "value" }],
      [`${key}.missing`, { count: 1, defaultValue_one: "one", defaultValue_other: "other", defaultValue: "plain" }],
      [`${key}.missing`, { count: 0, defaultValue_zero: "none", defaultValue: "plain" }],
      [`${key}.missing`, { count: 2, defaultValue: "plain {{count}}" }],
    );
  }
  return asked;
}

describe("the browser's translator, beside i18next with the same options", () => {
  it("answers every key of every namespace in every language as i18next does, however it is asked", () => {
    let compared = 0;
    for (const language of supportedLanguages) {
      const i18next = createI18nWith(language, copyOfTexts());
      const ours = new BrowserTranslator(language, copyOfTexts());
      expect(ours.language).toBe(i18next.language);
      expect(ours.languages).toEqual(i18next.languages);
      for (const namespace of namespaces) {
        const theirs = i18next.getFixedT(null, namespace);
        const mine = ours.getFixedT(null, namespace);
        const pairs = leaves(resources[language][namespace] as Tree);
        // The contexts this namespace's keys end in (`key_person`, `key_person_one`).
        const contexts = [...new Set(pairs.map(([key]) => /_([^_.]+)(?:_(?:zero|one|other))?$/.exec(key)?.[1]).filter((context): context is string => context !== undefined && !PLURAL.test(`_${context}`)))];
        for (const [index, [key, text]] of [...pairs, ["no.such.key", ""] as [string, string]].entries()) {
          for (const [asked, options] of askings(key, text, contexts.slice(0, 6), index === 0)) {
            const call = (t: TFunction) => (options === undefined ? t(asked) : (t as (key: string, options: unknown) => string)(asked, options));
            const [answer, expected] = [call(mine), call(theirs)];
            // The message is built only for a difference: the loop asks about 25,000 times.
            if (answer !== expected) expect(answer, `${language} ${namespace}:${asked} ${JSON.stringify(options)}`).toBe(expected);
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(20_000);
  }, 60_000);

  it("takes a namespace from the key, a language and key prefix from getFixedT, and falls back as i18next does", () => {
    for (const language of supportedLanguages) {
      const i18next = createI18nWith(language, copyOfTexts());
      const ours = new BrowserTranslator(language, copyOfTexts());
      const fixed = [
        [null, "journey", undefined],
        [null, "auth", "signIn"],
        ["ja", "auth", "signIn"],
        ["en", "common", undefined],
        ["ja-easy", "forms", undefined],
        [["en", "ja"], "common", undefined],
      ] as const;
      for (const [lng, ns, prefix] of fixed) {
        const theirs = i18next.getFixedT(lng as string | null, ns, prefix);
        const mine = ours.getFixedT(lng as string | null, ns, prefix);
        for (const namespace of namespaces) {
          for (const [key] of leaves(resources.ja[namespace] as Tree).slice(0, 3)) {
            for (const asked of [`${namespace}:${key}`, key, `${namespace}:${key}:extra`, `a sentence, not ${namespace}:${key}`]) {
              const said = `${language} fixed ${String(lng)}/${ns}/${prefix}: ${asked}`;
              expect([mine(asked), mine(asked, { keyPrefix: "" }), mine(asked, { ns: "common", lng: "en" })], said).toEqual([theirs(asked), theirs(asked, { keyPrefix: "" }), theirs(asked, { ns: "common", lng: "en" })]);
            }
            expect(ours.exists(`${namespace}:${key}`), key).toBe(i18next.exists(`${namespace}:${key}`));
            expect(ours.exists(`${namespace}:${key}.nothing`), key).toBe(i18next.exists(`${namespace}:${key}.nothing`));
          }
        }
      }
    }
  });

  it("answers an object's key as i18next does, and a key holding dots that is stored flat", () => {
    const texts = { ja: { common: { "flat.key": "平らなキー", nested: { one: "入れ子" }, empty: "", nothing: null } } };
    const i18next = createI18nWith("ja", structuredClone(texts) as never);
    const ours = new BrowserTranslator("ja", structuredClone(texts) as never);
    for (const key of ["flat.key", "nested", "nested.one", "empty", "nothing", "flat", "nested.one.deeper"]) {
      expect(ours.getFixedT(null, "common")(key), key).toBe(i18next.getFixedT(null, "common")(key));
    }
  });

  it("reports a key missing from a namespace it does not hold, and redraws its readers when texts arrive", () => {
    const missing = vi.fn();
    const ours = new BrowserTranslator("en", { en: { common: { hello: "Hello" } } }, { saveMissing: true, missingKeyHandler: missing });
    expect(ours.getFixedT(null, "journey")("title")).toBe("title");
    expect(missing).toHaveBeenCalledWith(["en"], "journey", "title");
    const added = vi.fn();
    ours.store.on("added", added);
    expect(ours.hasResourceBundle("en", "journey")).toBe(false);
    ours.addResourceBundle("en", "journey", { title: "Your consent" });
    expect(added).toHaveBeenCalledWith("en", "journey");
    expect(ours.hasResourceBundle("en", "journey")).toBe(true);
    expect(ours.getFixedT(null, "journey")("title")).toBe("Your consent");
  });

  it("holds no text that needs what it leaves out: nesting or formats", () => {
    for (const language of supportedLanguages) {
      for (const namespace of namespaces) {
        for (const [key, text] of leaves(resources[language][namespace] as Tree)) {
          expect(text, `${language} ${namespace}:${key}`).not.toMatch(/\$t\(/);
          expect(text, `${language} ${namespace}:${key}`).not.toMatch(/\{\{[^}]*,[^}]*\}\}/);
        }
      }
    }
  });
});
