import { useTranslation } from "react-i18next";
import { identityFieldsErasedAtDestroy } from "../domain/consent/index";
import { describeWithdrawalLevel } from "../domain/consent/index";
import { sentenceSubjectFor } from "../i18n/sentence-subject";
import { effectKey, effectSentence, effectsSummary, listOf, subjectSentence, type SentenceSubject, type Translate } from "../domain/consent/index";
import { describeConsentEffects, referenceConsent, type ChoiceEffects, type GateEffect } from "../domain/consent/index";
import type { InterimRule } from "@tsunagi/consent-rules/form-content";
import type { WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";

/** Carries a proxy's choice of child (`?participant=`) from page to page; empty for someone acting only for themselves. */
export function participantQuery(participantId: string | null | undefined): string {
  return participantId ? `?participant=${encodeURIComponent(participantId)}` : "";
}

/** "You are acting for …": a proxy must never be unsure whose consent a page changes. */
export function SubjectNote({ subject }: { subject: { fullName: string; as: "self" | "proxy"; relationship: string | null } }) {
  const { t } = useTranslation(["dashboard", "documents"]);
  if (subject.as === "self") return null;
  const relationship = subject.relationship ? t(`documents:relationships.${subject.relationship}`) : t("dashboard:subject.proxyDefault");
  return (
    <p className="alert" data-testid="subject-note">
      {t("dashboard:subject.proxy", { name: subject.fullName, relationship })}
    </p>
  );
}

/** Whom a consent page's sentences are about (ADR 119's rule): the reader acting for themselves, or the person a proxy acts for. */
export function sentenceSubjectOf(subject: { fullName: string; as: "self" | "proxy" }): SentenceSubject {
  return sentenceSubjectFor(subject.as === "proxy" ? { as: "proxy", name: subject.fullName } : { as: "self" });
}

export function FieldErrors({ id, errors }: { id: string; errors?: string[] | null }) {
  if (!errors?.length) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {errors.join(" ")}
    </p>
  );
}

/** Gate effects as sentences, each composed from the rule's answer (app/domain/consent/explain), about `subject`. */
export function GateEffectList({ effects, subject, testId }: { effects: readonly GateEffect[]; subject: SentenceSubject; testId?: string }) {
  const { t, i18n } = useTranslation("dashboard");
  return (
    <ul className="dash-effects" data-testid={testId}>
      {effects.map((effect) => (
        <li key={effectKey(effect) + (effect.recipients ?? []).join() + (effect.findingsCategory ?? "") + (effect.recontactTopic ?? "")} data-action={effect.action} data-outcome={effect.outcome}>
          {rememberedSentence(t, i18n.language, effect, subject)}
        </li>
      ))}
    </ul>
  );
}

/**
 * The rule's answers are shared, frozen objects on the server (describeChoiceEffects and describeWithdrawalLevel
 * remember them), and every /consent page words the same few about its reader: each effect's sentence about the
 * reader is remembered on the effect itself, per language. Sentences naming a person (a proxy's child, a followed
 * relative) are worded each time, so no one's name outlives the request; nor are objects that are not frozen (the
 * browser's, decoded per page).
 */
const sentences = new WeakMap<GateEffect, Map<string, string>>();
function rememberedSentence(t: Translate, language: string, effect: GateEffect, subject: SentenceSubject): string {
  if (subject.kind !== "reader" || !Object.isFrozen(effect)) return effectSentence(t, language, effect, subject);
  let byLanguage = sentences.get(effect);
  if (!byLanguage) sentences.set(effect, (byLanguage = new Map()));
  let sentence = byLanguage.get(language);
  if (sentence === undefined) {
    sentence = effectSentence(t, language, effect, subject);
    byLanguage.set(language, sentence);
  }
  return sentence;
}

/** What one answer to a choice does: gate effects, or why it has none. */
export function ChoiceEffectsText({ effects, subject }: { effects: ChoiceEffects; subject: SentenceSubject }) {
  const { t } = useTranslation("dashboard");
  if (effects.kind === "after_life_event" && effects.level) {
    return (
      <p data-testid={`effects-${effects.choiceId}`}>
        {subjectSentence(t, "explain.afterLifeEvent", subject)} <WithdrawalLevelSummary level={effects.level} subject={subject} />
      </p>
    );
  }
  if (effects.kind === "preference") return <p data-testid={`effects-${effects.choiceId}`}>{subjectSentence(t, "explain.preference", subject)}</p>;
  if (effects.kind === "outside_gate") return <p data-testid={`effects-${effects.choiceId}`}>{subjectSentence(t, "explain.outsideGate", subject)}</p>;
  return <GateEffectList effects={effects.effects} subject={subject} testId={`effects-${effects.choiceId}`} />;
}

/** A withdrawal level in one line (the radio button's label): which actions stop and which go on. */
export function WithdrawalLevelSummary({ level, subject }: { level: WithdrawalLevel; subject: SentenceSubject }) {
  const { t, i18n } = useTranslation("dashboard");
  return <span data-testid={`summary-${level}`}>{effectsSummary(t, i18n.language, describeWithdrawalLevel(level), subject)}</span>;
}

/**
 * What stops, what continues and, honestly, what cannot be recalled: shown before anyone confirms a withdrawal
 * and on the dashboard after it. What stops and continues is the gate's own answer for the level (ADR 018).
 */
export function WithdrawalLevelExplanation({ level, audience, subject }: { level: WithdrawalLevel; audience: "participant" | "staff"; subject: SentenceSubject }) {
  const { t, i18n } = useTranslation("dashboard");
  const effects = describeWithdrawalLevel(level);
  const erased = level === "destroy" ? identityFieldsErasedAtDestroy.map((field) => subjectSentence(t, `explain.identityFields.${field}`, subject)) : [];
  return (
    <dl className="dash-explain" data-testid={`explanation-${level}`}>
      <dt>{t("withdraw.stops")}</dt>
      <dd>
        <GateEffectList effects={effects.stops} subject={subject} testId={`stops-${level}`} />
        {erased.length ? <p>{t("explain.erases", { fields: listOf(i18n.language, erased) })}</p> : null}
      </dd>
      <dt>{subjectSentence(t, "withdraw.continues", subject)}</dt>
      <dd>
        <GateEffectList effects={effects.continues} subject={subject} testId={`continues-${level}`} />
        <p>{subjectSentence(t, "explain.recordsKept", subject)}</p>
      </dd>
      <dt>{t("withdraw.cannotRecall")}</dt>
      <dd>{subjectSentence(t, `withdraw.levels.${level}.cannotRecall`, subject)}</dd>
      {audience === "participant" ? (
        <>
          <dt>{subjectSentence(t, "withdraw.care", subject)}</dt>
          <dd>{subjectSentence(t, "withdraw.careBody", subject)}</dd>
        </>
      ) : null}
    </dl>
  );
}

/** While a new form version awaits a decision: what the gate pauses under the form's interim rule, from the rule. */
// What each interim rule pauses is the rule's answer for that rule alone, the same for everyone: asked once per rule.
const pausedByInterimRule = new Map<InterimRule, ReturnType<typeof describeConsentEffects>["stops"]>();
function pausedUnder(interimRule: InterimRule) {
  let paused = pausedByInterimRule.get(interimRule);
  if (!paused) pausedByInterimRule.set(interimRule, (paused = describeConsentEffects(referenceConsent({ status: "reconsent_required", interimRule })).stops));
  return paused;
}

export function ReconsentInterim({ interimRule, subject }: { interimRule: InterimRule; subject: SentenceSubject }) {
  const { t } = useTranslation("dashboard");
  const paused = pausedUnder(interimRule);
  if (paused.length === 0) return <p data-testid="reconsent-interim">{subjectSentence(t, "reconsent.nothingPaused", subject)}</p>;
  return (
    <div data-testid="reconsent-interim">
      <p>{subjectSentence(t, "reconsent.pausedIntro", subject)}</p>
      <GateEffectList effects={paused} subject={subject} />
    </div>
  );
}
