/**
 * Benchmark 6 (issue 17 item 6, capacity): decisions per second with two bridge replicas beside one. Both are real
 * replica processes (services/pipeline-bridge/src/main.ts) following the consent stream as their own durable consumers, holding
 * the same participants, kept fresh by the relay's heartbeat on NATS, answering signed decisions and writing the
 * decision log — the production path. The same load generator (autocannon, in this process) drives one replica with
 * 10 connections, or both with 5 each (a load balancer spreading keep-alive connections over two replicas), in rounds
 * that alternate one and two (the order reversed every other round, the single replica alternating between the two),
 * so a slow minute of a shared machine falls on both. Single decisions, then batches of 100.
 *
 * A decision counts when it is in the decision log. The bridge answers nothing it could not log: once its log buffer
 * (200,000 rows) is full it denies every item `database_unavailable` and drops those rows (ADR 027) — answers that
 * cost almost nothing and are not decisions. So each round starts with every buffer written out, and its figure is
 * the decisions (any reason but staleness or the database) that reached the log by the round's end, per second:
 * what the replicas and the log sustain together. Answers refused for a full buffer are counted beside it.
 *
 * The figure is the ratio two / one. Beside it, where the cores went during each kind of round — the replicas' CPU
 * (their /proc times), the load generator's (this process), the rest of the machine (PostgreSQL taking the decision
 * log, NATS, and whatever else runs) — because on a machine with fewer cores than replicas, generator and database
 * need, a second replica cannot add what the cores do not have.
 */
import autocannon from "autocannon";
import pg from "pg";
import { askDecisions } from "./ask-decisions";
import { line, ms, pause, perSecond, spreadOf } from "./figures";
import { machineCpu, postmasterOf, processCpuMs, processTreeCpuMs } from "./read-cpu-time";
import type { BridgeReplica } from "./start-bridge-replica";
import { CONSENTING_INDEX, sampleCode } from "./synthetic-projection";
import { autocannonSampleMs, sized } from "../smoke";

const CONNECTIONS = 10;
const WARM_UP_SECONDS = sized(2, 0.1);
const ROUND_SECONDS = sized(5, 0.3);
const ROUNDS = sized(4, 1);
const BATCH_SIZE = 100;
/** The log is written out when its highest id has not moved for this long (each replica flushes every 100 ms). */
const LOG_SETTLED_MS = sized(1_000, 200);
const NOT_DECISIONS = "('projection_stale', 'database_unavailable')";

interface Target {
  url: string;
  connections: number;
}

interface Round {
  /** Responses 200 (each `itemsPerRequest` answers). */
  responses: number;
  failed: number;
  seconds: number;
  latencies: number[];
  /** Decisions in the log when the load stopped. */
  logged: number;
  /** Decisions in the log once it was written out: every real decision answered in the round. */
  decided: number;
  /** Rows of staleness denials (there must be none). */
  stale: number;
  generatorCpuMs: number;
  replicaCpuMs: number;
  postgresCpuMs: number;
  natsCpuMs: number;
  machineBusyMs: number;
  machineTotalMs: number;
}

function drive(target: Target, gateToken: string, body: string, seconds: number, into: { responses: number; failed: number; latencies: number[] }): Promise<void> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${target.url}/v1/decisions`,
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${gateToken}` },
        body,
        connections: target.connections,
        duration: seconds,
        sampleInt: autocannonSampleMs,
      },
      (error, result) => {
        if (error) return reject(error);
        into.failed += result.non2xx + result.errors;
        resolve();
      },
    );
    instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode !== 200) return;
      into.responses += 1;
      into.latencies.push(responseTime);
    });
  });
}

class DecisionLogCounter {
  constructor(private readonly client: pg.Client) {}

  async highestId(): Promise<string> {
    return (await this.client.query<{ id: string }>("SELECT COALESCE(max(id), 0)::text AS id FROM bridge.decision_log")).rows[0]!.id;
  }

  /** Waits until no replica has rows left to write; returns the highest id then. */
  async settled(timeoutMs = 120_000): Promise<string> {
    const deadline = performance.now() + timeoutMs;
    let last = await this.highestId();
    for (;;) {
      await pause(LOG_SETTLED_MS);
      const now = await this.highestId();
      if (now === last) return now;
      if (performance.now() > deadline) throw new Error(`the decision log was still being written ${timeoutMs} ms after the load stopped`);
      last = now;
    }
  }

  async rowsAfter(id: string): Promise<{ decisions: number; stale: number; all: number }> {
    const counted = await this.client.query<{ decisions: string; stale: string; all: string }>(
      `SELECT count(*) FILTER (WHERE reason NOT IN ${NOT_DECISIONS})::text AS decisions, count(*) FILTER (WHERE reason = 'projection_stale')::text AS stale, count(*)::text AS all
         FROM bridge.decision_log WHERE id > $1`,
      [id],
    );
    const row = counted.rows[0]!;
    return { decisions: Number(row.decisions), stale: Number(row.stale), all: Number(row.all) };
  }
}

/** The processes whose CPU is read besides the replicas' and this one's. */
interface Servers {
  postmasterPid: number | undefined;
  natsPid: number | undefined;
}

/** One round: every buffer written out first, then every target driven at once for `seconds`, with the CPU each part used. */
async function round(log: DecisionLogCounter, servers: Servers, targets: Target[], replicas: BridgeReplica[], gateToken: string, body: string, seconds: number): Promise<Round> {
  const mark = await log.settled();
  const counts = { responses: 0, failed: 0, latencies: [] as number[] };
  const generatorBefore = process.cpuUsage();
  const replicasBefore = replicas.map((replica) => replica.cpuMs());
  const postgresBefore = processTreeCpuMs(servers.postmasterPid);
  const natsBefore = processCpuMs(servers.natsPid);
  const machineBefore = machineCpu();
  const started = performance.now();
  await Promise.all(targets.map((target) => drive(target, gateToken, body, seconds, counts)));
  const elapsed = (performance.now() - started) / 1000;
  const generator = process.cpuUsage(generatorBefore);
  const machineAfter = machineCpu();
  const postgresCpuMs = processTreeCpuMs(servers.postmasterPid) - postgresBefore;
  const natsCpuMs = processCpuMs(servers.natsPid) - natsBefore;
  const replicaCpuMs = replicas.reduce((sum, replica, index) => sum + replica.cpuMs() - replicasBefore[index]!, 0);
  const logged = (await log.rowsAfter(mark)).decisions;
  for (const replica of replicas) {
    const ready = await fetch(`${replica.url}/readyz`).then((response) => response.status, () => 0);
    // A stale replica answers 200 with denials: its figures would not be decisions at all.
    if (ready !== 200) throw new Error(`replica ${replica.replicaId} was not ready after a round (${ready}):\n${replica.output()}`);
  }
  await log.settled();
  const all = await log.rowsAfter(mark);
  return {
    ...counts,
    seconds: elapsed,
    logged,
    decided: all.decisions,
    stale: all.stale,
    generatorCpuMs: (generator.user + generator.system) / 1000,
    replicaCpuMs,
    postgresCpuMs,
    natsCpuMs,
    machineBusyMs: machineAfter.busyMs - machineBefore.busyMs,
    machineTotalMs: machineAfter.totalMs - machineBefore.totalMs,
  };
}

function summary(rounds: Round[], itemsPerRequest: number) {
  const total = <K extends keyof Round>(key: K) => rounds.reduce((sum, value) => sum + (value[key] as number), 0);
  const seconds = total("seconds");
  const logged = total("logged");
  const answers = total("responses") * itemsPerRequest;
  const cpu = { replicas: total("replicaCpuMs"), postgres: total("postgresCpuMs"), nats: total("natsCpuMs"), generator: total("generatorCpuMs") };
  // What the benchmark itself used; with the server's processes out of sight (a remote PostgreSQL), without them.
  const benchCpuMs = cpu.replicas + cpu.generator + (Number.isFinite(cpu.postgres) ? cpu.postgres : 0) + (Number.isFinite(cpu.nats) ? cpu.nats : 0);
  const machineBusyMs = total("machineBusyMs");
  const cores = total("machineTotalMs") / (seconds * 1000);
  const coresOf = (cpuMs: number) => cpuMs / (seconds * 1000);
  const microsecondsEach = (cpuMs: number) => (cpuMs * 1000) / logged;
  return {
    /** Decisions in the log by the round's end, per second. */
    perSecond: logged / seconds,
    perRound: rounds.map((value) => value.logged / value.seconds),
    /** Every answer given (decisions and refusals), per second. */
    answersPerSecond: answers / seconds,
    answers,
    /** Answers that were no decision: denied because the log's buffer was full (or stale: checked to be none). */
    refused: answers - total("decided"),
    stale: total("stale"),
    ...spreadOf(rounds.flatMap((value) => value.latencies)),
    failed: total("failed"),
    cores,
    /** Cores' worth used on average during the rounds, by part. */
    used: {
      replicas: coresOf(cpu.replicas),
      postgres: coresOf(cpu.postgres),
      nats: coresOf(cpu.nats),
      generator: coresOf(cpu.generator),
      other: coresOf(machineBusyMs - benchCpuMs),
      idle: cores - coresOf(machineBusyMs),
    },
    /** Microseconds of CPU per decision logged, by part, and the benchmark's parts together. */
    perDecision: {
      replicas: microsecondsEach(cpu.replicas),
      postgres: microsecondsEach(cpu.postgres),
      nats: microsecondsEach(cpu.nats),
      generator: microsecondsEach(cpu.generator),
      bench: microsecondsEach(benchCpuMs),
    },
  };
}
type Summary = ReturnType<typeof summary>;

export async function compareReplicaThroughput(options: {
  replicas: [BridgeReplica, BridgeReplica];
  gateToken: string;
  participants: number;
  databaseUrl: string;
  /** The NATS server's process, for its CPU (none: not read). */
  natsPid?: number;
  print: (text: string) => void;
}): Promise<void> {
  const { replicas, gateToken, participants, print } = options;
  const consenting = sampleCode(CONSENTING_INDEX % participants);
  const single = JSON.stringify({ subject: consenting, action: "analyze", purpose: "DUO:0000006" });
  // A pipeline's batch: 100 samples spread over the cohort (some withdrawn, declined or destroyed: they deny).
  const batch = JSON.stringify({ requests: Array.from({ length: BATCH_SIZE }, (_, index) => ({ subject: sampleCode((index * 997 + 13) % participants), action: "analyze", purpose: "DUO:0000006" })) });

  // Each replica must answer a signed allow (fresh, token accepted), or the figures would be of refusals.
  for (const replica of replicas) {
    const [decision] = await askDecisions(replica.url, gateToken, [{ subject: consenting, action: "analyze", purpose: "DUO:0000006" }]);
    if (!decision?.allowed) throw new Error(`replica ${replica.replicaId} did not allow the benchmark request: ${decision?.reason}`);
  }

  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  const log = new DecisionLogCounter(client);
  try {
    const backendPid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
    const servers: Servers = { postmasterPid: postmasterOf(backendPid), natsPid: options.natsPid };
    print(
      `6. Capacity: two replicas beside one — real replica processes following the stream (ADR 051), ${participants.toLocaleString("en-US")} participants, every decision signed (ES256) and in the decision log; autocannon ${CONNECTIONS} connections in this process (two replicas: ${CONNECTIONS / 2} to each), ${ROUNDS} alternating rounds of ${ROUND_SECONDS} s after ${WARM_UP_SECONDS} s warm-up each, every round starting with the log written out`,
    );
    const ratios: string[] = [];
    for (const [name, body, itemsPerRequest] of [
      ["single POST /v1/decisions", single, 1],
      [`batches of ${BATCH_SIZE} (POST /v1/decisions { requests }; latency per batch)`, batch, BATCH_SIZE],
    ] as const) {
      const one = (index: number): Target[] => [{ url: replicas[index % 2]!.url, connections: CONNECTIONS }];
      const two: Target[] = replicas.map((replica) => ({ url: replica.url, connections: CONNECTIONS / 2 }));
      await round(log, servers, one(0), replicas, gateToken, body, WARM_UP_SECONDS);
      await round(log, servers, two, replicas, gateToken, body, WARM_UP_SECONDS);
      const oneRounds: Round[] = [];
      const twoRounds: Round[] = [];
      for (let index = 0; index < ROUNDS; index++) {
        const order = index % 2 === 0 ? (["one", "two"] as const) : (["two", "one"] as const);
        for (const kind of order) {
          if (kind === "one") oneRounds.push(await round(log, servers, one(index), replicas, gateToken, body, ROUND_SECONDS));
          else twoRounds.push(await round(log, servers, two, replicas, gateToken, body, ROUND_SECONDS));
        }
      }
      const oneSummary = summary(oneRounds, itemsPerRequest);
      const twoSummary = summary(twoRounds, itemsPerRequest);
      if (oneSummary.stale + twoSummary.stale > 0) throw new Error(`${oneSummary.stale + twoSummary.stale} answers were staleness denials: the figures are not of decisions`);
      const ratio = twoSummary.perSecond / oneSummary.perSecond;
      ratios.push(`${itemsPerRequest === 1 ? "single" : "batches"} ${ratio.toFixed(2)}`);
      const figure = (value: Summary) => `${perSecond(value.perSecond)}  p50 ${ms(value.p50)}  p99 ${ms(value.p99)}`;
      const refusals = (value: Summary) =>
        value.refused > 0 ? `; answered ${perSecond(value.answersPerSecond)}, ${((value.refused / value.answers) * 100).toFixed(0)} % of them refusals for a full decision-log buffer` : "";
      const cores = (value: Summary) =>
        `replicas ${value.used.replicas.toFixed(2)}, PostgreSQL ${value.used.postgres.toFixed(2)}, NATS ${value.used.nats.toFixed(2)}, load generator ${value.used.generator.toFixed(2)}, other work on the machine ${value.used.other.toFixed(2)}, idle ${value.used.idle.toFixed(2)}`;
      const cpu = (value: Summary) =>
        `replicas ${value.perDecision.replicas.toFixed(1)} µs, PostgreSQL ${value.perDecision.postgres.toFixed(1)} µs, NATS ${value.perDecision.nats.toFixed(1)} µs, load generator ${value.perDecision.generator.toFixed(1)} µs; together ${value.perDecision.bench.toFixed(1)} µs`;
      const roundsOf = (value: Summary) => value.perRound.map((rate) => Math.round(rate).toLocaleString("en-US")).join(" / ");
      print(`   ${name}`);
      print(line("     one replica", `${figure(oneSummary)}${refusals(oneSummary)}`));
      print(line("     two replicas", `${figure(twoSummary)}${refusals(twoSummary)}`));
      print(line("     ratio two / one (decisions/s)", ratio.toFixed(2)));
      print(`     cores used (of ${oneSummary.cores.toFixed(0)}), one: ${cores(oneSummary)}`);
      print(`     cores used (of ${twoSummary.cores.toFixed(0)}), two: ${cores(twoSummary)}`);
      print(`     CPU per decision, one: ${cpu(oneSummary)}`);
      print(`     CPU per decision, two: ${cpu(twoSummary)}`);
      // However many replicas, this machine answers no more than its cores divided by what a decision costs all told.
      print(
        `     ${twoSummary.cores.toFixed(0)} cores / CPU per decision together (two): ${perSecond((twoSummary.cores * 1e6) / twoSummary.perDecision.bench)} — the most these cores give with the generator and PostgreSQL on them and nothing else running, however many replicas`,
      );
      const refusalNote = oneSummary.refused + twoSummary.refused > 0 ? "; the latencies include the refusals" : "";
      print(`     (decisions/s by round: one ${roundsOf(oneSummary)}; two ${roundsOf(twoSummary)}; failed responses: one ${oneSummary.failed}, two ${twoSummary.failed}${refusalNote})`);
    }
    print(`   (a decision is counted once it is in the decision log; staleness denials: none. Ratios two / one: ${ratios.join(", ")})\n`);
  } finally {
    await client.end();
  }
}
