import { useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { htmlLangOf, supportedLanguages, type SupportedLanguage } from "../i18n/languages";

/**
 * A plain form, so it works without JavaScript and reloads the whole document in the new language.
 * Each option is written in its own language, as people look for their own.
 */
export function LanguageSwitcher({ current }: { current: SupportedLanguage }) {
  const { t } = useTranslation("common");
  const location = useLocation();
  return (
    <form noValidate method="post" action="/language" className="language-switcher" aria-label={t("language.label")}>
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <span className="language-switcher__label" id="language-switcher-label">
        {t("language.label")}
      </span>
      <div role="group" aria-labelledby="language-switcher-label" className="language-switcher__options">
        {supportedLanguages.map((language) => (
          <button
            key={language}
            type="submit"
            name="language"
            value={language}
            lang={htmlLangOf(language)}
            aria-pressed={language === current}
            className="button button--chip"
          >
            {t(`language.names.${language}`)}
          </button>
        ))}
      </div>
    </form>
  );
}
