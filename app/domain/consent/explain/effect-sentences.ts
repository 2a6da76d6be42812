import type { GateAction } from "@tsunagi/consent-rules/choice-catalogue";
import { subjectKey, subjectSentence, theReader, type SentenceSubject, type Translate } from "../../../i18n/sentence-subject";
import type { ConsentEffects, GateEffect } from "./gate-effects";

/**
 * The words for a gate effect: one sentence per action and outcome in the `dashboard` namespace
 * (`explain.actions.<action>.<outcome>`, or `<outcome>For` when the effect names recipients, a findings category or a
 * recontact topic). A page never words what a choice does in a sentence of its own.
 */

/**
 * Whom the sentences are about (issue 29 item 3, ADR 067): the rule is the i18n layer's (`app/i18n/sentence-subject.ts`,
 * ADR 119), so pages, the domain and the mails share it. Each sentence has a variant per subject: `<key>` about the
 * reader, `<key>_person` about a named person.
 */
export { aboutPerson, subjectKey, subjectSentence, theReader, type SentenceSubject, type Translate } from "../../../i18n/sentence-subject";

// Made once each: building an Intl formatter per sentence showed in the /consent profile (ADR 028).
const listFormats = { en: new Intl.ListFormat("en", { type: "conjunction" }), ja: new Intl.ListFormat("ja", { type: "conjunction" }) };

export function listOf(language: string, items: string[]): string {
  // やさしい日本語 lists like standard Japanese (、).
  return listFormats[language === "en" ? "en" : "ja"].format(items);
}

export function effectKey(effect: GateEffect, subject: SentenceSubject = theReader): string {
  const qualified = effect.recipients !== undefined || effect.findingsCategory !== undefined || effect.recontactTopic !== undefined;
  return subjectKey(`explain.actions.${effect.action}.${effect.outcome}${qualified ? "For" : ""}`, subject);
}

export function effectSentence(t: Translate, language: string, effect: GateEffect, subject: SentenceSubject): string {
  const recipients = effect.recipients ? listOf(language, effect.recipients.map((recipient) => t(`explain.recipients.${recipient}`))) : "";
  const about = effect.findingsCategory
    ? t(`explain.findingsCategories.${effect.findingsCategory}`)
    : effect.recontactTopic
      ? subjectSentence(t, `explain.recontactTopics.${effect.recontactTopic}`, subject)
      : "";
  return t(effectKey(effect, subject), { recipients, about, ...(subject.kind === "person" ? { name: subject.name } : {}) });
}

function actionLabels(t: Translate, language: string, effects: GateEffect[], subject: SentenceSubject): string {
  const actions: GateAction[] = [];
  for (const effect of effects) if (!actions.includes(effect.action)) actions.push(effect.action);
  return listOf(language, actions.map((action) => subjectSentence(t, `explain.labels.${action}`, subject)));
}

/** One line for a withdrawal level's radio button: what stops and what continues, by action. */
export function effectsSummary(t: Translate, language: string, effects: ConsentEffects, subject: SentenceSubject): string {
  const stops = actionLabels(t, language, effects.stops, subject);
  if (effects.continues.length === 0) return t("explain.summaryAllStop", { stops });
  return t("explain.summary", { stops, continues: actionLabels(t, language, effects.continues, subject) });
}
