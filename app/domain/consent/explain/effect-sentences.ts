import type { GateAction } from "@tsunagi/consent-rules/choice-catalogue";
import type { ConsentEffects, GateEffect } from "./gate-effects";

/**
 * The words for a gate effect: one sentence per action and outcome in the `dashboard` namespace
 * (`explain.actions.<action>.<outcome>`, or `<outcome>For` when the effect names recipients, a findings category or a
 * recontact topic). A page never words what a choice does in a sentence of its own.
 */

/** A translate function fixed to the `dashboard` namespace and the reader's language. */
export type Translate = (key: string, options?: Record<string, string>) => string;

// Made once each: building an Intl formatter per sentence showed in the /consent profile (ADR 028).
const listFormats = { en: new Intl.ListFormat("en", { type: "conjunction" }), ja: new Intl.ListFormat("ja", { type: "conjunction" }) };

export function listOf(language: string, items: string[]): string {
  // やさしい日本語 lists like standard Japanese (、).
  return listFormats[language === "en" ? "en" : "ja"].format(items);
}

export function effectKey(effect: GateEffect): string {
  const qualified = effect.recipients !== undefined || effect.findingsCategory !== undefined || effect.recontactTopic !== undefined;
  return `explain.actions.${effect.action}.${effect.outcome}${qualified ? "For" : ""}`;
}

export function effectSentence(t: Translate, language: string, effect: GateEffect): string {
  const recipients = effect.recipients ? listOf(language, effect.recipients.map((recipient) => t(`explain.recipients.${recipient}`))) : "";
  const about = effect.findingsCategory
    ? t(`explain.findingsCategories.${effect.findingsCategory}`)
    : effect.recontactTopic
      ? t(`explain.recontactTopics.${effect.recontactTopic}`)
      : "";
  return t(effectKey(effect), { recipients, about });
}

function actionLabels(t: Translate, language: string, effects: GateEffect[]): string {
  const actions: GateAction[] = [];
  for (const effect of effects) if (!actions.includes(effect.action)) actions.push(effect.action);
  return listOf(language, actions.map((action) => t(`explain.labels.${action}`)));
}

/** One line for a withdrawal level's radio button: what stops and what continues, by action. */
export function effectsSummary(t: Translate, language: string, effects: ConsentEffects): string {
  const stops = actionLabels(t, language, effects.stops);
  if (effects.continues.length === 0) return t("explain.summaryAllStop", { stops });
  return t("explain.summary", { stops, continues: actionLabels(t, language, effects.continues) });
}
