/**
 * The consent stream as the outbox relay fills it, without the ledger: `participants` participants' change messages
 * built as the app writes them (ConsentChangeMessageSchema, the writer's strict schema, parses every one) and published
 * with the relay's own publisher (services/outbox-relay/src/nats-publisher.ts: the stream created as the relay creates it,
 * subject `tsunagi.consent.<pseudonym>`, Nats-Msg-Id = event id, batches of the relay's RELAY_BATCH_SIZE in ledger
 * order), then the relay's heartbeat on core NATS with the mark of the last message published.
 *
 * Why not through the ledger: seeding 100,000 participants through the consent verbs runs at about 100 a second here
 * (bench/RESULTS.md, issue 13), some 20 minutes before the benchmark starts; the stream cannot tell the difference.
 *
 * The population is synthetic-projection.ts's (the one benchmarks 1, 2 and 4 seed into the tables): every participant
 * granted (version 1) first, then, per hundred, 4 withdrawn, 3 declining industry sharing and 2 asked to re-consent
 * (version 2, a second message each), as a cohort enrolled first and changing later would be. The sample destroyed
 * (1 in 100) is carried as destroyed from the grant on, so that kind has one message.
 */
import { randomUUID } from "node:crypto";
import { ConsentChangeMessageSchema, MESSAGE_SCHEMA_VERSION, type ConsentChangeMessage } from "@tsunagi/consent-rules/consent-change-message";
import type { ConsentEventType } from "@tsunagi/consent-rules/ledger-event";
import { createConsentStreamPublisher, type ConsentStreamPublisher } from "@tsunagi/outbox-relay/nats-publisher";
import { consentRelayStream, natsStreams } from "@tsunagi/outbox-relay/relay-streams";
import { RELAY_BATCH_SIZE } from "@tsunagi/outbox-relay/start-outbox-relay";
import { consentVariants, kindOf, pseudonymOf, sampleCode, type SubjectKind } from "./synthetic-projection";

export const BENCH_RELAY_ID = "bench-relay";
/** The relay's default RELAY_HEARTBEAT_MS. */
export const RELAY_HEARTBEAT_MS = 1_000;

/** The last message published for a participant: what a replica must answer from once it has caught up. */
export interface PublishedState {
  eventId: string;
  version: number;
  kind: SubjectKind;
}

export interface PublishedStream {
  participants: number;
  messages: number;
  bytes: number;
  /** Global position of the last message: the relay's heartbeat mark. */
  lastGlobalSeq: bigint;
  /** Participant index → its latest state as published. */
  latest: PublishedState[];
  /** The participant index of the last message published. */
  lastParticipant: number;
  publishSeconds: number;
}

const secondEvent: Partial<Record<SubjectKind, ConsentEventType>> = { withdrawn: "withdrawn", industry_declined: "choices_changed", reconsent_paused: "reconsent_requested" };

/** Every message, in ledger order: the grants, then the later changes. */
function* consentChanges(participants: number): Generator<{ index: number; message: ConsentChangeMessage }> {
  const variants = consentVariants();
  let globalSeq = 0;
  const granted = Date.parse("2026-11-01T00:00:00Z");
  const build = (index: number, version: number, type: ConsentEventType, consent: ConsentChangeMessage["consent"]) =>
    ConsentChangeMessageSchema.parse({
      schemaVersion: MESSAGE_SCHEMA_VERSION,
      kind: "consent_changed",
      eventId: randomUUID(),
      globalSeq: String((globalSeq += 1)),
      pseudonym: pseudonymOf(index),
      version,
      type,
      occurredAt: new Date(granted + globalSeq * 1_000).toISOString(),
      samples: [{ code: sampleCode(index), destroyed: kindOf(index) === "sample_destroyed" }],
      consent,
    });
  for (let index = 0; index < participants; index++) yield { index, message: build(index, 1, "granted", variants.consented) };
  for (let index = 0; index < participants; index++) {
    const kind = kindOf(index);
    const type = secondEvent[kind];
    if (type) yield { index, message: build(index, 2, type, variants[kind]) };
  }
}

/** Publishes every participant's messages to the stream through the relay's publisher (one batch in flight, as the relay does). */
export async function publishConsentStream(natsUrl: string, participants: number): Promise<PublishedStream> {
  const publisher = createConsentStreamPublisher({ natsUrl, relayId: BENCH_RELAY_ID, log: () => undefined, streams: natsStreams });
  const latest: PublishedState[] = new Array<PublishedState>(participants);
  let messages = 0;
  let bytes = 0;
  let lastGlobalSeq = 0n;
  let lastParticipant = 0;
  const started = performance.now();
  try {
    await publisher.connect();
    let batch: { position: bigint; message: ConsentChangeMessage }[] = [];
    const send = async () => {
      const outcome = await publisher.publish(consentRelayStream.nats, batch);
      if (outcome.failure) throw new Error(`the stream refused ${outcome.failure.positions.length} messages: ${String(outcome.failure.error)}`);
      batch = [];
    };
    for (const { index, message } of consentChanges(participants)) {
      const globalSeq = BigInt(message.globalSeq);
      batch.push({ position: globalSeq, message });
      latest[index] = { eventId: message.eventId, version: message.version, kind: kindOf(index) };
      messages += 1;
      bytes += Buffer.byteLength(JSON.stringify(message));
      lastGlobalSeq = globalSeq;
      lastParticipant = index;
      if (batch.length >= RELAY_BATCH_SIZE) await send();
    }
    if (batch.length > 0) await send();
  } finally {
    await publisher.close();
  }
  return { participants, messages, bytes, lastGlobalSeq, latest, lastParticipant, publishSeconds: (performance.now() - started) / 1000 };
}

/**
 * The relay's heartbeat on `tsunagi.relay.heartbeat` (core NATS, through the relay's publisher) every
 * RELAY_HEARTBEAT_MS with `mark`, the last position published: what keeps a replica fresh, and what it must have
 * applied before it answers. Returns the function that stops it.
 */
export async function sendRelayHeartbeats(natsUrl: string, mark: bigint): Promise<() => Promise<void>> {
  const publisher: ConsentStreamPublisher = createConsentStreamPublisher({ natsUrl, relayId: BENCH_RELAY_ID, log: () => undefined, streams: natsStreams });
  await publisher.connect();
  const beat = () => publisher.publishHeartbeat(consentRelayStream.nats, { relayId: BENCH_RELAY_ID, highWaterMark: mark.toString(), sentAt: new Date().toISOString() });
  beat();
  const timer = setInterval(beat, RELAY_HEARTBEAT_MS);
  return async () => {
    clearInterval(timer);
    await publisher.close();
  };
}
