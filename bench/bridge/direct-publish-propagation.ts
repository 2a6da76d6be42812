/**
 * Benchmark 3b (issue 60 Deliver 3b, ADR 159): withdrawal propagation with the bridge fed as `npm start` with NATS_URL
 * feeds it — the relay publishing to JetStream (and posting over HTTP), the bridge following the stream — through the
 * verb with the app's direct publish after COMMIT off and on, side by side in one run (phases off, on, on, off).
 * Commit and denial are timed as in benchmark 3 (withdrawal-propagation.ts): the ledger's NOTIFY on this process's
 * LISTEN, and the first batch-decision answer saying withdrawn_no_further_use.
 */
import { askDecisions } from "./ask-decisions";
import { startChild } from "./child-process";
import { line, ms, pause, perSecond, spreadOf, wallClock } from "./figures";
import type { ConsentedCohort } from "./seed-consented-participants";
import type { DriverRun } from "./withdrawal-driver-process";
import { listenForCommits } from "./withdrawal-propagation";

const RATE_PER_SECOND = 200;
const POLL_MS = 5;
const GOAL_P99_MS = 50;

interface DirectPhase {
  rate: number;
  committed: number;
  notDenied: number;
  failed: number;
  propagation: number[];
  otherDenials: Map<string, number>;
}

export async function benchmarkDirectPublish(options: {
  databaseUrl: string;
  natsUrl: string;
  bridgeUrl: string;
  gateToken: string;
  cohort: ConsentedCohort;
  warmupParticipants: number;
  /** For each of the four measured phases. */
  phaseParticipants: number;
  print: (text: string) => void;
}): Promise<void> {
  const { databaseUrl, bridgeUrl, gateToken, cohort, print } = options;
  const { commits, listener } = await listenForCommits(databaseUrl);
  const driver = await startChild<Record<string, never>>("withdrawal-driver-process.ts", { DATABASE_URL: databaseUrl, BENCH_DRIVER_NATS_URL: options.natsUrl });
  let samples: string[] = [];
  const pending = new Map<number, string>();
  const deniedAt = new Map<number, number>();
  const otherDenials = new Map<string, number>();
  let events: ({ type: string } & Record<string, unknown>)[] = [];
  let phaseDone: (() => void) | undefined;
  driver.onMessage((message) => {
    events.push(message);
    // Asked about from its commit on, as in withdrawal-propagation.ts.
    if (message.type === "finished") pending.set(message.index as number, samples[message.index as number]!);
    if (message.type === "phase-done") phaseDone?.();
  });
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const began = wallClock();
      if (pending.size > 0) {
        const asked = [...pending];
        try {
          const decisions = await askDecisions(bridgeUrl, gateToken, asked.map(([, subject]) => ({ subject, action: "analyze", purpose: "DUO:0000006" })));
          const arrived = wallClock();
          decisions.forEach((decision, position) => {
            const [index] = asked[position]!;
            if (decision.reason === "withdrawn_no_further_use") {
              deniedAt.set(index, arrived);
              pending.delete(index);
            } else if (!decision.allowed) otherDenials.set(decision.reason, (otherDenials.get(decision.reason) ?? 0) + 1);
          });
        } catch (error) {
          const reason = `request failed: ${(error as Error).message}`;
          otherDenials.set(reason, (otherDenials.get(reason) ?? 0) + 1);
        }
      }
      const rest = POLL_MS - (wallClock() - began);
      if (rest > 0) await pause(rest);
    }
  })();

  const runPhase = async (direct: boolean, participants: { id: string; sample: string }[], durationMs: number): Promise<DirectPhase> => {
    events = [];
    deniedAt.clear();
    otherDenials.clear();
    samples = participants.map((participant) => participant.sample);
    const done = new Promise<void>((resolve) => (phaseDone = resolve));
    const job: DriverRun = { type: "run", mode: "verb", participantIds: participants.map((participant) => participant.id), ratePerSecond: RATE_PER_SECOND, durationMs, maxInFlight: 16, actorUserId: cohort.coordinatorId, direct };
    driver.send(job);
    await done;
    const finished = events.filter((event) => event.type === "finished");
    const deadline = wallClock() + 15_000;
    while (finished.some((event) => !deniedAt.has(event.index as number)) && wallClock() < deadline) await pause(20);
    for (const event of events) if (event.type === "failed") pending.delete(event.index as number);
    const startedAt = events.filter((event) => event.type === "started").map((event) => event.at as number);
    const propagation: number[] = [];
    const commitTimes: number[] = [];
    let notDenied = 0;
    for (const event of finished) {
      const committedAt = commits.get(event.globalSeq as string);
      if (committedAt === undefined) continue;
      commitTimes.push(committedAt);
      const denied = deniedAt.get(event.index as number);
      if (denied === undefined) notDenied++;
      else propagation.push(denied - committedAt);
    }
    const lastCommit = Math.max(...commitTimes);
    return {
      rate: commitTimes.length / ((lastCommit - Math.min(...startedAt)) / 1000),
      committed: commitTimes.length,
      notDenied,
      failed: events.filter((event) => event.type === "failed").length,
      propagation,
      otherDenials: new Map(otherDenials),
    };
  };
  const join = (first: DirectPhase, second: DirectPhase): DirectPhase => {
    const other = new Map(first.otherDenials);
    for (const [reason, count] of second.otherDenials) other.set(reason, (other.get(reason) ?? 0) + count);
    return {
      rate: (first.committed + second.committed) / (first.committed / first.rate + second.committed / second.rate),
      committed: first.committed + second.committed,
      notDenied: first.notDenied + second.notDenied,
      failed: first.failed + second.failed,
      propagation: [...first.propagation, ...second.propagation],
      otherDenials: other,
    };
  };

  const everyone = cohort.participantIds.map((id, index) => ({ id, sample: cohort.sampleCodes[index]! }));
  const warm = everyone.slice(0, options.warmupParticipants);
  const measured = everyone.slice(options.warmupParticipants);
  const part = (index: number) => measured.slice(index * options.phaseParticipants, (index + 1) * options.phaseParticipants);
  let off: DirectPhase;
  let on: DirectPhase;
  try {
    await runPhase(true, warm.slice(0, warm.length / 2), 2_000);
    await runPhase(false, warm.slice(warm.length / 2), 2_000);
    // Off, on, on, off: whatever the machine does meanwhile falls on both alike.
    const firstOff = await runPhase(false, part(0), 5_000);
    const firstOn = await runPhase(true, part(1), 5_000);
    on = join(firstOn, await runPhase(true, part(2), 5_000));
    off = join(firstOff, await runPhase(false, part(3), 5_000));
  } finally {
    polling = false;
    await poller;
    await driver.stop();
    await listener.end();
  }
  print(`3b. The same withdrawal with the bridge on NATS as \`npm start\` with NATS_URL runs it (the relay publishing to JetStream and posting over HTTP, the bridge following the stream), the app's direct publish after COMMIT off and on (ADR 159), paced at ${RATE_PER_SECOND}/s, phases off, on, on, off`);
  const report = (label: string, phase: DirectPhase) => {
    const spread = spreadOf(phase.propagation);
    print(line(`   ${label}: change rate`, `${perSecond(phase.rate)} (${phase.committed} committed)`, { text: `${RATE_PER_SECOND}/s`, met: phase.rate >= RATE_PER_SECOND * 0.95 }));
    print(line(`   ${label}: propagation p50 / p99 / max`, `${ms(spread.p50, 0)} / ${ms(spread.p99, 0)} / ${ms(spread.max, 0)}`, { text: `p99 < ${GOAL_P99_MS} ms`, met: spread.p99 < GOAL_P99_MS && phase.notDenied === 0 }));
    const other = [...phase.otherDenials].map(([reason, count]) => `${reason} ×${count}`).join(", ");
    if (phase.failed || phase.notDenied || other) print(`   (${label}: ${phase.failed} failed; ${phase.notDenied} committed but never seen denied; other answers while polling: ${other || "none"})`);
  };
  report("direct publish off (the relay alone)", off);
  report("direct publish on", on);
  const ratio = (fraction: number) => (spreadOf(on.propagation)[fraction === 0.5 ? "p50" : "p99"] / spreadOf(off.propagation)[fraction === 0.5 ? "p50" : "p99"]).toFixed(2);
  print(line("   ratio on / off: propagation p50; p99", `${ratio(0.5)}; ${ratio(0.99)}`));
  print("");
}
