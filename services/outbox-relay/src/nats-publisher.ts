import { jetstream, jetstreamManager, StorageType, type JetStreamClient } from "@nats-io/jetstream";
import { connect, nanos, type NatsConnection } from "@nats-io/transport-node";
import { CONSENT_STREAM, CONSENT_SUBJECTS, type RelayHeartbeat } from "@tsunagi/consent-rules/consent-change-message";
import type { OutboxRow } from "./outbox-streams";
import { describeError, type RelayLog } from "./relay-log";
import type { NatsStream } from "./relay-streams";

/**
 * How long JetStream remembers a Nats-Msg-Id and drops a second copy. It must outlast the relay's retries (a
 * PubAck lost in a NATS restart means the row is sent again) with room for an operator to bring NATS back.
 */
export const DUPLICATE_WINDOW_MS = 2 * 3600_000;
const PUBLISH_TIMEOUT_MS = 5_000;

export interface PublishOutcome {
  /** Outbox positions (globalSeq, or an approval's seq) the stream acknowledged: stored now, or already stored under the same event id. */
  acknowledged: bigint[];
  /** The first failure, when some rows were not acknowledged; those rows go again after the backoff. */
  failure?: { positions: bigint[]; error: unknown };
}

export interface ConsentStreamPublisher {
  /** Connects (when not connected) and makes sure every stream it was made for exists; throws while NATS cannot be reached. */
  connect(): Promise<void>;
  /** Outbox rows to their stream, one message each on the stream's subject for it, outcome by outbox position. */
  publish<Envelope extends { eventId: string }>(stream: NatsStream<Envelope>, rows: OutboxRow<Envelope>[]): Promise<PublishOutcome>;
  /** A stream's heartbeat on core NATS, fire and forget: nothing to send while disconnected. */
  publishHeartbeat(stream: Pick<NatsStream<never>, "heartbeatSubject">, heartbeat: RelayHeartbeat): void;
  close(): Promise<void>;
}

/**
 * Publishes outbox rows to their durable JetStream stream (TSUNAGI_CONSENT on `tsunagi.consent.<pseudonym>`,
 * TSUNAGI_APPROVALS on `tsunagi.approval.<approvalId>`), one message per event with Nats-Msg-Id = event id. `streams`
 * are made when missing as soon as it connects, so replicas can follow them before the first message. The connection
 * reconnects on its own for as long as it takes; if it was never made (NATS down at start) or was closed, the next
 * publish makes a new one.
 */
export function createConsentStreamPublisher(options: { natsUrl: string; relayId: string; log: RelayLog; streams: readonly Pick<NatsStream<never>, "stream" | "subjects">[] }): ConsentStreamPublisher {
  let connection: NatsConnection | undefined;
  let js: JetStreamClient | undefined;
  let streamReady = false;
  let closed = false;

  const connected = async (): Promise<JetStreamClient> => {
    if (closed) throw new Error("the relay is stopping");
    if (!connection || connection.isClosed()) {
      streamReady = false;
      connection = await connect({
        servers: options.natsUrl.split(",").map((server) => server.trim()),
        name: `tsunagi-outbox-relay ${options.relayId}`,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 500,
        timeout: 5_000,
      });
      js = jetstream(connection);
      watchStatus(connection);
      options.log("info", "connected to NATS", { server: connection.getServer() });
    }
    if (!streamReady) {
      for (const stream of options.streams) await ensureStream(connection, stream.stream, stream.subjects);
      streamReady = true;
    }
    return js!;
  };

  const watchStatus = (nc: NatsConnection) => {
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === "disconnect") options.log("warn", "NATS disconnected; reconnecting", { server: status.server });
        else if (status.type === "reconnect") options.log("info", "NATS reconnected", { server: status.server });
      }
    })().catch(() => undefined);
  };

  /** Sent back to back on one connection, so the stream stores them in outbox order; acknowledged independently. */
  const publishAll = async (stream: string, messages: { position: bigint; subject: string; eventId: string; body: unknown }[]): Promise<PublishOutcome> => {
    const client = await connected();
    const results = await Promise.allSettled(
      messages.map((message) =>
        client.publish(message.subject, JSON.stringify(message.body), { msgID: message.eventId, expect: { streamName: stream }, timeout: PUBLISH_TIMEOUT_MS }),
      ),
    );
    const acknowledged: bigint[] = [];
    const failed: bigint[] = [];
    let error: unknown;
    results.forEach((result, index) => {
      const position = messages[index]!.position;
      if (result.status === "fulfilled") acknowledged.push(position);
      else {
        failed.push(position);
        error ??= result.reason;
      }
    });
    // The stream may have gone with a server's store: check it again before the retry.
    if (failed.length > 0) streamReady = false;
    return failed.length > 0 ? { acknowledged, failure: { positions: failed, error } } : { acknowledged };
  };

  const publishCore = (subject: string, heartbeat: RelayHeartbeat) => {
    if (!connection || connection.isClosed()) return;
    try {
      connection.publish(subject, JSON.stringify(heartbeat));
    } catch (error) {
      options.log("warn", "NATS heartbeat not sent", { error: describeError(error), subject });
    }
  };

  return {
    async connect() {
      await connected();
    },

    publish: (stream, rows) =>
      publishAll(
        stream.stream,
        rows.map((row) => ({ position: row.position, subject: stream.subjectOf(row.message), eventId: row.message.eventId, body: row.message })),
      ),

    publishHeartbeat: (stream, heartbeat) => publishCore(stream.heartbeatSubject, heartbeat),

    async close() {
      closed = true;
      const nc = connection;
      connection = undefined;
      if (!nc || nc.isClosed()) return;
      // Drain flushes what is buffered; while NATS is unreachable it cannot, so do not wait for it forever.
      await Promise.race([nc.drain().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
      if (!nc.isClosed()) await nc.close().catch(() => undefined);
    },
  };
}

/**
 * Creates the stream when it is missing: file storage (it survives a NATS restart), every consent subject,
 * and a dedupe window covering the relay's retries. An existing stream is left as its operator configured it.
 */
export async function ensureConsentStream(nc: NatsConnection): Promise<void> {
  await ensureStream(nc, CONSENT_STREAM, CONSENT_SUBJECTS);
}

async function ensureStream(nc: NatsConnection, name: string, subjects: string): Promise<void> {
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.streams.info(name);
  } catch (error) {
    if ((error as Error).name !== "StreamNotFoundError") throw error;
    try {
      await jsm.streams.add({ name, subjects: [subjects], storage: StorageType.File, duplicate_window: nanos(DUPLICATE_WINDOW_MS) });
    } catch (addError) {
      // Another relay created it in the meantime.
      await jsm.streams.info(name).catch(() => {
        throw addError;
      });
    }
  }
}
