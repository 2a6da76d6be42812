import type { ReactElement } from "react";
import { I18nextProvider } from "react-i18next";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { choiceCatalogue, choiceIds, gateActions, type ChoiceId } from "@tsunagi/consent-rules/choice-catalogue";
import { decideAction, type ConsentView, type DecisionRequest } from "@tsunagi/consent-rules/decide-action";
import { aboutPerson, effectKey, theReader, type SentenceSubject } from "../domain/consent/explain/effect-sentences";
import { describeChoiceEffects, outcomeOf, referenceConsent, requestVariants, type EffectOutcome } from "../domain/consent/explain/gate-effects";
import { withdrawalLevels, type WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";
import { createI18n } from "../i18n/i18n";
import { supportedLanguages } from "../i18n/languages";
import { ChoiceEffectsText, ReconsentInterim, WithdrawalLevelExplanation, WithdrawalLevelSummary } from "./consent-dashboard";

/**
 * Issue 11, defect 1: what a participant reads about a choice or a withdrawal level must be what the gate does.
 * Every choice (each answer) and every level is rendered in every language, and every sentence the page shows is
 * checked against decideAction for the state it describes: a sentence saying "allowed" where the rule denies (or
 * the other way round) fails, as does one action left unworded or worded twice.
 */

interface Statement {
  action: string;
  outcome: EffectOutcome;
  text: string;
}

const entities: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#x27;": "'" };
const decode = (html: string) => html.replace(/&(amp|lt|gt|quot|#x27);/g, (entity) => entities[entity]!);

function statementsIn(html: string): Statement[] {
  return [...html.matchAll(/<li data-action="([a-z_]+)" data-outcome="([a-z]+)">([^<]*)<\/li>/g)].map((match) => ({
    action: match[1]!,
    outcome: match[2] as EffectOutcome,
    text: decode(match[3]!),
  }));
}

function render(language: string, element: ReactElement): string {
  return renderToStaticMarkup(<I18nextProvider i18n={createI18n(language as never)}>{element}</I18nextProvider>);
}

function withdrawnAt(level: WithdrawalLevel): ConsentView {
  return referenceConsent({ status: "withdrawn", withdrawalLevel: level });
}

/** Every question the sentence covers gets the answer the sentence claims. */
function expectRuleAgrees(consent: ConsentView, statement: Statement, requests: DecisionRequest[], label: string) {
  expect(requests.length, `${label}: "${statement.text}" covers no question`).toBeGreaterThan(0);
  for (const request of requests) {
    expect(outcomeOf(decideAction(consent, request)), `${label}: "${statement.text}" for ${JSON.stringify(request)}`).toBe(statement.outcome);
  }
}

/** The three who read about one consent (issue 29 item 3): the participant, a proxy (about the child), a follower. */
const viewers: [string, SentenceSubject][] = [
  ["the participant", theReader],
  ["a proxy", aboutPerson("山田 太郎")],
  ["a follower", aboutPerson("Tanaka Hanako")],
];
const cases = supportedLanguages.flatMap((language) => viewers.map(([viewer, subject]) => [language, viewer, subject] as const));

describe.each(cases)("the words are the rule's answers (%s, read by %s)", (language, _viewer, subject) => {
  const i18n = createI18n(language);
  const ownText = (key: string) => i18n.getResource(language, "dashboard", key) as string | undefined;
  /** A sentence with the person's name in it, as the page shows it. */
  const interpolated = (text: string | undefined) => (text === undefined || subject.kind === "reader" ? text : text.replaceAll("{{name}}", subject.name));

  it.each(withdrawalLevels)("withdrawal level %s: every action is worded once, as the gate answers it", (level) => {
    const html = render(language, <WithdrawalLevelExplanation level={level} audience="participant" subject={subject} />);
    const statements = statementsIn(html);
    for (const statement of statements) {
      expectRuleAgrees(withdrawnAt(level), statement, requestVariants(statement.action as never), `${language} ${level}`);
      // The sentence is the language's own (no fallback to another language) and the opposite claim is nowhere.
      expect(interpolated(ownText(effectKey({ action: statement.action as never, outcome: statement.outcome }, subject))), statement.text).toBe(statement.text);
      const opposite = interpolated(ownText(effectKey({ action: statement.action as never, outcome: statement.outcome === "allowed" ? "denied" : "allowed" }, subject)));
      expect(opposite && decode(html).includes(opposite), `${level} says both "${statement.text}" and "${opposite}"`).toBeFalsy();
    }
    // Each gate action is on the page exactly once: stopped or continuing, never both, never missing.
    const actions = statements.map((statement) => statement.action);
    expect(new Set(actions).size).toBe(actions.length);
    expect([...actions].sort()).toEqual([...new Set(choiceIds.flatMap((id) => choiceCatalogue[id].governs.map((rule) => rule.action)))].sort());
    const summary = render(language, <WithdrawalLevelSummary level={level} subject={subject} />);
    expect(summary).not.toMatch(/explain\./);
  });

  it("'no further use' keeps what exists and says so; 'destroy' does not keep it and says so", () => {
    const kept = interpolated(ownText(effectKey({ action: "store", outcome: "allowed" }, subject)))!;
    const notKept = interpolated(ownText(effectKey({ action: "store", outcome: "denied" }, subject)))!;
    const noFurtherUse = render(language, <WithdrawalLevelExplanation level="no_further_use" audience="participant" subject={subject} />);
    expect(decideAction(withdrawnAt("no_further_use"), { action: "store" }).allowed).toBe(true);
    expect(decode(noFurtherUse)).toContain(kept);
    expect(decode(noFurtherUse)).not.toContain(notKept);
    const destroy = render(language, <WithdrawalLevelExplanation level="destroy" audience="participant" subject={subject} />);
    expect(decideAction(withdrawnAt("destroy"), { action: "store" }).allowed).toBe(false);
    expect(decode(destroy)).toContain(notKept);
    expect(decode(destroy)).not.toContain(kept);
  });

  it.each(["pause_new_uses", "continue_previous"] as const)("a pending re-consent under %s says what the gate pauses, and only that", (interimRule) => {
    const consent = referenceConsent({ status: "reconsent_required", interimRule });
    const html = render(language, <ReconsentInterim interimRule={interimRule} subject={subject} />);
    expect(html).not.toMatch(/reconsent\.|explain\./);
    const statements = statementsIn(html);
    for (const statement of statements) expectRuleAgrees(consent, statement, requestVariants(statement.action as never), `${language} ${interimRule}`);
    // Every action the gate pauses is named; nothing it allows is.
    const paused = gateActions.filter((action) => requestVariants(action).some((request) => !decideAction(consent, request).allowed));
    expect(statements.map((statement) => statement.action)).toEqual(paused);
  });

  const answers = choiceIds.flatMap((id) => (choiceCatalogue[id].options as readonly string[]).map((value) => [id, value] as const));
  const states: [string, ConsentView | undefined][] = [
    ["active", undefined],
    ["paused for re-consent", referenceConsent({ status: "reconsent_required", interimRule: "pause_new_uses" })],
    ...withdrawalLevels.map((level): [string, ConsentView] => [`withdrawn (${level})`, withdrawnAt(level)]),
  ];

  it.each(states)("every answer to every choice, in a consent that is %s, is worded as the gate answers it", (_name, consent) => {
    for (const [id, value] of answers) {
      const effects = describeChoiceEffects(id as ChoiceId, value, consent);
      const html = render(language, <ChoiceEffectsText effects={effects} subject={subject} />);
      expect(html, `${id}=${value}`).not.toMatch(/explain\.|\{\{/);
      const statements = statementsIn(html);
      if (effects.kind !== "gate") {
        expect(statements, `${id} has no gate action`).toEqual([]);
        expect(choiceCatalogue[id as ChoiceId].governs).toEqual([]);
        continue;
      }
      const view = { ...(consent ?? referenceConsent()), choices: { ...(consent ?? referenceConsent()).choices, [id]: value } };
      for (const [index, statement] of statements.entries()) {
        const effect = effects.effects[index]!;
        const covered = requestVariants(effect.action).filter(
          (request) =>
            (!effect.recipients || (request.recipient !== undefined && effect.recipients.includes(request.recipient))) &&
            (!effect.findingsCategory || request.findingsCategory === effect.findingsCategory) &&
            (!effect.recontactTopic || request.recontactTopic === effect.recontactTopic),
        );
        expectRuleAgrees(view, statement, covered, `${language} ${id}=${value}`);
        expect(i18n.getResource(language, "dashboard", effectKey(effect, subject)), `${effectKey(effect, subject)} in ${language}`).toBeTypeOf("string");
      }
      // Every action the catalogue says this choice governs is worded.
      expect(new Set(statements.map((statement) => statement.action))).toEqual(new Set(choiceCatalogue[id as ChoiceId].governs.map((rule) => rule.action)));
    }
  });
});

/**
 * Issue 29 item 3: a follower read "あなたの試料…" about someone else, and a proxy "あなたの選んだ内容". Every sentence
 * a consent page composes from the rule, rendered about a named person, names that person (or no one) and never
 * addresses the reader as its subject; rendered about the reader, it does. Every such sentence has both variants.
 */
describe.each(supportedLanguages)("the words are about the right person (%s)", (language) => {
  const secondPerson = language === "en" ? /\b(you|your|yours|yourself)\b/i : /あなた/;
  const name = language === "en" ? "Tanaka Hanako" : "山田 太郎";
  const person = aboutPerson(name);
  const answers = choiceIds.flatMap((id) => (choiceCatalogue[id].options as readonly string[]).map((value) => [id, value] as const));
  const pages = (subject: SentenceSubject) => [
    ...answers.map(([id, value]) => render(language, <ChoiceEffectsText effects={describeChoiceEffects(id as ChoiceId, value)} subject={subject} />)),
    ...withdrawalLevels.flatMap((level) => [
      render(language, <WithdrawalLevelExplanation level={level} audience="participant" subject={subject} />),
      render(language, <WithdrawalLevelSummary level={level} subject={subject} />),
    ]),
    ...(["pause_new_uses", "continue_previous"] as const).map((interimRule) => render(language, <ReconsentInterim interimRule={interimRule} subject={subject} />)),
  ];

  it("about a named person: no sentence says 'you', the name is there, and no key or placeholder shows", () => {
    const html = pages(person).join("\n");
    expect(html).not.toMatch(/explain\.|withdraw\.|_person|\{\{/);
    const text = decode(html.replace(/<[^>]+>/g, "\n"));
    const offending = text.split("\n").filter((line) => secondPerson.test(line));
    expect(offending).toEqual([]);
    expect(text).toContain(name);
  });

  it("about the reader: the same pages speak to the reader, and no name is invented", () => {
    const text = decode(pages(theReader).join("\n").replace(/<[^>]+>/g, "\n"));
    expect(text).toMatch(secondPerson);
    expect(text).not.toContain(name);
  });

  it("every sentence about the reader has its variant about a person, in every language", () => {
    const i18n = createI18n(language);
    const flat = (value: unknown, prefix: string): [string, string][] =>
      typeof value === "string" ? [[prefix, value]] : Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => flat(child, prefix ? `${prefix}.${key}` : key));
    const entries = flat(i18n.getResourceBundle(language, "dashboard"), "");
    const keys = new Set(entries.map(([key]) => key));
    for (const [key, value] of entries) {
      if (!key.startsWith("explain.") || key.endsWith("_person") || key.startsWith("explain.recipients.") || key.startsWith("explain.findingsCategories.")) continue;
      if (key === "explain.summary" || key === "explain.summaryAllStop" || key === "explain.erases") continue;
      expect(keys.has(`${key}_person`), `${key} ("${value}") has no _person variant`).toBe(true);
    }
    for (const [key, value] of entries.filter(([key]) => key.endsWith("_person"))) {
      expect(value, key).not.toMatch(secondPerson);
    }
  });
});
