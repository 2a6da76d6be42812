/**
 * Child process: withdraws participants at a paced rate, so the measuring process is never held up by the work.
 * On `{ type: "run", mode, participantIds, ratePerSecond, durationMs, maxInFlight, actorUserId }` it starts one
 * withdrawal (level no_further_use, by phone through a coordinator) every 1/rate seconds until the duration or the
 * participants run out, never more than maxInFlight at once (a late start goes as soon as a slot frees):
 *   - mode "verb": the app's withdrawConsent, as a route calls it (its PDF copy and notices enqueued as jobs), in its
 *     plain pg transaction (ADR 155);
 *   - mode "apart": the verb's plain transaction with its COMMIT a round trip of its own after the ledger append, as
 *     before ADR 163 (the append now carries it);
 *   - mode "transaction": the same work (withdrawConsentInTransaction: participant lock and state read, journeys
 *     closed, audit row, ledger append with its outbox row and NOTIFY, the follow-up job) in Prisma's interactive
 *     transaction, as the verb ran before ADR 155: the two side by side in one run.
 * With `direct` (true or false), the app's direct publish to NATS after COMMIT (ADR 159) is turned on (to
 * BENCH_DRIVER_NATS_URL, connected before the first start) or off for the phase: the same verb with and without it,
 * side by side in one run.
 * It reports `started` (index, at) before each call, `finished` (index, globalSeq, at) or `failed` after, and
 * `phase-done` (with this process's CPU time over the phase) at the end. Times are wall-clock milliseconds (comparable with the parent's). On `{ type: "probe" }`
 * it times 200 sequential Prisma round trips and answers `probe-done`.
 */
import { disconnectDatabase, getDatabase, plainTransaction } from "../../app/db.server";
import { withdrawConsent, withdrawConsentInTransaction } from "../../app/domain/consent/records/withdraw-consent.server";
import { stopProvision } from "../../app/domain/consent/records/provision-under-law.server";
import { directConsentPublishActive, startDirectConsentPublish, stopDirectConsentPublish } from "../../app/domain/consent/ledger/outbox/publish-consent-change.server";
import { stopOnRequest } from "./child-process";
import { pause, wallClock } from "./figures";

export interface DriverRun {
  type: "run";
  mode: "verb" | "transaction" | "apart" | "stop";
  participantIds: string[];
  ratePerSecond: number;
  durationMs: number;
  maxInFlight: number;
  actorUserId: string;
  /** The app's direct publish after COMMIT on or off for this phase (ADR 159); unset: as it was. */
  direct?: boolean;
}

const request = { ipAddress: "127.0.0.1", userAgent: "tsunagi bench" };

async function withdraw(mode: DriverRun["mode"], participantId: string, actorUserId: string): Promise<string> {
  if (mode === "stop") {
    // Issue 58: the stop of provision to certified producers, by phone through a coordinator (ADR 140).
    const { event } = await stopProvision({ participantId, actor: { userId: actorUserId, role: "coordinator" }, method: "phone", request });
    if (!event) throw new Error("provision was already stopped");
    return event.globalSeq;
  }
  if (mode === "verb") {
    const event = await withdrawConsent({ participantId, level: "no_further_use", actor: { userId: actorUserId, role: "coordinator" }, method: "phone", language: "ja", request });
    return event.globalSeq;
  }
  if (mode === "apart") {
    // The verb's plain transaction with COMMIT as a round trip of its own after the append, as before ADR 163.
    const event = await plainTransaction(
      getDatabase(),
      (tx) => withdrawConsentInTransaction(tx, { participantId, level: "no_further_use", actor: { userId: actorUserId, role: "coordinator" }, method: "phone", language: "ja", request }),
      { commitWithLastStatement: false },
    );
    return event.globalSeq;
  }
  const event = await getDatabase().$transaction((tx) =>
    withdrawConsentInTransaction(tx, { participantId, level: "no_further_use", actor: { userId: actorUserId, role: "coordinator" }, method: "phone", language: "ja", request }),
  );
  return event.globalSeq;
}

async function run(job: DriverRun): Promise<void> {
  if (job.direct === true) {
    startDirectConsentPublish(process.env.BENCH_DRIVER_NATS_URL!);
    while (!directConsentPublishActive()) await pause(20);
  } else if (job.direct === false) await stopDirectConsentPublish();
  const started = wallClock();
  const cpu = process.cpuUsage();
  const interval = 1000 / job.ratePerSecond;
  let inFlight = 0;
  let slotFreed: (() => void) | undefined;
  const running = new Set<Promise<void>>();
  let next = 0;
  for (; next < job.participantIds.length && next * interval < job.durationMs; next++) {
    const wait = started + next * interval - wallClock();
    if (wait > 0) await pause(wait);
    while (inFlight >= job.maxInFlight) await new Promise<void>((resolve) => (slotFreed = resolve));
    // Behind schedule, starts bunch up but never run past the duration: the rate reached is the figure.
    if (wallClock() - started >= job.durationMs) break;
    const index = next;
    inFlight++;
    process.send!({ type: "started", index, at: wallClock() });
    const call = withdraw(job.mode, job.participantIds[index]!, job.actorUserId).then(
      (globalSeq) => void process.send!({ type: "finished", index, globalSeq, at: wallClock() }),
      (error: unknown) => void process.send!({ type: "failed", index, error: error instanceof Error ? error.message.slice(-300) : String(error), at: wallClock() }),
    );
    const tracked = call.finally(() => {
      inFlight--;
      running.delete(tracked);
      slotFreed?.();
      slotFreed = undefined;
    });
    running.add(tracked);
  }
  await Promise.all([...running]);
  const used = process.cpuUsage(cpu);
  process.send!({ type: "phase-done", started: next, seconds: (wallClock() - started) / 1000, cpuMs: (used.user + used.system) / 1000 });
}

/** Sequential `SELECT 1` through the app's Prisma client: what one statement under the ledger lock costs at least. */
async function probeRoundTrips(count: number): Promise<void> {
  const db = getDatabase();
  const roundTrips: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = wallClock();
    await db.$queryRaw`SELECT 1`;
    roundTrips.push(wallClock() - started);
  }
  process.send!({ type: "probe-done", roundTrips });
}

process.on("message", (message) => {
  const type = (message as { type?: string }).type;
  if (type === "run") void run(message as DriverRun);
  if (type === "probe") void probeRoundTrips(200);
});
stopOnRequest(async () => {
  await stopDirectConsentPublish();
  await disconnectDatabase();
});
// Connect before the first timed call, so the pool's first connections are not part of a measured withdrawal.
await getDatabase().$queryRaw`SELECT 1`;
process.send!({ type: "ready" });
