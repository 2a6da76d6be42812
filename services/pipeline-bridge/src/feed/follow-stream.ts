import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type Consumer, type JsMsg } from "@nats-io/jetstream";
import { connect, nanos, type NatsConnection, type Subscription } from "@nats-io/transport-node";
import { RelayHeartbeatSchema, type RelayHeartbeat } from "@tsunagi/consent-rules/consent-change-message";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";
import type { ConsentStreamOptions } from "../bridge-config";

const log = serviceLogger("bridge");

export interface StreamFollower {
  /** The durable consumer's name. */
  readonly consumerName: string;
  /** Messages taken from the stream (every delivery, duplicates included) and how many batches failed to store. */
  stats(): { delivered: number; stored: number; failedBatches: number; malformed: number };
  stop(): Promise<void>;
}

/** A durable consumer name from a replica id: NATS allows letters, digits, `-` and `_`. */
export function consumerNameFor(replicaId: string): string {
  return `bridge-${replicaId.replace(/[^A-Za-z0-9_-]/g, "_")}`.slice(0, 64);
}

/**
 * What one stream is to a replica (ADR 051): consent changes on TSUNAGI_CONSENT, approvals on TSUNAGI_APPROVALS.
 * Both are outboxes carried in order with a position that only goes up (the ledger's globalSeq, the approval outbox's
 * seq) and a core-NATS heartbeat with the mark of what the relay published; the following itself is the same.
 */
export interface StreamSpec<Change> {
  /** Named in the log: "consent", "approval". */
  what: string;
  stream: string;
  subjects: string;
  heartbeatSubject: string;
  /**
   * A delivered body read: the change to store with its event id and outbox position; "malformed" when it is not a
   * message of this stream this bridge can read or park (a writer's bug: terminated and logged, and the relay's mark
   * keeps the replica stale until an operator looks).
   */
  read(body: unknown): { change: Change; eventId: string; position: bigint } | "malformed";
  /** The outbox position a stored message carries, read back for the ack floor; undefined if it carries none. */
  positionOf(body: unknown): bigint | undefined;
  /** Stores a batch in one transaction, memory after the commit; throws when the database refused it (handed back). Returns the highest position stored. */
  store(changes: Change[]): Promise<bigint>;
  recordHeartbeat(heartbeat: RelayHeartbeat, receivedAt: number): void;
  /** Every message up to this position is stored: compared with the heartbeat's mark. */
  noteApplied(position: bigint): void;
}

const ACK_WAIT_MS = 10_000;
const FLOOR_POLL_MS = 250;
const RETRY_MS = 500;
const NOTHING_READY_YET = Symbol("nothing ready yet");
/** Resolves after the messages the client already holds have been handed out (they come on microtasks). */
const nothingReadyYet = () => new Promise<typeof NOTHING_READY_YET>((resolve) => setImmediate(() => resolve(NOTHING_READY_YET)));

/**
 * Follows a stream as this replica's durable consumer (ADR 051): every message is stored with the same rules as the
 * relay's HTTP delivery (the spec's `store`: dedupe by event id, the version rule, parking what cannot be read),
 * acknowledged only after its transaction committed, and put in memory then. The relay's heartbeat on core NATS (with
 * the mark of what it has published) is this replica's proof of life: no heartbeat, or a mark above what the replica
 * has applied, and it denies (fail closed), whatever the other replicas do.
 *
 * Everything is retried for as long as it takes: NATS down (a cluster member lost is the client's to route around),
 * the stream not created yet (the relay creates it), PostgreSQL down (the batch is handed back with a delay and
 * delivered again). Resolves once started; the first connection may come later.
 */
export function followStream<Change>(spec: StreamSpec<Change>, options: ConsentStreamOptions & { clock: () => number }): StreamFollower {
  const consumerName = consumerNameFor(options.replicaId);
  const batchSize = options.batchSize ?? 500;
  const counts = { delivered: 0, stored: 0, failedBatches: 0, malformed: 0 };
  const stopping = new AbortController();
  let connection: NatsConnection | undefined;
  let heartbeats: Subscription | undefined;
  let stopConsuming: (() => void) | undefined;
  /** Changes handed back for redelivery (event id → global position): the mark stays below the lowest. */
  const outstanding = new Map<string, bigint>();
  /** The highest global position stored from the stream. */
  let maxStored = 0n;
  /** Set while the ack floor, not this loop, says how far the replica has applied (after each (re)start). */
  let barrier: { streamSeq: number } | undefined;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      stopping.signal.addEventListener("abort", () => {
        clearTimeout(timer);
        resolve();
      }, { once: true });
    });

  const connected = async (): Promise<NatsConnection> => {
    if (connection && !connection.isClosed()) return connection;
    const nc = await connect({
      servers: options.natsUrl.split(",").map((server) => server.trim()),
      name: `tsunagi-bridge ${options.replicaId}`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      timeout: 5_000,
    });
    heartbeats = nc.subscribe(spec.heartbeatSubject, {
      callback: (error, message) => {
        if (error) return;
        let body: unknown;
        try {
          body = message.json();
        } catch {
          return;
        }
        const heartbeat = RelayHeartbeatSchema.safeParse(body);
        if (heartbeat.success) spec.recordHeartbeat(heartbeat.data, options.clock());
      },
    });
    connection = nc;
    log.info({ server: nc.getServer(), consumer: consumerName, stream: spec.stream }, `following the ${spec.what} stream`);
    return nc;
  };

  const durableConsumer = async (nc: NatsConnection): Promise<Consumer> => {
    const jsm = await jetstreamManager(nc);
    const existing = await jsm.consumers.info(spec.stream, consumerName).catch(() => undefined);
    if (!existing) {
      await jsm.consumers.add(spec.stream, {
        durable_name: consumerName,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: spec.subjects,
        ack_wait: nanos(ACK_WAIT_MS),
        max_ack_pending: 20_000,
      });
    }
    return jetstream(nc).consumers.get(spec.stream, consumerName);
  };

  /** Stores a batch, then acknowledges it; on failure hands every message back to be delivered again later. */
  const store = async (batch: JsMsg[]) => {
    const changes: Change[] = [];
    const owed: { eventId: string; position: bigint }[] = [];
    const taken: JsMsg[] = [];
    for (const message of batch) {
      let body: unknown;
      try {
        body = message.json();
      } catch {
        body = undefined;
      }
      const read = spec.read(body);
      if (read === "malformed") {
        // Not a message of this stream at all, or one of a version this bridge knows that does not match it: a
        // writer's bug. It cannot be parked without an event id; it is terminated, loudly, and the relay's mark keeps
        // the replica stale until an operator looks (the same as the HTTP feed refusing the batch).
        counts.malformed += 1;
        log.error({ streamSequence: message.seq, subject: message.subject }, `a message on the ${spec.what} stream is not one this bridge can read or park; terminated`);
        message.term("malformed");
        continue;
      }
      taken.push(message);
      changes.push(read.change);
      owed.push({ eventId: read.eventId, position: read.position });
    }
    if (changes.length === 0) return;
    let highest: bigint;
    try {
      highest = await spec.store(changes);
    } catch (error) {
      counts.failedBatches += 1;
      if (counts.failedBatches === 1 || counts.failedBatches % 50 === 0) log.warn({ error: errorText(error), failedBatches: counts.failedBatches }, `could not store ${spec.what} changes from the stream; they will be delivered again`);
      for (const { eventId, position } of owed) outstanding.set(eventId, position);
      for (const message of taken) message.nak(RETRY_MS * 2);
      return;
    }
    counts.stored += taken.length;
    for (const message of taken) message.ack();
    for (const { eventId } of owed) outstanding.delete(eventId);
    if (highest > maxStored) maxStored = highest;
    if (!barrier) spec.noteApplied(safeThrough());
  };

  /**
   * How far this replica has applied the stream, which is what its staleness is judged by. Stored batches may run
   * ahead of a batch handed back for redelivery (the database failed it), so the mark stops below the lowest change
   * still owed. After the consume loop (re)starts, messages the server had delivered to the lost loop come back
   * only after the ack wait; until the consumer's ack floor has passed everything delivered before, the mark is the
   * ack floor's own change — the server's word for "everything up to here was acknowledged after it was stored".
   */
  const safeThrough = (): bigint => {
    let lowestOwed: bigint | undefined;
    for (const position of outstanding.values()) if (lowestOwed === undefined || position < lowestOwed) lowestOwed = position;
    return lowestOwed === undefined ? maxStored : lowestOwed - 1n < maxStored ? lowestOwed - 1n : maxStored;
  };

  /**
   * Takes messages as they arrive and stores them in batches: a batch is stored when nothing more has already
   * arrived (the next message is not ready within one turn of the event loop) or when it is full. The server's
   * count of what is still pending is not trusted to end a batch: nats-server 2.9 (Debian's) over-counts it for a
   * filtered consumer resumed under its durable name (nats-io/nats-server#5367), and a batch waiting for a count of
   * zero sat unstored — the replica stale — until the ack wait delivered it again, or for good.
   *
   * Once stopping, what the client had already taken from the server is handed back (nak) instead of stored, so a
   * replica started again under the same name receives it at once rather than after the ack wait.
   */
  const storeAsDelivered = async (messages: AsyncIterable<JsMsg>) => {
    const iterator = messages[Symbol.asyncIterator]();
    const take = () => {
      const next = iterator.next();
      // Awaited below unless the loop leaves early on an error; then its own rejection must not go unhandled.
      next.catch(() => undefined);
      return next;
    };
    let next = take();
    let batch: JsMsg[] = [];
    for (;;) {
      const arrived = batch.length === 0 ? await next : await Promise.race([next, nothingReadyYet()]);
      if (arrived === NOTHING_READY_YET) {
        const ready = batch;
        batch = [];
        await store(ready);
        continue;
      }
      if (arrived.done) break;
      const message = arrived.value;
      counts.delivered += 1;
      next = take();
      if (stopping.signal.aborted) {
        message.nak();
        continue;
      }
      batch.push(message);
      if (batch.length >= batchSize) {
        const ready = batch;
        batch = [];
        await store(ready);
      }
    }
    if (batch.length > 0) await store(batch);
  };

  /** Until the ack floor passes the barrier: reads it, and the global position of the change at it. */
  const followAckFloor = async (nc: NatsConnection) => {
    const jsm = await jetstreamManager(nc);
    while (barrier && !stopping.signal.aborted) {
      try {
        const info = await jsm.consumers.info(spec.stream, consumerName);
        const floor = info.ack_floor.stream_seq;
        if (floor > 0) {
          const stored = await jsm.streams.getMessage(spec.stream, { seq: floor }).catch(() => null);
          const position = stored ? spec.positionOf(stored.json()) : undefined;
          if (position !== undefined) spec.noteApplied(position);
        }
        if (floor >= barrier.streamSeq) {
          barrier = undefined;
          spec.noteApplied(safeThrough());
          break;
        }
      } catch {
        // NATS unreachable for a moment: stay on the last floor (the replica may go stale; it never claims more).
      }
      await pause(FLOOR_POLL_MS);
    }
  };

  const loop = (async () => {
    let failures = 0;
    while (!stopping.signal.aborted) {
      try {
        const nc = await connected();
        const consumer = await durableConsumer(nc);
        // Whatever the server delivered before this loop started and was not acknowledged comes back only after the
        // ack wait; until the ack floor has passed it, the floor says how far the replica has applied.
        const info = await consumer.info();
        if (info.delivered.stream_seq > info.ack_floor.stream_seq || maxStored === 0n) {
          barrier = { streamSeq: info.delivered.stream_seq };
          void followAckFloor(nc);
        }
        const messages = await consumer.consume({ max_messages: batchSize * 2 });
        stopConsuming = () => void messages.stop();
        if (stopping.signal.aborted) stopConsuming();
        failures = 0;
        await storeAsDelivered(messages);
      } catch (error) {
        failures += 1;
        if (failures === 1) log.warn({ error: errorText(error), consumer: consumerName, stream: spec.stream }, `cannot follow the ${spec.what} stream yet; retrying`);
      }
      if (!stopping.signal.aborted) await pause(Math.min(RETRY_MS * 2 ** Math.min(failures, 4), 5_000));
    }
  })();

  return {
    consumerName,
    stats: () => ({ ...counts }),
    async stop() {
      stopping.abort();
      stopConsuming?.();
      // A batch being stored when the stop came is acknowledged before the connection drains: an acknowledgement
      // sent on a draining connection is lost, and the durable consumer would deliver the batch again on restart.
      await Promise.race([loop, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
      const nc = connection;
      connection = undefined;
      heartbeats?.unsubscribe();
      if (nc && !nc.isClosed()) await Promise.race([nc.drain().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
      if (nc && !nc.isClosed()) await nc.close().catch(() => undefined);
      await loop;
    },
  };
}
