import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { needTexts } from "./client-texts";
import type { SupportedLanguage } from "./languages";
import type { Namespace } from "./namespaces";

/**
 * A translator for a part of a page drawn in another language than the page's (a handover slip in the participant's
 * language on a staff page): in the browser, where a page carries only its own language's texts (ADR 153, 156), the
 * part waits — React keeps the page it came from on screen — until that language's namespace has arrived. The server
 * has every text. Mark the part's element with `data-texts-language` too, so a page loaded whole has them before it
 * hydrates.
 */
export function useTextsIn(language: SupportedLanguage, namespace: Namespace): TFunction {
  const { i18n } = useTranslation();
  if (typeof document !== "undefined" && !i18n.hasResourceBundle(language, namespace)) throw needTexts([namespace], [language]);
  return i18n.getFixedT(language, namespace);
}
