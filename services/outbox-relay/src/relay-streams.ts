import { APPROVAL_STREAM, APPROVAL_SUBJECTS, approvalSubject, RELAY_APPROVAL_HEARTBEAT_SUBJECT, type ApprovalEnvelope } from "@tsunagi/consent-rules/approval-change-message";
import { CONSENT_STREAM, CONSENT_SUBJECTS, consentSubject, RELAY_HEARTBEAT_SUBJECT, type OutboxEnvelope } from "@tsunagi/consent-rules/consent-change-message";
import { approvalOutbox, consentOutbox, type OutboxStream } from "./outbox-streams";
import { postApprovalChanges, postConsentChanges } from "./bridge-client";

/** A stream on JetStream: its name and subjects, the subject of each message, and the core-NATS subject of its heartbeat (ADR 051). */
export interface NatsStream<Envelope> {
  stream: string;
  subjects: string;
  subjectOf(message: Envelope): string;
  heartbeatSubject: string;
}

/**
 * One stream as the relay carries it (issue 31 item 2; ADR 098): the outbox it drains, the bridge's endpoint for its
 * batches, its JetStream stream, and the names of its two lanes in the log. Each stream has lanes of its own, so a
 * destination that cannot take one stream (an older bridge without the approvals' endpoint) holds up only that one.
 */
export interface RelayStream<Envelope extends { eventId: string }> {
  outbox: OutboxStream<Envelope>;
  lanes: { bridge: string; nats: string };
  postToBridge(bridgeUrl: string, token: string, messages: Envelope[], signal: AbortSignal): Promise<void>;
  nats: NatsStream<Envelope>;
}

/** Consent changes (ADR 024): the ledger's outbox, `/internal/v1/consent-changes`, TSUNAGI_CONSENT. */
export const consentRelayStream: RelayStream<OutboxEnvelope> = {
  outbox: consentOutbox,
  lanes: { bridge: "bridge", nats: "nats" },
  postToBridge: postConsentChanges,
  nats: { stream: CONSENT_STREAM, subjects: CONSENT_SUBJECTS, subjectOf: (message) => consentSubject(message.pseudonym), heartbeatSubject: RELAY_HEARTBEAT_SUBJECT },
};

/** Data-access approvals (ADR 041, 051 amended): the approval outbox, `/internal/v1/approval-changes`, TSUNAGI_APPROVALS. */
export const approvalRelayStream: RelayStream<ApprovalEnvelope> = {
  outbox: approvalOutbox,
  lanes: { bridge: "approvals", nats: "nats-approvals" },
  postToBridge: postApprovalChanges,
  nats: { stream: APPROVAL_STREAM, subjects: APPROVAL_SUBJECTS, subjectOf: (message) => approvalSubject(message.approvalId), heartbeatSubject: RELAY_APPROVAL_HEARTBEAT_SUBJECT },
};

/** The JetStream streams the relay makes sure exist when it connects. */
export const natsStreams: readonly NatsStream<never>[] = [consentRelayStream.nats, approvalRelayStream.nats];
