import { decideAction, type Decision } from "../../../app/domain/consent/decide-action";
import type { HealthState } from "../health/bridge-health";
import type { ResolvedSubject } from "../projection/subject-store";
import { DecisionRequestSchema, type BridgeDecision, type BridgeDecisionReason, type DecisionRequestItem } from "./decision-request";

/** One item of a request, checked against the schema: a malformed item is still answered, with a denial. */
export type DecisionInput = { valid: true; request: DecisionRequestItem } | { valid: false; raw: unknown };

export function parseDecisionInput(raw: unknown): DecisionInput {
  const parsed = DecisionRequestSchema.safeParse(raw);
  return parsed.success ? { valid: true, request: parsed.data } : { valid: false, raw };
}

/**
 * The bridge's answer for one item. Pure: the projection, health, scopes and time are handed in. The consent rule
 * itself is decideAction's (the same the app uses); around it the bridge denies what it cannot vouch for: a
 * malformed item, an action the client may not ask about, a stale projection or unreachable database, an unknown
 * subject, a destroyed sample.
 */
export function evaluateDecision(
  subject: ResolvedSubject | undefined,
  input: DecisionInput,
  health: HealthState,
  clientScopes: ReadonlySet<string>,
  evaluatedAt: string,
): BridgeDecision {
  if (!input.valid) return malformed(input.raw, evaluatedAt);
  const { request } = input;
  const answer = (reason: BridgeDecisionReason, allowed = false, choices: string[] = []): BridgeDecision => ({
    subject: request.subject,
    action: request.action,
    purpose: request.purpose ?? null,
    recipient: request.recipient ?? null,
    ...(request.findingsCategory ? { findingsCategory: request.findingsCategory } : {}),
    ...(request.recontactTopic ? { recontactTopic: request.recontactTopic } : {}),
    allowed,
    reason,
    choices,
    pseudonym: subject?.record.pseudonym ?? null,
    consentVersion: subject?.record.consent.formVersion ?? null,
    stateVersion: subject?.record.version ?? null,
    eventId: subject?.record.eventId ?? null,
    evaluatedAt,
  });

  if (!clientScopes.has(`gate:${request.action}`)) return answer("scope_missing");
  if (!health.ready) return answer(health.reason);
  if (!subject) return answer("unknown_subject");
  const decision: Decision = decideAction(subject.record.consent, request);
  if (!decision.allowed) return answer(decision.reason, false, decision.choices);
  if (subject.sample?.destroyed) return answer("sample_destroyed", false, decision.choices);
  return answer(decision.reason, true, decision.choices);
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
