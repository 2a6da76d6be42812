import { NO_PROVISION_STANDING } from "@tsunagi/consent-rules/consent-projection";
import { decideAction, type ConsentView, type Decision, type DecisionRequest } from "@tsunagi/consent-rules/decide-action";

/**
 * decideAction's verdicts, kept so that the millions of decisions the bridge answers do not each run the rule.
 *
 * Why this is safe: decideAction is pure and reads only the ConsentView members of a consent and the question
 * (action, purpose, recipient, findings category, recontact topic). A SubjectStore record is never changed in place
 * (it is frozen, and every change replaces it), and each record is given the memo of its exact ConsentView, so a new
 * state reaches a different memo unless the rule's inputs are identical, when the verdict is too. Records with the
 * same ConsentView (most participants hold one of a few) share one memo, which keeps it in the CPU's cache. What is
 * not the rule's — health, scopes, the destroyed sample, the state version and event id an answer carries — is read
 * per request by evaluateDecision, never from here.
 */
export type RuleMemo = (Decision | undefined)[];

/** Distinct questions memoised; there are few (enums and DUO ids). Others are asked afresh every time. */
export const QUESTION_LIMIT = 256;

/**
 * Question → id: a trie over the five members in a fixed order. At each level an absent member takes the `absent`
 * branch (a property read, and never confused with any string, "" included) and a present one is looked up by its
 * value. Nothing is built per lookup, and the usual question (an action and a purpose) costs two Map lookups: a key
 * string per item cost more than the rule it saves.
 */
interface QuestionNode {
  absent?: QuestionNode;
  present?: Map<string, QuestionNode>;
  /** Set on the last level only. */
  id?: number;
}
let questionCount = 0;

/** The trie below one action: evaluate-decision.ts keeps one per action beside its scope, so both take one lookup. */
export type ActionQuestions = QuestionNode;
export const actionQuestions = (): ActionQuestions => ({});

export function questionId(questions: ActionQuestions, request: DecisionRequest): number | undefined {
  let node: QuestionNode | undefined = next(questions, request.purpose);
  if (node) node = next(node, request.recipient);
  if (node) node = next(node, request.findingsCategory);
  if (node) node = next(node, request.recontactTopic);
  if (!node) return undefined;
  if (node.id === undefined && questionCount < QUESTION_LIMIT) node.id = questionCount++;
  return node.id;
}

function next(node: QuestionNode, value: string | undefined): QuestionNode | undefined {
  if (value === undefined) {
    if (node.absent === undefined && questionCount < QUESTION_LIMIT) node.absent = {};
    return node.absent;
  }
  let child = node.present?.get(value);
  if (child === undefined && questionCount < QUESTION_LIMIT) {
    child = {};
    (node.present ??= new Map()).set(value, child);
  }
  return child;
}

/** What the memo needs of a subject: its record's consent, read only when the memo has no verdict yet. */
export interface MemoisedSubject {
  readonly ruleMemo: RuleMemo;
  readonly record: { readonly consent: ConsentView };
}

/**
 * The rule's verdict on the subject's consent for `request`, computed once per question and consent; `id` is
 * questionId(the action's questions, request), looked up by the caller (once for a release's million samples).
 */
export function memoisedDecision(subject: MemoisedSubject, request: DecisionRequest, id: number | undefined): Decision {
  if (id === undefined) return decideAction(subject.record.consent, request);
  const memo = subject.ruleMemo;
  let decision = memo[id];
  if (decision === undefined) {
    decision = sharedVerdict(decideAction(subject.record.consent, request));
    memo[id] = decision;
  }
  return decision;
}

/** Verdicts are few (a reason and the choices it rests on): memos point at one frozen object per verdict. */
const verdicts = new Map<string, Decision>();
const VERDICT_LIMIT = 1024;

function sharedVerdict(decision: Decision): Decision {
  const key = `${decision.allowed}|${decision.reason}|${decision.choices.join(",")}`;
  let shared = verdicts.get(key);
  if (shared === undefined) {
    shared = Object.freeze({ allowed: decision.allowed, reason: decision.reason, choices: Object.freeze([...decision.choices]) as Decision["choices"] });
    if (verdicts.size < VERDICT_LIMIT) verdicts.set(key, shared);
  }
  return shared;
}

/** Distinct ConsentViews a table keeps a memo for before it starts afresh (records keep theirs). */
const MEMO_TABLE_LIMIT = 10_000;

/** Hands each consent the memo of its ConsentView: one per distinct view, shared by the records that hold it. */
export class RuleMemoTable {
  private readonly memos = new Map<string, RuleMemo>();

  memoFor(consent: ConsentView): RuleMemo {
    const key = ruleInputsKey(consent);
    let memo = this.memos.get(key);
    if (memo === undefined) {
      if (this.memos.size >= MEMO_TABLE_LIMIT) this.memos.clear();
      memo = [];
      this.memos.set(key, memo);
    }
    return memo;
  }
}

/**
 * Everything decideAction reads of a consent, as text: equal texts, equal verdicts. Typed so that a member added to
 * ConsentView fails to compile here until it is part of the key.
 */
function ruleInputsKey(consent: ConsentView): string {
  const inputs: { [Member in keyof ConsentView]-?: ConsentView[Member] } = {
    status: consent.status,
    withdrawalLevel: consent.withdrawalLevel,
    interimRule: consent.interimRule,
    permittedPurposes: consent.permittedPurposes,
    choices: consent.choices,
    // A consent read without its standing is one nobody was notified under (decideAction reads it so).
    provision: consent.provision ?? NO_PROVISION_STANDING,
    // A death or loss of capacity (ADR 143): absent is none recorded.
    lifeEvent: consent.lifeEvent ?? null,
  };
  return JSON.stringify(inputs);
}
