import { gateActions } from "@tsunagi/consent-rules/choice-catalogue";
import type { HealthState } from "../health/bridge-health";
import type { ResolvedSubject } from "../projection/subject-store";
import { type BridgeDecision, type BridgeDecisionReason, type DecisionRequestItem } from "./decision-request";
import { parseDecisionItem } from "./parse-decision-item";
import { actionQuestions, memoisedDecision, questionId, type ActionQuestions } from "./rule-memo";

/** One item of a request, checked against the schema: a malformed item is still answered, with a denial. */
export type DecisionInput = { valid: true; request: DecisionRequestItem } | { valid: false; raw: unknown };

export function parseDecisionInput(raw: unknown): DecisionInput {
  const request = parseDecisionItem(raw);
  return request ? { valid: true, request } : { valid: false, raw };
}

/** Per action, built once: the scope it needs (`gate:<action>`) and its memoised questions; one lookup per item. */
const actions = new Map<string, { scope: string; questions: ActionQuestions }>(gateActions.map((action) => [action, { scope: `gate:${action}`, questions: actionQuestions() }]));

/** A verdict without the answer around it: what a release's filter needs of each of a million samples. */
export interface DecisionVerdict {
  readonly allowed: boolean;
  readonly reason: BridgeDecisionReason;
  readonly choices: readonly string[];
}

/**
 * The bridge's verdict for one well-formed item. Pure: the projection, health and scopes are handed in. The consent
 * rule itself is decideAction's (the same the app uses); around it the bridge denies what it cannot vouch for: an
 * action the client may not ask about, a stale projection or unreachable database, an unknown subject, a participant
 * with a parked message, a destroyed sample. Those checks run on every call; only the rule's verdict is memoised,
 * with the record (rule-memo.ts). Called per item of a 10,000-item batch and per sample of a 1,000,000-sample
 * release: it allocates nothing (every verdict it returns is shared and frozen).
 */
export function decisionVerdict(subject: ResolvedSubject | undefined, request: DecisionRequestItem, health: HealthState, clientScopes: ReadonlySet<string>): DecisionVerdict {
  return refusalBeforeSubject(request, health, clientScopes) ?? subjectVerdict(subject, request, questionId(actions.get(request.action)!.questions, request));
}

/**
 * decisionVerdict for many subjects asked one question (a release's samples): the checks that do not depend on the
 * subject — the action's scope, health — and the question's memo id are worked out once, and the function returned
 * makes the subject's checks with the same memo and rule for each (the same two halves decisionVerdict is made of).
 * Health is read once: the caller holds the projection still (no await) while it calls the function.
 */
export function verdictsFor(request: DecisionRequestItem, health: HealthState, clientScopes: ReadonlySet<string>): (subject: ResolvedSubject | undefined) => DecisionVerdict {
  const refused = refusalBeforeSubject(request, health, clientScopes);
  if (refused) return () => refused;
  const id = questionId(actions.get(request.action)!.questions, request);
  return (subject) => subjectVerdict(subject, request, id);
}

/** What denies whatever the subject: an action the client may not ask about, a stale projection or unreachable database. */
function refusalBeforeSubject(request: DecisionRequestItem, health: HealthState, clientScopes: ReadonlySet<string>): DecisionVerdict | undefined {
  const action = actions.get(request.action);
  if (action === undefined || !clientScopes.has(action.scope)) return denial("scope_missing");
  if (!health.ready) return denial(health.reason);
  return undefined;
}

/** The subject's part: unknown, a parked message, the rule's memoised verdict (question `id`), a destroyed sample. */
function subjectVerdict(subject: ResolvedSubject | undefined, request: DecisionRequestItem, id: number | undefined): DecisionVerdict {
  if (!subject) return denial("unknown_subject");
  // A message the bridge could not read is waiting for this participant: their consent may have changed (ADR 024).
  if (subject.parked) return denial("message_parked");
  const decision = memoisedDecision(subject, request, id);
  if (decision.allowed && subject.destroyed) return destroyedDespite(decision);
  return decision;
}

/**
 * The bridge's answer for one item: decisionVerdict's, with the request echoed and the state it rests on. A
 * malformed item is answered with a denial.
 */
export function evaluateDecision(
  subject: ResolvedSubject | undefined,
  input: DecisionInput,
  health: HealthState,
  clientScopes: ReadonlySet<string>,
  evaluatedAt: string,
): BridgeDecision {
  if (!input.valid) return malformed(input.raw, evaluatedAt);
  const verdict = decisionVerdict(subject, input.request, health, clientScopes);
  return answer(input.request, subject, evaluatedAt, verdict.reason, verdict.allowed, verdict.choices);
}

const denials = new Map<BridgeDecisionReason, DecisionVerdict>();
/** A denial that rests on no choice (scope, health, an unknown or parked subject), one frozen object per reason. */
function denial(reason: BridgeDecisionReason): DecisionVerdict {
  let verdict = denials.get(reason);
  if (verdict === undefined) {
    verdict = Object.freeze({ allowed: false, reason, choices: noChoices });
    denials.set(reason, verdict);
  }
  return verdict;
}

const destroyedVerdicts = new WeakMap<DecisionVerdict, DecisionVerdict>();
/** A sample destroyed: denied, with the choices consent's allow rested on (memoised verdicts are shared, so is this). */
function destroyedDespite(decision: DecisionVerdict): DecisionVerdict {
  let verdict = destroyedVerdicts.get(decision);
  if (verdict === undefined) {
    verdict = Object.freeze({ allowed: false, reason: "sample_destroyed", choices: decision.choices });
    destroyedVerdicts.set(decision, verdict);
  }
  return verdict;
}

const noChoices: readonly string[] = Object.freeze([]);

/**
 * One answer, members in the order clients see and the signature covers: the request echoed, the verdict, then the
 * state it rests on. The two rare members sit between recipient and allowed when the request carried them.
 */
function answer(
  request: DecisionRequestItem,
  subject: ResolvedSubject | undefined,
  evaluatedAt: string,
  reason: BridgeDecisionReason,
  allowed: boolean,
  choices: readonly string[],
): BridgeDecision {
  if (request.findingsCategory === undefined && request.recontactTopic === undefined) {
    return {
      subject: request.subject,
      action: request.action,
      purpose: request.purpose ?? null,
      recipient: request.recipient ?? null,
      allowed,
      reason,
      choices: choices as string[],
      pseudonym: subject ? subject.pseudonym : null,
      consentVersion: subject ? subject.consentVersion : null,
      stateVersion: subject ? subject.stateVersion : null,
      eventId: subject ? subject.eventId : null,
      evaluatedAt,
    };
  }
  return {
    subject: request.subject,
    action: request.action,
    purpose: request.purpose ?? null,
    recipient: request.recipient ?? null,
    ...(request.findingsCategory ? { findingsCategory: request.findingsCategory } : {}),
    ...(request.recontactTopic ? { recontactTopic: request.recontactTopic } : {}),
    allowed,
    reason,
    choices: choices as string[],
    pseudonym: subject ? subject.pseudonym : null,
    consentVersion: subject ? subject.consentVersion : null,
    stateVersion: subject ? subject.stateVersion : null,
    eventId: subject ? subject.eventId : null,
    evaluatedAt,
  };
}

/** Echoes what can safely be echoed of an item that did not match the schema. */
function malformed(raw: unknown, evaluatedAt: string): BridgeDecision {
  const field = (name: string): string | null => {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return null;
    const value = (raw as Record<string, unknown>)[name];
    return typeof value === "string" ? echoable(value) : null;
  };
  return {
    subject: field("subject"),
    action: field("action"),
    purpose: field("purpose"),
    recipient: field("recipient"),
    allowed: false,
    reason: "malformed_request",
    choices: [],
    pseudonym: null,
    consentVersion: null,
    stateVersion: null,
    eventId: null,
    evaluatedAt,
  };
}

// U+0000 is matched on purpose: it is one of the characters the database cannot store.
// eslint-disable-next-line no-control-regex
const unloggable = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Short, and without what PostgreSQL text and jsonb cannot hold (U+0000, unpaired surrogates): a client must not
 * be able to write a log row the database refuses, which would stall the log and turn every answer into a denial.
 */
function echoable(value: string): string {
  return value.slice(0, 200).replace(unloggable, "\uFFFD");
}
