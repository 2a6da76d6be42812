/**
 * Benchmark 5 (issue 17 item 6, capacity): what a NEW bridge replica costs against a restarted one. An operator who
 * adds a replica beside a pipeline cluster (or replaces a lost one under a new id) waits for it to learn every
 * participant from the consent stream before it may answer; one restarted under its old id loads its own tables and
 * resumes its consumer. Both are timed from process start to `/readyz` answering 200, which a replica does only once a
 * relay heartbeat is fresh and it has applied up to the heartbeat's mark — the last message published — and each is
 * then asked about a sample of participants, the last published included, to prove it answers from what was
 * published.
 *
 * The new replica has an empty bridge schema and a new durable consumer, so it really learns everything from the
 * stream (ingestChanges: dedupe, the version rule, one transaction per batch, memory after commit, ack after commit).
 * The restarted one finds its tables full and its consumer at the stream's end. Rounds alternate the two (new, then
 * its restart), with the schema emptied again and a new consumer id before each new one, so a slow minute of a shared
 * machine falls on both. While a new replica catches up, its consumer's ack floor is read every 100 ms: when the first
 * message was stored and when the last one was, for the rate at which the stream is applied without process start.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import pg from "pg";
import { CONSENT_STREAM } from "@tsunagi/consent-rules/consent-change-message";
import { consumerNameFor } from "../../services/pipeline-bridge/src/feed/follow-stream";
import { verifyReplicaHolds } from "./ask-replica-decisions";
import { line, pause } from "./figures";
import { machineCpu, postmasterOf, processTreeCpuMs } from "./read-cpu-time";
import { RELAY_HEARTBEAT_MS, type PublishedStream } from "./publish-consent-stream";
import { startBridgeReplica, type BridgeReplica } from "./start-bridge-replica";

/** Whatever a slow machine needs for 100,000 participants; a replica that takes longer has a problem worth failing on. */
const CATCH_UP_TIMEOUT_MS = 30 * 60_000;
const RESTART_TIMEOUT_MS = 5 * 60_000;
const ACK_FLOOR_POLL_MS = 100;

export interface CatchUpOptions {
  databaseUrl: string;
  natsUrl: string;
  stream: PublishedStream;
  gateToken: string;
  /** Each replica's data folder (its signing keys) is made under this. */
  dataDir: string;
  rounds: number;
  print: (text: string) => void;
}

interface CatchUpRound {
  newReadyMs: number;
  newListeningMs: number;
  firstStoredMs: number;
  allStoredMs: number;
  newCpuMs: number;
  /** PostgreSQL's CPU and the machine's busy share from the new replica's spawn to its readiness. */
  newPostgresCpuMs: number;
  newMachineBusy: number;
  restartReadyMs: number;
  restartListeningMs: number;
  restartCpuMs: number;
}

/** Where the last round's replica lives: the capacity comparison restarts it. */
export interface CaughtUpReplica {
  replicaId: string;
  dataDir: string;
}

/** The projection's tables as a fresh schema has them (the decision log and releases are not the projection). */
async function emptyProjection(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("TRUNCATE bridge.sample, bridge.subject, bridge.consent_change, bridge.parked_message");
  } finally {
    await client.end();
  }
}

/** Reads a consumer's ack floor every ACK_FLOOR_POLL_MS: when it first moved and when it reached `lastStreamSeq`. */
function watchAckFloor(natsUrl: string, consumerName: string, lastStreamSeq: number, since: number) {
  const seen: { firstStoredMs?: number; allStoredMs?: number } = {};
  let stopped = false;
  const done = (async () => {
    const nc = await connect({ servers: natsUrl.split(",") });
    try {
      const jsm = await jetstreamManager(nc);
      while (!stopped && seen.allStoredMs === undefined) {
        const info = await jsm.consumers.info(CONSENT_STREAM, consumerName).catch(() => undefined);
        const floor = info?.ack_floor.stream_seq ?? 0;
        const at = performance.now() - since;
        if (floor > 0) seen.firstStoredMs ??= at;
        if (floor >= lastStreamSeq) seen.allStoredMs = at;
        await pause(ACK_FLOOR_POLL_MS);
      }
    } finally {
      await nc.close();
    }
  })();
  return {
    seen,
    /** Waits up to `graceMs` for the floor to reach the end (acks travel after the replica has stored), then stops. */
    async stop(graceMs = 5_000): Promise<void> {
      const deadline = performance.now() + graceMs;
      while (seen.allStoredMs === undefined && performance.now() < deadline) await pause(ACK_FLOOR_POLL_MS);
      stopped = true;
      await done;
    },
  };
}

/** The local PostgreSQL server's postmaster, for its CPU (undefined when the server runs elsewhere). */
async function localPostmaster(databaseUrl: string): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return postmasterOf((await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid);
  } finally {
    await client.end();
  }
}

async function streamLastSequence(natsUrl: string): Promise<number> {
  const nc = await connect({ servers: natsUrl.split(",") });
  try {
    return (await (await jetstreamManager(nc)).streams.info(CONSENT_STREAM)).state.last_seq;
  } finally {
    await nc.close();
  }
}

async function deleteConsumer(natsUrl: string, consumerName: string): Promise<void> {
  const nc = await connect({ servers: natsUrl.split(",") });
  try {
    await (await jetstreamManager(nc)).consumers.delete(CONSENT_STREAM, consumerName).catch(() => undefined);
  } finally {
    await nc.close();
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export async function timeReplicaCatchUp(options: CatchUpOptions): Promise<CaughtUpReplica> {
  const { databaseUrl, natsUrl, stream, gateToken, print } = options;
  const lastStreamSeq = await streamLastSequence(natsUrl);
  const postmaster = await localPostmaster(databaseUrl);
  const results: CatchUpRound[] = [];
  let verified = 0;
  let previous: CaughtUpReplica | undefined;
  let replica: BridgeReplica | undefined;
  try {
    for (let round = 0; round < options.rounds; round++) {
      // A retired replica's consumer is deleted, as docs/operations.md says; then a schema as a new replica finds it.
      if (previous) await deleteConsumer(natsUrl, consumerNameFor(previous.replicaId));
      await emptyProjection(databaseUrl);
      const current: CaughtUpReplica = { replicaId: `catch-up-${round + 1}`, dataDir: path.join(options.dataDir, `catch-up-${round + 1}`) };
      mkdirSync(current.dataDir, { recursive: true });

      const postgresBefore = processTreeCpuMs(postmaster);
      const machineBefore = machineCpu();
      replica = await startBridgeReplica({ databaseUrl, natsUrl, replicaId: current.replicaId, dataDir: current.dataDir });
      const floor = watchAckFloor(natsUrl, consumerNameFor(current.replicaId), lastStreamSeq, replica.spawnedAt);
      const fresh = await replica.untilReady({ timeoutMs: CATCH_UP_TIMEOUT_MS });
      const newCpuMs = replica.cpuMs();
      const newPostgresCpuMs = processTreeCpuMs(postmaster) - postgresBefore;
      const machineAfter = machineCpu();
      await floor.stop();
      verified = await verifyReplicaHolds(replica.url, gateToken, stream, { offset: round * 2 + 1 });
      await replica.stop();

      replica = await startBridgeReplica({ databaseUrl, natsUrl, replicaId: current.replicaId, dataDir: current.dataDir });
      const restarted = await replica.untilReady({ timeoutMs: RESTART_TIMEOUT_MS });
      const restartCpuMs = replica.cpuMs();
      await verifyReplicaHolds(replica.url, gateToken, stream, { offset: round * 2 + 2 });
      await replica.stop();
      replica = undefined;

      results.push({
        newReadyMs: fresh.readyMs,
        newListeningMs: fresh.listeningMs,
        firstStoredMs: floor.seen.firstStoredMs ?? Number.NaN,
        allStoredMs: floor.seen.allStoredMs ?? Number.NaN,
        newCpuMs,
        newPostgresCpuMs,
        newMachineBusy: (machineAfter.busyMs - machineBefore.busyMs) / (machineAfter.totalMs - machineBefore.totalMs),
        restartReadyMs: restarted.readyMs,
        restartListeningMs: restarted.listeningMs,
        restartCpuMs,
      });
      previous = current;
    }
  } finally {
    await replica?.stop();
  }

  const newReady = median(results.map((result) => result.newReadyMs));
  const restartReady = median(results.map((result) => result.restartReadyMs));
  const applying = results.map((result) => stream.messages / ((result.allStoredMs - result.firstStoredMs) / 1000));
  const rounds = (values: number[], format: (value: number) => string) => values.map(format).join(" / ");
  print(
    `5. Catch-up: a NEW replica against a restarted one, ${stream.participants.toLocaleString("en-US")} participants on the stream (${stream.messages.toLocaleString("en-US")} messages, ${(stream.bytes / 1e6).toFixed(0)} MB), ${options.rounds} round${options.rounds === 1 ? "" : "s"} (new, then its restart), process start → /readyz 200 with every message applied`,
  );
  print(line(`   new replica (empty schema, new consumer)`, `${seconds(newReady)} median  (rounds ${rounds(results.map((result) => result.newReadyMs), seconds)})`));
  print(
    `     listening at ${rounds(results.map((result) => result.newListeningMs), seconds)}; first message stored at ${rounds(results.map((result) => result.firstStoredMs), seconds)}, the last at ${rounds(results.map((result) => result.allStoredMs), seconds)} (its consumer's ack floor, read every ${ACK_FLOOR_POLL_MS} ms)`,
  );
  print(
    line(
      `   catch-up rate`,
      `${rounds(applying, (value) => `${Math.round(value).toLocaleString("en-US")}`)} messages/s while applying; ${rounds(
        results.map((result) => stream.messages / (result.newReadyMs / 1000)),
        (value) => Math.round(value).toLocaleString("en-US"),
      )} messages/s from process start`,
    ),
  );
  print(
    `     its CPU until ready ${rounds(results.map((result) => result.newCpuMs), seconds)} (${rounds(results.map((result) => (result.newCpuMs * 1000) / stream.messages), (value) => `${value.toFixed(0)} µs`)} a message); PostgreSQL's meanwhile ${rounds(results.map((result) => result.newPostgresCpuMs), seconds)}; the machine ${rounds(results.map((result) => result.newMachineBusy * 100), (value) => `${value.toFixed(0)} %`)} busy`,
  );
  print(line(`   restarted replica (its tables full)`, `${seconds(restartReady)} median  (rounds ${rounds(results.map((result) => result.restartReadyMs), seconds)})`));
  print(`     listening (projection loaded from its tables) at ${rounds(results.map((result) => result.restartListeningMs), seconds)}; its CPU until ready ${rounds(results.map((result) => result.restartCpuMs), seconds)}`);
  print(line(`   ratio new / restarted (time to ready)`, `${(newReady / restartReady).toFixed(1)}×`));
  print(
    `   (each replica then asked about ${verified.toLocaleString("en-US")} participants, the last published among them: every answer from the version and event id published, signed; readiness waits for the relay's next heartbeat, every ${RELAY_HEARTBEAT_MS / 1000} s)\n`,
  );
  return previous!;
}
