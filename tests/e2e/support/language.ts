import type { BrowserContext } from "@playwright/test";
import { e2eBaseUrl } from "./e2e-env";
import { languageCookie } from "../../../app/i18n/language.server";
import type { SupportedLanguage } from "../../../app/i18n/languages";

/** Chooses the page language as the switcher does (its cookie), without a round trip through /language. */
export async function useLanguage(context: BrowserContext, language: SupportedLanguage): Promise<void> {
  const [pair] = (await languageCookie.serialize(language)).split(";");
  const separator = pair!.indexOf("=");
  await context.addCookies([{ name: pair!.slice(0, separator), value: pair!.slice(separator + 1), url: e2eBaseUrl, httpOnly: true, sameSite: "Lax" }]);
}
