import type { SupportedLanguage } from "../../../app/i18n/languages";

/**
 * The language a flow is walked in (ADR 174). A browser test walks a flow once, in one language, and the flows are
 * spread over the three; the page sweep reads every page the demo's accounts can reach in all three, with axe and the
 * layout check, and the locale check holds every key the flows read to all three. A flow whose subject is the words of
 * each language or what differs between them (the consent journey and its PDF, a proxy's third person, withdrawal's
 * words, a time's words, the header's length) still loops over supportedLanguages.
 *
 * Written where the flow is (`for (const language of walkedIn("en"))`), so tests/integration/test-suite-layout.test.ts
 * can count the flows each language is walked in. The language keeps the type of the list it was chosen from (a flow
 * written for 日本語 and English: `walkedIn<"ja" | "en">("en")`), so the flow's body reads as it did for every language.
 */
export function walkedIn<L extends SupportedLanguage = SupportedLanguage>(language: NoInfer<L>): readonly L[] {
  return [language];
}

/** The one case, of a flow's table of cases by language, that the flow is walked in (see walkedIn). */
export function caseWalkedIn<T extends { language: SupportedLanguage }>(cases: readonly T[], language: SupportedLanguage): readonly T[] {
  const chosen = cases.filter((each) => each.language === language);
  if (chosen.length !== 1) throw new Error(`expected one case in ${language}, found ${chosen.length}`);
  return chosen;
}
