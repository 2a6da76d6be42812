import { hostname } from "node:os";
import type { RelayHeartbeat } from "@tsunagi/consent-rules/consent-change-message";
import { checkRelayLogin, openRelayDatabase } from "./relay-database";
import { announces, consentOutbox, loadUndelivered, markDelivered, readHead, readLagAndMark, readLagsAndMarks, recordDeliveryFailure, type Acknowledged, type OutboxDestination } from "./outbox-streams";
import { recordDelivered, recordDeliveryFailed, recordLag, watchOutboxes } from "./relay-metrics";
import { localUrlOf } from "@tsunagi/service-kit/listen-address";
import { DEFAULT_BACKOFF, type BackoffPolicy } from "./backoff";
import { BridgeRefusal, postChanges, postHeartbeat, postRelayHeartbeats } from "./bridge-client";
import { startDeliveryLane } from "./delivery-lane";
import { createConsentStreamPublisher, type ConsentStreamPublisher } from "./nats-publisher";
import { markToClaim, measureMark, type MeasuredMark } from "./measure-mark";
import { listenForOutbox } from "./outbox-listener";
import { holdRelayLeadership } from "./relay-leadership";
import { describeError, jsonLinesLog, type RelayLog } from "./relay-log";
import { approvalRelayStream, consentRelayStream, relayStreams, type AnyRelayStream, type RelayStream } from "./relay-streams";
import { parseRelayEnv, type RelayEnv } from "./relay-env";
import { Waker } from "./waker";
import { endSpanFailed, SpanKind, startConsentStepSpan, tracingEnabled, type Span } from "@tsunagi/service-kit/tracing";

/** The bridge accepts up to 1000 changes a request; 500 keeps one request's transaction short. */
export const RELAY_BATCH_SIZE = 500;
/**
 * When no NOTIFY arrives (the LISTEN connection is down, or a notification was lost), look anyway this often. Every
 * change notifies, so this is the fallback only; while a change waits longer than the lag bound the heartbeat claims
 * the outbox's head and the bridge denies (ADR 066), so a slower fallback delays, never opens. 5 s, not 1 s: an idle
 * system's polls were a fifth of its CPU (issue 30 item 5).
 */
export const RELAY_POLL_MS = 5_000;

export interface OutboxRelayOptions {
  /** The bridge's base URL (the relay appends each path of its streams' wire, `@tsunagi/bridge-wire`). */
  bridgeUrl: string;
  /** API token with scope bridge:ingest. */
  relayToken: string;
  /** Publish to JetStream as well (unset: bridge only). */
  natsUrl?: string;
  heartbeatMs: number;
  /**
   * How long a change may wait for its destination before the heartbeats say so (default 1000 ms): on NATS no
   * heartbeat (ADR 051); to the bridge over HTTP a heartbeat claiming the outbox's head (ADR 066).
   */
  maxLagMs?: number;
  /** Names this relay in heartbeats; default `outbox-relay@<hostname>`. */
  relayId?: string;
  pollMs?: number;
  backoff?: BackoffPolicy;
  batchSize?: number;
  /** For the LISTEN connection; default DATABASE_URL. */
  databaseUrl?: string;
  log?: RelayLog;
  /**
   * The streams it carries (default `relayStreams`: consent changes and approvals). Exactly one decides the bridge's
   * reachability (the one whose mark its wire never leaves out, `wire.heartbeat.optional` false), and each has a
   * heartbeat key of its own.
   */
  streams?: readonly AnyRelayStream[];
}

export interface OutboxRelay {
  readonly relayId: string;
  /** Whether the LISTEN connection is up, and each lane's failed attempts in a row. */
  status(): { leading: boolean; listening: boolean; bridgeFailures: number; natsFailures: number | null; approvalFailures: number; natsApprovalFailures: number | null };
  /** Stops delivering, closes the LISTEN connection and drains NATS. */
  stop(): Promise<void>;
}

/**
 * The outbox relay: delivers every consent change the ledger wrote to the outbox, at least once, to the
 * pipeline bridge over HTTP and (with NATS_URL) to NATS JetStream, each destination with its own queue position
 * and backoff, and reports its bridge high-water mark as a heartbeat. Runs as its own database role, tsunagi_relay (ADR 055), through a client of its own.
 *
 * A heartbeat goes out only after the outbox was read: when the app's database is unreachable the heartbeats
 * stop, the bridge's projection goes stale and it denies (fail closed) rather than answer from old data.
 */
export async function startOutboxRelay(options: OutboxRelayOptions): Promise<OutboxRelay> {
  const log = options.log ?? jsonLinesLog;
  const relayId = options.relayId ?? `outbox-relay@${hostname()}`;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const pollMs = options.pollMs ?? RELAY_POLL_MS;
  const maxLagMs = options.maxLagMs ?? 1_000;
  // A change older than this relay was written while no relay ran (before `npm start` got this far, or while the
  // relay was down): its delivery at start is a backlog being worked off, not a delivery held up, and is logged at info.
  // Judged against the clock taken before the reads (measuredAt), not after they answer: on starved cores the reads
  // took longer than the moment between the backlog's commit and this start, and a backlog was logged as held up.
  const startedAt = Date.now();
  const heldUpLevel = (measured: MeasuredMark) => (measured.lagMs >= Date.parse(measured.measuredAt) - startedAt ? "info" : "warn");
  const batchSize = Math.min(options.batchSize ?? RELAY_BATCH_SIZE, 1000);
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("The outbox relay needs DATABASE_URL (npm start and npm run relay provide it).");

  const configured = options.streams ?? relayStreams;
  const decidesReachability = (stream: AnyRelayStream) => !stream.wire.heartbeat.optional;
  const deciders = configured.filter(decidesReachability);
  if (deciders.length !== 1) throw new Error(`Exactly one of the relay's streams must decide the bridge's reachability; ${deciders.length} do.`);
  const keys = configured.map((stream) => stream.wire.heartbeat.key);
  if (new Set(keys).size !== keys.length) throw new Error(`Each of the relay's streams needs a heartbeat key of its own: ${keys.join(", ")}.`);

  // Its own client as the relay's role (ADR 055): not the app's, whose role may read everything.
  const db = openRelayDatabase(databaseUrl);
  const natsStreams = configured.map((stream) => stream.nats);
  const nats: ConsentStreamPublisher | undefined = options.natsUrl ? createConsentStreamPublisher({ natsUrl: options.natsUrl, relayId, log, streams: natsStreams }) : undefined;

  /** Loads a stream's next batch for a destination (stamping the last one's acknowledgement); reports a poison row as the lane's failure. */
  const nextBatch = async <Envelope extends { eventId: string }>(stream: RelayStream<Envelope>, destination: OutboxDestination, acknowledged?: Acknowledged) => {
    const { rows, invalid } = await loadUndelivered(stream.outbox, destination, batchSize, db, acknowledged);
    if (rows.length === 0 && invalid) {
      await recordDeliveryFailure(stream.outbox, destination, [invalid.position], invalid.problem, db).catch(() => undefined);
      throw new Error(invalid.problem);
    }
    return rows;
  };

  /**
   * A stream's two lanes (issue 31 item 2): to the bridge over HTTP, and (with NATS_URL) to its JetStream stream, each
   * with its own position in the outbox and its own backoff; every stream has its own, so one that a destination
   * cannot take (an older bridge answers 404 to approvals) never holds up another.
   */
  const lanesOf = <Envelope extends { eventId: string }>(stream: RelayStream<Envelope>) => {
    // The bridge's last acknowledgement, stamped by the lane's next read in the same statement (ADR 164): a batch that
    // went through is followed by a read at once, so the stamp waits one round trip less, not longer. A relay stopped
    // between the two leaves the rows unstamped, and they go again (at least once; the bridge keeps each event once).
    let acknowledged: Acknowledged | undefined;
    return {
      stream,
      bridge: startDeliveryLane({
        destination: stream.lanes.bridge,
        pollMs,
        backoff,
        log,
        deliverBatch: async (signal) => {
          const rows = await nextBatch(stream, "bridge", acknowledged);
          acknowledged = undefined;
          if (rows.length === 0) return 0;
          const positions = rows.map((row) => row.position);
          // Each consent change's step through the relay, in its trace (ADR 170): from the read to the bridge's answer.
          const spans = tracingEnabled() && stream.outbox === consentOutbox ? rows.map((row) => startConsentStepSpan("tsunagi-relay", "relay.deliver", row.message.eventId, { kind: SpanKind.PRODUCER, attributes: { "tsunagi.destination": "bridge" } })) : undefined;
          try {
            await postChanges(options.bridgeUrl, options.relayToken, stream.wire, rows.map((row) => row.message), signal);
            for (const span of spans ?? []) span?.end();
          } catch (error) {
            for (const span of spans ?? []) if (span) endSpanFailed(span, error);
            if (!signal.aborted) {
              recordDeliveryFailed(stream.outbox, "bridge");
              await recordDeliveryFailure(stream.outbox, "bridge", positions, describeError(error), db).catch(() => undefined);
            }
            throw error;
          }
          recordDelivered(stream.outbox, "bridge", rows.length);
          acknowledged = { positions, at: new Date() };
          return rows.length;
        },
      }),
      nats: nats
        ? startDeliveryLane({
            destination: stream.lanes.nats,
            pollMs,
            backoff,
            log,
            deliverBatch: async () => {
              // Connected even with nothing to publish, so heartbeats reach NATS subscribers from the start.
              await nats.connect();
              const rows = await nextBatch(stream, "nats");
              if (rows.length === 0) return 0;
              const spans = tracingEnabled() && stream.outbox === consentOutbox ? rows.map((row) => startConsentStepSpan("tsunagi-relay", "relay.publish", row.message.eventId, { kind: SpanKind.PRODUCER, attributes: { "tsunagi.destination": "nats" } })) : undefined;
              const outcome = await nats.publish(stream.nats, rows).catch((error: unknown) => ({ acknowledged: [], failure: { positions: rows.map((row) => row.position), error } }));
              endStepSpans(spans, rows, outcome.acknowledged, outcome.failure?.error);
              await markDelivered(stream.outbox, "nats", outcome.acknowledged, new Date(), db);
              recordDelivered(stream.outbox, "nats", outcome.acknowledged.length);
              if (outcome.failure) {
                recordDeliveryFailed(stream.outbox, "nats");
                await recordDeliveryFailure(stream.outbox, "nats", outcome.failure.positions, describeError(outcome.failure.error), db).catch(() => undefined);
                throw outcome.failure.error;
              }
              return rows.length;
            },
          })
        : undefined,
      /** Stamps an acknowledgement no read has stamped yet (at stop). */
      flush: async () => {
        const pending = acknowledged;
        acknowledged = undefined;
        if (pending) await markDelivered(stream.outbox, "bridge", pending.positions, pending.at, db).catch(() => undefined);
      },
    };
  };
  // Consent changes and data-access approvals (ADR 041), both on NATS as well (ADR 051 amended) so bridge replicas
  // that follow the streams hold them. The stream whose mark decides reachability first: its mark is read and judged first.
  const streams = [...deciders, ...configured.filter((stream) => !decidesReachability(stream))].map((stream) => lanesOf(stream));
  const lanesFor = (stream: AnyRelayStream) => streams.find((lanes) => lanes.stream === stream);
  // What a scrape of this process's metrics counts (ADR 169): each outbox's waiting rows, per destination it serves.
  const unwatch = watchOutboxes({ db, routes: streams.flatMap((lanes) => [{ stream: lanes.stream.outbox, destination: "bridge" as const }, ...(lanes.nats ? [{ stream: lanes.stream.outbox, destination: "nats" as const }] : [])]) });

  // A notification wakes the lanes of the outbox it names (an approval's does not send every consent lane to read its
  // outbox for nothing, nor the other way round); one that names none the relay knows wakes them all.
  const wakeLanes = (payload?: string) => {
    for (const lanes of streams) {
      if (!announces(lanes.stream.outbox, payload)) continue;
      lanes.bridge.wake();
      lanes.nats?.wake();
    }
  };
  const listener = await listenForOutbox({ databaseUrl, as: "relay", onNotify: wakeLanes, backoff, log });

  const heartbeats = new Waker();
  /**
   * Every stream's lag and mark for the bridge, dated before the read (ADR 051), in one statement (ADR 078). When that
   * fails, each on its own — the deciding stream's first, the others' only when it could be read (without it no
   * heartbeat goes) — so an outbox that cannot be read (the approvals', say) silences only its own mark, as before.
   */
  const measureBridgeMarks = async (): Promise<(MeasuredMark | undefined)[]> => {
    const measuredAt = new Date().toISOString();
    try {
      const marks = await readLagsAndMarks(streams.map((lanes) => lanes.stream.outbox), "bridge", db);
      marks.forEach((mark, index) => recordLag(streams[index]!.stream.outbox, "bridge", mark.lagMs));
      return marks.map((mark) => ({ ...mark, measuredAt }));
    } catch {
      const [deciding, ...others] = streams;
      const decidingMark = await measureMark(() => readLagAndMark(deciding!.stream.outbox, "bridge", db));
      const marks: (MeasuredMark | undefined)[] = [decidingMark];
      for (const lanes of others) marks.push(decidingMark && (await measureMark(() => readLagAndMark(lanes.stream.outbox, "bridge", db))));
      return marks;
    }
  };
  const heartbeatLoop = (async () => {
    let outboxReadable = true;
    /** Every mark in one request (ADR 078) until the bridge answers that it has no such endpoint (an older bridge). */
    let combined = true;
    /**
     * Per stream: whether the bridge took its last mark (undefined before the first; the deciding stream's is whether
     * the bridge is reachable), and whether a change of it has waited past the lag bound.
     */
    const states = streams.map((lanes) => ({ lanes, config: lanes.stream.heartbeat, decidesReachability: decidesReachability(lanes.stream), accepted: undefined as boolean | undefined, heldUp: false }));
    type StreamState = (typeof states)[number];
    const accepted = (state: StreamState) => {
      if (state.accepted === false) log("info", state.config.log.acceptedAgain);
      // The bridge answers (again, or for the first time since this relay started): deliver now rather than when
      // the backoff of the failures while it was away ends, during which it would deny everything (its
      // heartbeat claims what it lacks). Once per return, so a bridge that takes heartbeats but refuses
      // batches still gets the backoff.
      if (state.decidesReachability && state.accepted !== true) for (const lanes of streams) lanes.bridge.retryNow();
      state.accepted = true;
    };
    const refused = (state: StreamState, error: unknown) => {
      if (state.accepted !== false && !heartbeats.stopped) log("warn", state.config.log.notAccepted, { error: describeError(error) });
      state.accepted = false;
    };
    /**
     * A stream's mark for the bridge over HTTP (ADR 066), undefined when it cannot be read: dated before the reads, and
     * claiming the outbox's head once a change has waited longer than maxLagMs — a delivery failing, backing off or
     * hanging (the bridge's tables locked) leaves the acknowledged mark below a withdrawal (or a revocation), and a
     * heartbeat carrying it would keep the bridge answering from the state before it for as long as the delivery is held up.
     */
    const claimOf = async (state: StreamState, measured: MeasuredMark | undefined): Promise<RelayHeartbeat | undefined> => {
      const claimed = measured && (await markToClaim(measured, maxLagMs, () => readHead(state.lanes.stream.outbox, db)));
      if (!measured || claimed === undefined) return undefined;
      if (state.decidesReachability) {
        if (!outboxReadable) log("info", "outbox readable again; heartbeats resumed");
        outboxReadable = true;
      }
      const heldUp = measured.lagMs > maxLagMs;
      if (heldUp && !state.heldUp) {
        const marks = state.config.log.heldUpNamesMarks ? { acknowledged: measured.mark, head: claimed } : {};
        log(heldUpLevel(measured), state.config.log.heldUp, { lagMs: Math.round(measured.lagMs), maxLagMs, ...marks });
      } else if (!heldUp && state.heldUp && state.config.log.withinBoundAgain) log("info", state.config.log.withinBoundAgain);
      state.heldUp = heldUp;
      return { relayId, highWaterMark: claimed, sentAt: measured.measuredAt };
    };
    while (!heartbeats.stopped) {
      const measured = await measureBridgeMarks();
      const [deciding, ...others] = states;
      const heartbeat = await claimOf(deciding!, measured[0]);
      if (!heartbeat) {
        if (outboxReadable) log("warn", "cannot read the outbox; heartbeats stopped until it can be read");
        outboxReadable = false;
      }
      if (heartbeat) {
        // The other streams' marks by the same rules: a bridge that refuses one, or lacks a change of it held up past
        // the bound, denies what that stream carries (releases under approvals). Left out when it cannot be read, so
        // only those go stale and deny.
        const marks: { state: StreamState; heartbeat?: RelayHeartbeat }[] = [{ state: deciding!, heartbeat }];
        for (const [index, state] of others.entries()) marks.push({ state, heartbeat: await claimOf(state, measured[index + 1]) });
        if (combined) {
          try {
            // Keyed by each stream's configured name: `{ consent, approvals? }` for the two streams (the wire format of ADR 078).
            const body = Object.fromEntries(marks.flatMap((mark) => (mark.heartbeat ? [[mark.state.lanes.stream.wire.heartbeat.key, mark.heartbeat]] : [])));
            await postRelayHeartbeats(options.bridgeUrl, options.relayToken, body, heartbeats.stopSignal);
            for (const mark of marks) {
              if (mark.heartbeat) accepted(mark.state);
              else refused(mark.state, new Error(mark.state.config.log.unreadable));
            }
          } catch (error) {
            if (error instanceof BridgeRefusal && error.status === 404) {
              combined = false;
              log("info", "the bridge takes no combined heartbeat (older than ADR 078); sending one per outbox");
            } else {
              for (const mark of marks) refused(mark.state, error);
            }
          }
        }
        if (!combined) {
          for (const mark of marks) {
            try {
              if (!mark.heartbeat) throw new Error(mark.state.config.log.unreadable);
              await postHeartbeat(options.bridgeUrl, options.relayToken, mark.state.lanes.stream.wire, mark.heartbeat, heartbeats.stopSignal);
              accepted(mark.state);
            } catch (error) {
              refused(mark.state, error);
            }
          }
        }
        // No NATS heartbeat while publishing fails: the mark would stay put and replicas that applied up to it would
        // go on answering from a state the ledger has moved past (a withdrawal stuck here). Silent, they go stale
        // after BRIDGE_STALENESS_MS and deny (ADR 051).
        // Nor while the oldest unpublished change has waited longer than maxLagMs (a stream electing a new leader
        // holds a publish without failing it): the mark would not yet show the change, and replicas would answer
        // as if it had not happened.
        // The heartbeat is dated when the measuring began, not when it is sent: on starved cores the answers can take
        // a second to come back, and a heartbeat dated after them would keep replicas fresh that long past what was
        // measured (chaos run 17 saw a replica allow a withdrawn participant 458 ms past ADR 051's bound). The lag and
        // the mark come from one statement, so one snapshot: the mark includes every change the lag counted as published.
        // Each stream's mark on NATS by these rules: silent while its lane fails or a message waits too long, so a
        // replica denies (or refuses releases under approvals) rather than answer from what a change overtook.
        for (const lanes of streams) {
          if (!nats || !lanes.nats || lanes.nats.failures > 0) continue;
          const measuredNats = await measureMark(() => readLagAndMark(lanes.stream.outbox, "nats", db));
          if (measuredNats) recordLag(lanes.stream.outbox, "nats", measuredNats.lagMs);
          if (measuredNats && measuredNats.lagMs <= maxLagMs) nats.publishHeartbeat(lanes.stream.nats, { relayId, highWaterMark: measuredNats.mark, sentAt: measuredNats.measuredAt });
        }
      }
      await heartbeats.pause(options.heartbeatMs);
    }
  })();

  log("info", "outbox relay started", { relayId, bridgeUrl: options.bridgeUrl, nats: options.natsUrl ? "on" : "off", listening: listener.listening });

  let stopping: Promise<void> | undefined;
  return {
    relayId,
    status: () => {
      const consent = lanesFor(consentRelayStream);
      const approvals = lanesFor(approvalRelayStream);
      return {
        leading: true,
        listening: listener.listening,
        bridgeFailures: consent?.bridge.failures ?? 0,
        natsFailures: consent?.nats ? consent.nats.failures : null,
        approvalFailures: approvals?.bridge.failures ?? 0,
        natsApprovalFailures: approvals?.nats ? approvals.nats.failures : null,
      };
    },
    stop: () =>
      (stopping ??= (async () => {
        heartbeats.stop();
        unwatch();
        await Promise.all([...streams.flatMap((lanes) => [lanes.bridge.stop(), lanes.nats?.stop()]), heartbeatLoop]);
        await Promise.all(streams.map((lanes) => lanes.flush()));
        await listener.stop();
        await nats?.close();
        await db.close();
        log("info", "outbox relay stopped", { relayId });
      })()),
  };
}

export interface LeadingRelayOptions extends OutboxRelayOptions {
  /** How often a standby asks for the leader lock and the leader checks it holds it (ADR 049). */
  leaderCheckMs: number;
  /** Refuse to start unless the database URL names the relay's own login (ADR 055); production sets it, `false` warns, unset (tests) is silent. */
  requireOwnDatabaseLogin?: boolean;
}

/**
 * A relay that delivers only while it leads (ADR 049): any number may run against one database; the one holding the
 * leader lock runs startOutboxRelay, the others wait and take over within about one `leaderCheckMs` of its death.
 * A standby sends no heartbeats, so with no leader at all the bridge goes stale and denies (fail closed).
 */
export async function startLeadingOutboxRelay(options: LeadingRelayOptions): Promise<OutboxRelay> {
  const log = options.log ?? jsonLinesLog;
  const relayId = options.relayId ?? `outbox-relay@${hostname()}:${process.pid}`;
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("The outbox relay needs DATABASE_URL (npm start and npm run relay provide it).");
  await checkRelayLogin(databaseUrl, { enforce: options.requireOwnDatabaseLogin ?? false, warn: options.requireOwnDatabaseLogin === false });
  let relay: OutboxRelay | undefined;
  const leadership = await holdRelayLeadership({
    databaseUrl,
    relayId,
    checkMs: options.leaderCheckMs,
    backoff: options.backoff ?? DEFAULT_BACKOFF,
    log,
    lead: async () => {
      const started = await startOutboxRelay({ ...options, relayId, databaseUrl, log });
      relay = started;
      return {
        stop: async () => {
          if (relay === started) relay = undefined;
          await started.stop();
        },
      };
    },
  });
  if (!leadership.leading) log("info", "outbox relay waiting as a standby", { relayId });
  return {
    relayId,
    status: () =>
      relay?.status() ?? {
        leading: false,
        listening: false,
        bridgeFailures: 0,
        natsFailures: options.natsUrl ? 0 : null,
        approvalFailures: 0,
        natsApprovalFailures: options.natsUrl ? 0 : null,
      },
    stop: () => leadership.stop(),
  };
}

/**
 * The relay as `npm start`, `npm run relay` and a deployment run it: bridge on BRIDGE_URL (or where BRIDGE_HOST and
 * BRIDGE_PORT put it on this machine), NATS when NATS_URL is set, delivering while it leads, with RELAY_TOKEN (or the
 * token its caller issued on one machine: server/relay-token.ts).
 */
export async function startOutboxRelayFromEnv(env: RelayEnv = parseRelayEnv(), overrides: Partial<LeadingRelayOptions> = {}): Promise<OutboxRelay> {
  const relayToken = overrides.relayToken ?? env.RELAY_TOKEN;
  if (!relayToken) {
    // The relay's own database login (ADR 055) cannot issue tokens, and the relay reads no app setting to try.
    throw new Error("RELAY_TOKEN is not set: issue a token with scope bridge:ingest at /admin/api-tokens and set RELAY_TOKEN (npm start and npm run relay issue one on this machine).");
  }
  return startLeadingOutboxRelay({
    bridgeUrl: env.BRIDGE_URL ?? localUrlOf(env.BRIDGE_HOST, env.BRIDGE_PORT),
    natsUrl: env.NATS_URL,
    heartbeatMs: env.RELAY_HEARTBEAT_MS,
    leaderCheckMs: env.RELAY_LEADER_CHECK_MS,
    maxLagMs: env.RELAY_MAX_LAG_MS,
    requireOwnDatabaseLogin: env.NODE_ENV === "test" ? undefined : env.NODE_ENV === "production",
    ...overrides,
    relayToken,
  });
}

/** Ends each row's span of the NATS lane (ADR 170): as published when the stream acknowledged its row, else as failed. */
function endStepSpans(spans: (Span | undefined)[] | undefined, rows: readonly { position: bigint }[], acknowledged: readonly bigint[], error: unknown): void {
  if (!spans) return;
  const taken = new Set(acknowledged);
  rows.forEach((row, index) => {
    const span = spans[index];
    if (!span) return;
    if (taken.has(row.position)) span.end();
    else endSpanFailed(span, error ?? new Error("not acknowledged"));
  });
}
