import { APPROVAL_STREAM, APPROVAL_SUBJECTS, approvalSubject, RELAY_APPROVAL_HEARTBEAT_SUBJECT, type ApprovalEnvelope } from "@tsunagi/consent-rules/approval-change-message";
import { CONSENT_STREAM, CONSENT_SUBJECTS, consentSubject, RELAY_HEARTBEAT_SUBJECT, type OutboxEnvelope } from "@tsunagi/consent-rules/consent-change-message";
import { approvalWire, consentWire, type StreamWire } from "@tsunagi/bridge-wire/relay-wire";
import { approvalOutbox, consentOutbox, type OutboxStream } from "./outbox-streams";

/** A stream on JetStream: its name and subjects, the subject of each message, and the core-NATS subject of its heartbeat (ADR 051). */
export interface NatsStream<Envelope> {
  stream: string;
  subjects: string;
  subjectOf(message: Envelope): string;
  heartbeatSubject: string;
}

/**
 * One stream as the relay carries it (issue 31 item 2; ADR 098): the outbox it drains, its wire to the bridge (the
 * batches' endpoint, its mark's key and endpoint: `@tsunagi/bridge-wire`, which the bridge serves from; ADR 128), its
 * JetStream stream, and the names of its two lanes in the log. Each stream has lanes of its own, so a destination that
 * cannot take one stream (an older bridge without the approvals' endpoint) holds up only that one.
 */
export interface RelayStream<Envelope extends { eventId: string }> {
  outbox: OutboxStream<Envelope>;
  lanes: { bridge: string; nats: string };
  wire: StreamWire<Envelope>;
  nats: NatsStream<Envelope>;
  heartbeat: BridgeHeartbeat;
}

/** A stream of any envelope, as the relay holds its list of them. */
export type AnyRelayStream = RelayStream<{ eventId: string }>;

/**
 * How a stream's mark goes in the relay's heartbeat to the bridge over HTTP (ADR 066, 078; amended by issue 31): the
 * loop measures every configured stream's lag and mark in one statement, claims each head by the same rules, and
 * sends one request whose body holds each mark under its stream's key on the wire (`wire.heartbeat.key`), or, once a
 * bridge older than ADR 078 answers 404 to that, each on its own endpoint (`wire.heartbeat.path`).
 *
 * The stream whose mark the wire never leaves out (`wire.heartbeat.optional` false: the consent outbox's) is the
 * heartbeat itself. Without it (its outbox or head unreadable) no heartbeat goes at all, so the bridge goes stale and
 * denies; the bridge taking it is what says the bridge is reachable, so every lane retries at once when it comes back.
 * Any other stream's mark rides along, and is left out when its outbox cannot be read, so that only what that stream
 * carries goes stale. What differs between streams beyond the wire is here, as data.
 */
export interface BridgeHeartbeat {
  /** The stream's lines in the relay's log. */
  log: {
    /** Once a change has waited past the lag bound and its mark claims the head (warn, or info for a backlog from before the start). */
    heldUp: string;
    /** Whether that line names the acknowledged mark and the head claimed, besides the lag. */
    heldUpNamesMarks: boolean;
    /** Once back within the bound; unset, nothing is said. */
    withinBoundAgain?: string;
    /** When the bridge takes the mark again after refusing it. */
    acceptedAgain: string;
    /** When the bridge first refuses the mark (or it was left out). */
    notAccepted: string;
    /** The reason logged when the mark was left out because its outbox could not be read. */
    unreadable: string;
  };
}

/** Consent changes (ADR 024): the ledger's outbox, its wire, TSUNAGI_CONSENT. */
export const consentRelayStream: RelayStream<OutboxEnvelope> = {
  outbox: consentOutbox,
  lanes: { bridge: "bridge", nats: "nats" },
  wire: consentWire,
  nats: { stream: CONSENT_STREAM, subjects: CONSENT_SUBJECTS, subjectOf: (message) => consentSubject(message.pseudonym), heartbeatSubject: RELAY_HEARTBEAT_SUBJECT },
  // What decisions are answered against (ADR 024): without its mark the relay sends no heartbeat.
  heartbeat: {
    log: {
      heldUp: "a consent change has waited for the bridge longer than the lag bound; the heartbeat claims the outbox's head, so the bridge denies until it has it",
      heldUpNamesMarks: true,
      withinBoundAgain: "consent changes reach the bridge within the lag bound again",
      acceptedAgain: "bridge heartbeat accepted again",
      notAccepted: "bridge heartbeat not accepted",
      unreadable: "cannot read the outbox",
    },
  },
};

/** Data-access approvals (ADR 041, 051 amended): the approval outbox, its wire, TSUNAGI_APPROVALS. */
export const approvalRelayStream: RelayStream<ApprovalEnvelope> = {
  outbox: approvalOutbox,
  lanes: { bridge: "approvals", nats: "nats-approvals" },
  wire: approvalWire,
  nats: { stream: APPROVAL_STREAM, subjects: APPROVAL_SUBJECTS, subjectOf: (message) => approvalSubject(message.approvalId), heartbeatSubject: RELAY_APPROVAL_HEARTBEAT_SUBJECT },
  // Releases under approvals are answered against it (ADR 041): left out when unreadable, so only those go stale.
  heartbeat: {
    log: {
      heldUp: "an approval change has waited for the bridge longer than the lag bound; its heartbeat claims the approval outbox's head",
      heldUpNamesMarks: false,
      acceptedAgain: "bridge approval heartbeat accepted again",
      notAccepted: "bridge approval heartbeat not accepted",
      unreadable: "cannot read the approval outbox",
    },
  },
};

/** The streams the relay carries unless told otherwise: consent changes and data-access approvals. */
export const relayStreams: readonly AnyRelayStream[] = [consentRelayStream, approvalRelayStream];

/** The JetStream streams the relay makes sure exist when it connects. */
export const natsStreams: readonly NatsStream<never>[] = relayStreams.map((stream) => stream.nats);
