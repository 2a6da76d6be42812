// The browser's hook and provider (ADR 162) against react-i18next's, each with its own translator: the server renders
// with react-i18next and i18next, the browser hydrates with ours, and the two must draw the same markup.
import { renderToString } from "react-dom/server";
import * as real from "react-i18next";
import { describe, expect, it } from "vitest";
import * as ours from "./browser-react-i18next";
import { BrowserTranslator } from "./browser-translator";
import { createI18nWith } from "./i18n-core";
import { supportedLanguages } from "./languages";
import { namespaces, resources } from "./resources";

type Hooks = { useTranslation: (namespaces?: string | readonly string[]) => { t: (key: string, options?: object) => string; i18n: { language: string } } & unknown[] };

/** A page's worth of the ways components ask: one namespace, several, none, the array form, another namespace by key. */
function page(hooks: Hooks) {
  function One() {
    const { t } = hooks.useTranslation("journey");
    return <p>{t("start.title")} · {t("common:skipToContent")}</p>;
  }
  function Several() {
    const { t, i18n } = hooks.useTranslation(["dashboard", "documents"]);
    return <p lang={i18n.language}>{t("title")} · {t("documents:paperNote")}</p>;
  }
  function Default() {
    const [t] = hooks.useTranslation() as unknown as [(key: string) => string];
    return <p>{t("skipToContent")}</p>;
  }
  function Counted() {
    const { t } = hooks.useTranslation("access");
    return <p>{t("fields.diseases.found", { query: "がん", count: 0 })} · {t("fields.diseases.found", { query: "がん", count: 3 })}</p>;
  }
  return (
    <main>
      <One />
      <Several />
      <Default />
      <Counted />
    </main>
  );
}

describe("the browser's useTranslation, beside react-i18next's", () => {
  it("draws the same markup in every language, from the same texts", () => {
    for (const language of supportedLanguages) {
      const texts = () => structuredClone(Object.fromEntries(supportedLanguages.map((each) => [each, Object.fromEntries(namespaces.map((namespace) => [namespace, resources[each][namespace]]))])));
      const server = renderToString(
        <real.I18nextProvider i18n={createI18nWith(language, texts())}>{page(real as unknown as Hooks)}</real.I18nextProvider>,
      );
      const browser = renderToString(
        <ours.I18nextProvider i18n={new BrowserTranslator(language, texts() as never).asI18n()}>{page(ours as unknown as Hooks)}</ours.I18nextProvider>,
      );
      expect(browser, language).toBe(server);
      expect(server).not.toMatch(/start\.title|skipToContent|fields\.diseases/);
    }
  });
});
