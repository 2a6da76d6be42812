import type { BridgeDecision } from "./decision-request";

/** One row of bridge.decision_log: which client asked what about whom, and the answer. */
export interface DecisionLogEntry {
  requestId: string;
  clientId: string | null;
  subject: string;
  action: string;
  purpose: string | null;
  recipient: string | null;
  allowed: boolean;
  reason: string;
  pseudonym: string | null;
  consentVersion: number | null;
  eventId: string | null;
  evaluatedAt: string;
}

/** The row logged for one answered decision. */
export function decisionLogEntry(decision: BridgeDecision, requestId: string, clientId: string): DecisionLogEntry {
  return {
    requestId,
    clientId,
    subject: decision.subject ?? "",
    action: decision.action ?? "",
    purpose: decision.purpose,
    recipient: decision.recipient,
    allowed: decision.allowed,
    reason: decision.reason,
    pseudonym: decision.pseudonym,
    consentVersion: decision.stateVersion,
    eventId: decision.eventId,
    evaluatedAt: decision.evaluatedAt,
  };
}
