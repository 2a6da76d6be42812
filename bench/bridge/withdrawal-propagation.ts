/**
 * Benchmark 3: withdrawal propagation, commit → the gate denies. Real PostgreSQL with the app's migrations, the real
 * relay and the real bridge, each in its own child process, and a driver process withdrawing at a paced rate.
 * This process only observes:
 *   - commit time: it LISTENs on the channel the ledger NOTIFYs on commit (payload: the event's globalSeq), the
 *     same notification that wakes the relay;
 *   - denial time: it asks the bridge's batch decisions endpoint, every POLL_MS, about `analyze` for one sample of
 *     each participant whose withdrawal has started and not yet been seen denied, and notes when the answer first
 *     says withdrawn_no_further_use.
 * Propagation is denial − commit, both on this process's clock.
 *
 * Beside them runs the ledger checkpointer as `npm start` runs it (witness-process.ts): the witness (ADR 113) records
 * each event outside the database at its NOTIFY. Afterwards its log is read: commit → recorded, per event, on the same
 * machine's clock (the witness stamps each look in milliseconds) — the window in which a superuser could still delete
 * an event unseen.
 */
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { readWitnessHead, readWitnessLog, WITNESS_LOG_NAME } from "../../app/domain/consent/ledger/witness/witness-log.server";
import { askDecisions } from "./ask-decisions";
import { startChild, type BenchChild } from "./child-process";
import { machineCpu, postgresCpuByOwner, postmasterOf, processCpuMs, processTreeCpuMs } from "./read-cpu-time";
import { line, ms, pause, perSecond, spreadOf, wallClock } from "./figures";
import type { ConsentedCohort } from "./seed-consented-participants";
import { tracePauses } from "./trace-pauses";
import type { DriverRun } from "./withdrawal-driver-process";

/** Issue 30 item 7: 200 consent changes a second through the verb, and commit → deny p99 under 50 ms. */
const VERB_GOAL_PER_SECOND = 200;
const POLL_MS = 5;
const TARGET_PER_SECOND = 200;
const GOAL_P99_MS = 50;
/**
 * Statements withdrawConsent's transaction sends from taking the ledger lock to COMMIT, inclusive (the lock, the
 * chain heads in one query, one statement for the event, state and outbox row with its NOTIFY, COMMIT; the
 * participant's lock and state read, the journey update, the follow-up job, the audit row and the outbox reads come
 * before it — ADR 016, recordConsentEvent). Seven until 2026-11-23: the event, state and outbox were three
 * statements and the follow-up job was enqueued after the append. Four until issue 30 (lock, chain heads, append,
 * COMMIT); now two: tsunagi_append_consent_event (lock, heads, hashes, event, state, outbox, NOTIFY) and COMMIT (ADR 073).
 */
const STATEMENTS_UNDER_LOCK = 2;

/** What the poller asks about each participant of a phase, and the reason that says the change arrived. */
interface Question {
  item: Record<string, string>;
  deniedReason: string;
}
const withdrawalQuestion: Question = { item: { action: "analyze", purpose: "DUO:0000006" }, deniedReason: "withdrawn_no_further_use" };
/** Issue 58: a stop of provision to certified producers (ADR 140), asked as a certified producer's share would be. */
const stopQuestion: Question = { item: { action: "share", recipient: "certified_producer", purpose: "TSUNAGI:0000001" }, deniedReason: "provision_stopped" };

interface PhaseOptions {
  mode: DriverRun["mode"];
  question?: Question;
  participants: { id: string; sample: string }[];
  durationMs: number;
  maxInFlight: number;
}

interface PhaseResult {
  /** How long the driver kept starting withdrawals, and whether it stopped for want of participants. */
  seconds: number;
  ranOut: boolean;
  /** The driver's CPU time over the phase, per committed withdrawal. */
  cpuMsEach: number;
  started: number;
  committed: number;
  failed: string[];
  notDenied: number;
  /** Commits per second from the first start to the last commit. */
  rate: number;
  propagation: number[];
  /** start → commit and commit → the verb returned, per withdrawal. */
  toCommit: number[];
  afterCommit: number[];
  /** Gaps between consecutive commits: under saturation, the time one append holds the ledger lock. */
  commitGaps: number[];
  otherDenials: Map<string, number>;
  /** CPU milliseconds over the phase: the machine's busy time, and each process's (NaN where unreadable). */
  cpu: PhaseCpu;
}

/** Where the phase's CPU went, in milliseconds: the whole machine, and each process of the system under measurement. */
interface PhaseCpu {
  machine: number;
  wall: number;
  processes: Record<string, number>;
}

/** The CPU counters of the machine and of each named process (or process tree), now. */
function readPhaseCpu(processes: Record<string, () => number>): PhaseCpu {
  const machine = machineCpu();
  return { machine: machine.busyMs, wall: machine.totalMs, processes: Object.fromEntries(Object.entries(processes).map(([name, read]) => [name, read()])) };
}

function cpuBetween(before: PhaseCpu, after: PhaseCpu): PhaseCpu {
  return {
    machine: after.machine - before.machine,
    wall: after.wall - before.wall,
    processes: Object.fromEntries(Object.entries(after.processes).map(([name, ms]) => [name, ms - (before.processes[name] ?? Number.NaN)])),
  };
}

function addCpu(first: PhaseCpu, second: PhaseCpu): PhaseCpu {
  return {
    machine: first.machine + second.machine,
    wall: first.wall + second.wall,
    processes: Object.fromEntries(Object.entries(first.processes).map(([name, ms]) => [name, ms + (second.processes[name] ?? Number.NaN)])),
  };
}

/**
 * One line of where each committed change's CPU went: the machine's busy time a change and its share of the cores,
 * then each process's (PostgreSQL: its server and every backend), and what is left (the kernel's own work, anything else running).
 */
function cpuLine(result: PhaseResult): string {
  const each = (value: number) => value / Math.max(1, result.committed);
  const named = Object.entries(result.cpu.processes);
  const rest = result.cpu.machine - named.reduce((sum, [, value]) => sum + value, 0);
  const parts = [...named.map(([name, value]) => `${name} ${ms(each(value), 2)}`), `the rest ${ms(each(rest), 2)}`];
  return `${ms(each(result.cpu.machine), 2)} (the cores ${((100 * result.cpu.machine) / Math.max(1, result.cpu.wall)).toFixed(0)} % busy): ${parts.join(", ")}`;
}

/** Until the witness's log holds the ledger's newest event (at most a minute). */
async function witnessCaughtUp(databaseUrl: string, logFile: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ head: string | null }>(`SELECT max("globalSeq")::text AS "head" FROM "ConsentEvent"`);
    const head = BigInt(rows[0]?.head ?? 0);
    const deadline = wallClock() + 60_000;
    while (wallClock() < deadline) {
      const seen = await readWitnessHead(logFile);
      if (seen && BigInt(seen.globalSeq) >= head) return;
      await pause(100);
    }
    throw new Error("the witness did not catch up with the ledger within a minute");
  } finally {
    await client.end();
  }
}

function halves<T>(items: readonly T[]): [T[], T[]] {
  const half = Math.ceil(items.length / 2);
  return [items.slice(0, half), items.slice(half)];
}

/** Two runs of one path as one: rates and CPU over both (weighted by what each committed), every sample kept. */
function joinPhases(first: PhaseResult, second: PhaseResult): PhaseResult {
  const committed = first.committed + second.committed;
  const otherDenials = new Map(first.otherDenials);
  for (const [reason, count] of second.otherDenials) otherDenials.set(reason, (otherDenials.get(reason) ?? 0) + count);
  return {
    seconds: first.seconds + second.seconds,
    ranOut: first.ranOut && second.ranOut,
    cpuMsEach: (first.cpuMsEach * first.committed + second.cpuMsEach * second.committed) / Math.max(1, committed),
    started: first.started + second.started,
    committed,
    failed: [...first.failed, ...second.failed],
    notDenied: first.notDenied + second.notDenied,
    rate: committed / (first.committed / first.rate + second.committed / second.rate),
    propagation: [...first.propagation, ...second.propagation],
    toCommit: [...first.toCommit, ...second.toCommit],
    afterCommit: [...first.afterCommit, ...second.afterCommit],
    commitGaps: [...first.commitGaps, ...second.commitGaps],
    otherDenials,
    cpu: addCpu(first.cpu, second.cpu),
  };
}

/** Milliseconds for `count` one-row INSERTs, each its own transaction: what a COMMIT's WAL flush costs here. */
async function timeCommits(databaseUrl: string, count: number): Promise<ReturnType<typeof spreadOf>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("CREATE TABLE IF NOT EXISTS bench_commit_probe (at timestamptz NOT NULL)");
    const times: number[] = [];
    for (let index = 0; index < count; index++) {
      const started = wallClock();
      await client.query("INSERT INTO bench_commit_probe (at) VALUES (now())");
      times.push(wallClock() - started);
    }
    return spreadOf(times);
  } finally {
    await client.end();
  }
}

/** Each outbox row's commit time (wall clock), by event id, as its NOTIFY arrives on a listener of its own. */
export async function listenForCommits(databaseUrl: string): Promise<{ commits: Map<string, number>; listener: pg.Client }> {
  const commits = new Map<string, number>();
  const listener = new pg.Client({ connectionString: databaseUrl });
  await listener.connect();
  listener.on("notification", (message) => {
    if (message.channel === "tsunagi_outbox" && message.payload) commits.set(message.payload, wallClock());
  });
  await listener.query("LISTEN tsunagi_outbox");
  return { commits, listener };
}

export async function benchmarkWithdrawalPropagation(options: {
  databaseUrl: string;
  bridgeUrl: string;
  gateToken: string;
  cohort: ConsentedCohort;
  /** The relay's and the bridge's processes, whose CPU each phase reports. */
  relay: BenchChild<unknown>;
  bridge: BenchChild<unknown>;
  /** How many of the cohort go to the verb phase and to the paced transaction phase; the rest, one at a time. */
  verbParticipants: number;
  transactionParticipants: number;
  /** The first this many warm the driver up (its JIT, its pool), half through each path, and are not reported. */
  warmupParticipants: number;
  /** The last this many of the cohort stop provision instead (issue 58), after the withdrawals, in the same run. */
  stopParticipants: number;
  print: (text: string) => void;
}): Promise<void> {
  const { databaseUrl, bridgeUrl, gateToken, cohort, print } = options;
  // What the verb is measured beside (ADR 163): by default its own plain transaction with COMMIT a round trip apart, as
  // before the append carried it; BENCH_COMPARE_WITH=prisma: the same work in Prisma's $transaction, as before ADR 155.
  const comparedMode: DriverRun["mode"] = process.env.BENCH_COMPARE_WITH === "prisma" ? "transaction" : "apart";
  const compared = comparedMode === "transaction" ? "Prisma's transaction" : "COMMIT apart";
  const comparedLong = comparedMode === "transaction" ? "the same transaction in Prisma's $transaction, as the verb ran before ADR 155" : "the verb with its COMMIT a round trip after the append, as before ADR 163";
  const { commits, listener } = await listenForCommits(databaseUrl);
  // BENCH_TRACE_DIR: this process's pauses too (it hears the commits and sees the denials), and every change's times.
  tracePauses("observer");
  const traceDir = process.env.BENCH_TRACE_DIR;

  const witnessDir = mkdtempSync(path.join(tmpdir(), "tsunagi-bench-witness-"));
  // BENCH_NO_WITNESS=1: without it, to see what it costs the changes beside it (as before ADR 113).
  const witness = process.env.BENCH_NO_WITNESS === "1" ? null : await startChild<{ listening: boolean }>("witness-process.ts", { DATABASE_URL: databaseUrl, BENCH_WITNESS_DIR: witnessDir });
  let witnessCpu: { ms: number; looks: number } | null = null;
  witness?.onMessage((message) => {
    if (message.type === "cpu") witnessCpu = { ms: message.ms as number, looks: message.looks as number };
  });
  const driver = await startChild<Record<string, never>>("withdrawal-driver-process.ts", { DATABASE_URL: databaseUrl });
  // This process is the observer: the LISTEN for commit times and the poller's questions to the bridge.
  const postmaster = postmasterOf((await listener.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid);
  const own = (pid: number | undefined) => () => processCpuMs(pid);
  const processes: Record<string, () => number> = {
    driver: own(driver.process.pid),
    relay: own(options.relay.process.pid),
    bridge: own(options.bridge.process.pid),
    ...(witness ? { witness: own(witness.process.pid) } : {}),
    observer: own(process.pid),
    PostgreSQL: () => processTreeCpuMs(postmaster),
  };
  const owners = new Map<number, string>(
    Object.entries({ driver: driver.process.pid, relay: options.relay.process.pid, bridge: options.bridge.process.pid, witness: witness?.process.pid, observer: process.pid }).flatMap(([name, pid]) => (pid === undefined ? [] : [[pid, name] as const])),
  );
  let currentSamples: string[] = [];
  const pending = new Map<number, string>();
  const deniedAt = new Map<number, number>();
  const otherDenials = new Map<string, number>();
  let events: ({ type: string } & Record<string, unknown>)[] = [];
  let question = withdrawalQuestion;
  let phaseDone: (() => void) | undefined;
  let probeDone: ((roundTrips: number[]) => void) | undefined;
  driver.onMessage((message) => {
    if (message.type === "probe-done") return probeDone?.(message.roundTrips as number[]);
    events.push(message);
    // Asked about from its commit on (the verb returned): before it, no answer can be a denial, and every question the
    // observer asks costs the shared cores a decision and its log row (bench/RESULTS.md, "Issue 60, ADR 166").
    if (message.type === "finished") pending.set(message.index as number, currentSamples[message.index as number]!);
    if (message.type === "phase-done") phaseDone?.();
  });

  let polling = true;
  const poller = (async () => {
    while (polling) {
      const began = wallClock();
      if (pending.size > 0) {
        const asked = [...pending].slice(0, 10_000);
        try {
          const decisions = await askDecisions(bridgeUrl, gateToken, asked.map(([, subject]) => ({ subject, ...question.item })));
          const arrived = wallClock();
          decisions.forEach((decision, position) => {
            const [index] = asked[position]!;
            if (decision.reason === question.deniedReason) {
              deniedAt.set(index, arrived);
              pending.delete(index);
            } else if (!decision.allowed && decision.reason !== "notice_not_given") {
              otherDenials.set(decision.reason, (otherDenials.get(decision.reason) ?? 0) + 1);
            }
          });
        } catch (error) {
          otherDenials.set(`request failed: ${(error as Error).message}`, (otherDenials.get(`request failed: ${(error as Error).message}`) ?? 0) + 1);
        }
      }
      const rest = POLL_MS - (wallClock() - began);
      if (rest > 0) await pause(rest);
    }
  })();

  const runPhase = async (phase: PhaseOptions): Promise<PhaseResult> => {
    events = [];
    question = phase.question ?? withdrawalQuestion;
    deniedAt.clear();
    otherDenials.clear();
    currentSamples = phase.participants.map((participant) => participant.sample);
    const done = new Promise<void>((resolve) => (phaseDone = resolve));
    const job: DriverRun = {
      type: "run",
      mode: phase.mode,
      participantIds: phase.participants.map((participant) => participant.id),
      ratePerSecond: TARGET_PER_SECOND,
      durationMs: phase.durationMs,
      maxInFlight: phase.maxInFlight,
      actorUserId: cohort.coordinatorId,
    };
    const cpuBefore = readPhaseCpu(processes);
    const postgresBefore = traceDir ? postgresCpuByOwner(postmaster, owners) : {};
    driver.send(job);
    await done;
    // Whatever committed must still be seen denied; give stragglers up to 15 s.
    const finished = events.filter((event) => event.type === "finished");
    const deadline = wallClock() + 15_000;
    while (finished.some((event) => !deniedAt.has(event.index as number)) && wallClock() < deadline) await pause(20);
    // Counted to the last denial seen: the relay's, the bridge's and the witness's work for the phase's last changes.
    const cpu = cpuBetween(cpuBefore, readPhaseCpu(processes));
    if (traceDir) {
      // Whose work PostgreSQL's time was, a change: the backends by the process they serve, and the server's own.
      const finishedCount = events.filter((event) => event.type === "finished").length;
      const byOwner = Object.entries(postgresCpuByOwner(postmaster, owners)).map(([owner, value]) => [owner, (value - (postgresBefore[owner] ?? 0)) / Math.max(1, finishedCount)]);
      appendFileSync(path.join(traceDir, "postgres-cpu.jsonl"), `${JSON.stringify({ mode: phase.mode, changes: finishedCount, msEach: Object.fromEntries(byOwner) })}\n`);
    }
    for (const event of events) if (event.type === "failed") pending.delete(event.index as number);

    const startedAt = new Map(events.filter((event) => event.type === "started").map((event) => [event.index as number, event.at as number]));
    const propagation: number[] = [];
    const toCommit: number[] = [];
    const afterCommit: number[] = [];
    const commitTimes: number[] = [];
    let notDenied = 0;
    for (const event of finished) {
      const index = event.index as number;
      const committedAt = commits.get(event.globalSeq as string);
      if (committedAt === undefined) continue;
      commitTimes.push(committedAt);
      toCommit.push(committedAt - startedAt.get(index)!);
      afterCommit.push((event.at as number) - committedAt);
      const denied = deniedAt.get(index);
      if (denied === undefined) notDenied++;
      else propagation.push(denied - committedAt);
      if (traceDir) {
        const times = { mode: phase.mode, index, started: startedAt.get(index), committed: committedAt, returned: event.at, denied: denied ?? null };
        appendFileSync(path.join(traceDir, "changes.jsonl"), `${JSON.stringify(times)}\n`);
      }
    }
    commitTimes.sort((a, b) => a - b);
    const firstStart = Math.min(...startedAt.values());
    const lastCommit = commitTimes[commitTimes.length - 1] ?? firstStart;
    const summary = events.find((event) => event.type === "phase-done")!;
    return {
      seconds: summary.seconds as number,
      ranOut: (summary.started as number) >= phase.participants.length,
      cpuMsEach: (summary.cpuMs as number) / Math.max(1, commitTimes.length),
      started: startedAt.size,
      committed: commitTimes.length,
      failed: events.filter((event) => event.type === "failed").map((event) => String(event.error)),
      notDenied,
      rate: commitTimes.length / ((lastCommit - firstStart) / 1000),
      propagation,
      toCommit,
      afterCommit,
      commitGaps: commitTimes.slice(1).map((at, position) => at - commitTimes[position]!),
      otherDenials: new Map(otherDenials),
      cpu,
    };
  };

  const everyone = cohort.participantIds.map((id, index) => ({ id, sample: cohort.sampleCodes[index]! }));
  const participants = everyone.slice(0, everyone.length - options.stopParticipants);
  const stoppers = everyone.slice(everyone.length - options.stopParticipants);
  let verb: PhaseResult;
  let stop: PhaseResult;
  let transaction: PhaseResult;
  let sequential: PhaseResult;
  let sequentialVerb: PhaseResult;
  let roundTrip: ReturnType<typeof spreadOf>;
  let commit: ReturnType<typeof spreadOf>;
  try {
    // The verb returns at its commit (the PDF copy and the notices are jobs enqueued in its transaction, ADR 031),
    // so it runs as many in flight as the transaction phase does.
    // A running system is warm: the driver's first changes (a cold JIT, connections still opening) are not the verb's.
    const warm = participants.slice(0, options.warmupParticipants);
    await runPhase({ mode: "verb", participants: warm.slice(0, warm.length / 2), durationMs: 4_000, maxInFlight: 16 });
    await runPhase({ mode: comparedMode, participants: warm.slice(warm.length / 2), durationMs: 4_000, maxInFlight: 16 });
    // And the witness has looked at the whole ledger: started after the cohort's seeding, its first look records those
    // thousands of events at once, which a running system's witness did as they came (ADR 113).
    if (witness) await witnessCaughtUp(databaseUrl, path.join(witnessDir, WITNESS_LOG_NAME));
    const measured = participants.slice(options.warmupParticipants);
    const rest = measured.slice(options.verbParticipants);
    // The two paths in halves, in the order verb, Prisma, Prisma, verb: whatever the system does meanwhile (autovacuum
    // after the cohort's seeding, the checkpointer) falls on both alike. Each path's figures are over its two halves.
    const verbHalves = halves(measured.slice(0, options.verbParticipants));
    const transactionHalves = halves(rest.slice(0, options.transactionParticipants));
    const firstVerb = await runPhase({ mode: "verb", participants: verbHalves[0], durationMs: 5_000, maxInFlight: 16 });
    const firstTransaction = await runPhase({ mode: comparedMode, participants: transactionHalves[0], durationMs: 5_000, maxInFlight: 16 });
    transaction = joinPhases(firstTransaction, await runPhase({ mode: comparedMode, participants: transactionHalves[1], durationMs: 5_000, maxInFlight: 16 }));
    verb = joinPhases(firstVerb, await runPhase({ mode: "verb", participants: verbHalves[1], durationMs: 5_000, maxInFlight: 16 }));
    // One at a time, the verb (its plain transaction, ADR 155) and then the same transaction in Prisma's, each on half
    // of what is left: the uncontended cost of an append, and the driver's CPU each, side by side.
    const alone = rest.slice(options.transactionParticipants);
    const half = Math.floor(alone.length / 2);
    sequentialVerb = await runPhase({ mode: "verb", participants: alone.slice(0, half), durationMs: 4_000, maxInFlight: 1 });
    sequential = await runPhase({ mode: comparedMode, participants: alone.slice(half), durationMs: 4_000, maxInFlight: 1 });
    // The same path, the same pace, another event: a stop of provision (never notified, so denied before it as
    // notice_not_given; the answer changes to provision_stopped when the stop arrives).
    // Long enough for every one of them at the rate the verbs reach here (under half the pace): the p99 is over all.
    stop = await runPhase({ mode: "stop", question: stopQuestion, participants: stoppers, durationMs: 15_000, maxInFlight: 16 });
    const probed = new Promise<number[]>((resolve) => (probeDone = resolve));
    driver.send({ type: "probe" });
    roundTrip = spreadOf(await probed);
    commit = await timeCommits(databaseUrl, 50);
  } finally {
    polling = false;
    await poller;
    await driver.stop();
    await witness?.stop();
    await listener.end();
  }
  // Commit → recorded by the witness, for every commit this process heard.
  const witnessLag: number[] = [];
  let unwitnessed = commits.size;
  for await (const event of readWitnessLog(path.join(witnessDir, "ledger-witness.jsonl"))) {
    const committedAt = commits.get(event.globalSeq);
    if (committedAt === undefined) continue;
    unwitnessed--;
    witnessLag.push(Date.parse(event.seenAt) - committedAt);
  }
  rmSync(witnessDir, { recursive: true, force: true });

  const report = (label: string, result: PhaseResult, goalPerSecond = TARGET_PER_SECOND) => {
    const spread = spreadOf(result.propagation);
    print(line(`   ${label}: change rate`, `${perSecond(result.rate)} (${result.committed} committed in ${result.seconds.toFixed(1)} s${result.ranOut ? ", all the participants there were" : ""})`, { text: `${goalPerSecond}/s`, met: result.rate >= goalPerSecond * 0.95 }));
    print(line(`   ${label}: propagation p50 / p99 / max`, `${ms(spread.p50, 0)} / ${ms(spread.p99, 0)} / ${ms(spread.max, 0)}`, { text: `p99 < ${GOAL_P99_MS} ms`, met: spread.p99 < GOAL_P99_MS && result.notDenied === 0 }));
    const other = [...result.otherDenials].map(([reason, count]) => `${reason} ×${count}`).join(", ");
    if (result.failed.length || result.notDenied || other) {
      print(`   (${label}: ${result.failed.length} failed${result.failed[0] ? ` — first: ${result.failed[0]}` : ""}; ${result.notDenied} committed but never seen denied; other answers while polling: ${other || "none"})`);
    }
  };
  const verbSplit = spreadOf(verb.toCommit);
  const verbAfter = spreadOf(verb.afterCommit);
  const lock = spreadOf(transaction.commitGaps);
  const txToCommit = spreadOf(transaction.toCommit);
  print(`3. Withdrawal propagation, commit → bridge denies analyze: real PostgreSQL, relay, bridge (100,000 + ${everyone.length.toLocaleString("en-US")} subjects) and driver as child processes, paced at ${TARGET_PER_SECOND}/s, poll every ${POLL_MS} ms`);
  // Issue 13's goal for the verb: at least 100 consent changes a second now that the PDF is a job (it was 3–6).
  report("withdrawConsent (the verb)", verb, VERB_GOAL_PER_SECOND);
  print(line("   ratio the verb / the verb one at a time", (verb.rate / sequentialVerb.rate).toFixed(2)));
  print(`   (the verb: start → commit p50 ${ms(verbSplit.p50, 0)}, commit → returned p50 ${ms(verbAfter.p50, 0)}: the PDF copy and notices are jobs, run by no worker here; driver CPU ${ms(verb.cpuMsEach, 2)} a change)`);
  print(line("   CPU a change, the verb", cpuLine(verb)));
  print(`   Beside it, ${comparedLong}:`);
  report(compared, transaction);
  print(line(`   ratio the verb / ${compared}: rate; driver CPU a change`, `${(verb.rate / transaction.rate).toFixed(2)}; ${(verb.cpuMsEach / transaction.cpuMsEach).toFixed(2)} (${ms(verb.cpuMsEach, 2)} / ${ms(transaction.cpuMsEach, 2)})`));
  print(line(`   CPU a change, ${compared}`, cpuLine(transaction)));
  print(`   Beside it, issue 58: stopProvision (the verb) for ${stoppers.length.toLocaleString("en-US")} participants, commit → bridge denies a certified producer's share (provision_stopped)`);
  report("stopProvision (the verb)", stop);
  print(line("   ratio stop p99 / withdrawal (the verb) p99", (spreadOf(stop.propagation).p99 / spreadOf(verb.propagation).p99).toFixed(2), { text: "p99 < 100 ms (issue 58)", met: spreadOf(stop.propagation).p99 < 100 && stop.notDenied === 0 }));
  for (const [label, phase] of [["the verb, one at a time", sequentialVerb], [`${compared}, one at a time`, sequential]] as const) {
    const alone = spreadOf(phase.propagation);
    print(
      line(
        `   ${label}`,
        `${perSecond(phase.rate)} (${ms(1000 / phase.rate, 1)} a commit, ${ms(phase.cpuMsEach, 2)} of the driver's CPU each); propagation p50 ${ms(alone.p50, 0)} p99 ${ms(alone.p99, 0)}`,
      ),
    );
  }
  print(line("   CPU a change, the verb one at a time", cpuLine(sequentialVerb)));
  print("   (the bridge's CPU includes answering this process's questions every 5 ms; the observer is this process: its LISTEN and those questions)");
  if (witness) print(
    line(
      "   the witness (ADR 113): commit → recorded outside the database p50 / p99 / max",
      `${ms(spreadOf(witnessLag).p50, 0)} / ${ms(spreadOf(witnessLag).p99, 0)} / ${ms(spreadOf(witnessLag).max, 0)} over ${witnessLag.length} events${unwitnessed > 0 ? `; ${unwitnessed} never recorded` : ""}`,
    ),
  );
  const cpu = witnessCpu as { ms: number; looks: number } | null;
  if (cpu && witnessLag.length > 0) {
    print(line("   the witness and checkpointer's process: CPU per event", `${ms(cpu.ms / witnessLag.length, 2)} (${ms(cpu.ms, 0)} in all, ${cpu.looks} looks)`));
  }
  print(
    `   (${compared}, up to 16 in flight: start → commit p50 ${ms(txToCommit.p50, 0)}; consecutive commits ${ms(lock.p50, 1)} apart at the median — the ledger lock is held from pg_advisory_xact_lock to COMMIT, ${STATEMENTS_UNDER_LOCK} round trips, and, unloaded, one Prisma round trip (SELECT 1) takes ${ms(roundTrip.p50, 2)} and a one-row INSERT's COMMIT (its WAL flush) ${ms(commit.p50, 1)} at the median)\n`,
  );
}

