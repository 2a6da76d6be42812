// @vitest-environment node
// Jobs due later run when they fall due, without the worker's poll (issue 30 item 5; ADR 111): the worker here polls
// once an hour, so only `wakeForLaterJobs` can have started what runs within the test. Real PostgreSQL, real
// graphile-worker, a task of the test's own.
import pg from "pg";
import { Logger, run, type Runner } from "graphile-worker";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { JOB_QUEUE_SCHEMA } from "@tsunagi/service-kit/database-login";
import { wakeForLaterJobs, type LaterJobsWaker } from "@tsunagi/job-worker/wake-for-later-jobs";
import { useTestDatabase } from "../support/database";

const database = useTestDatabase();

const AN_HOUR = 60 * 60 * 1000;

async function waitFor<T>(read: () => T | undefined, withinMs = 20_000): Promise<T> {
  const until = Date.now() + withinMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error("not seen in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("jobs due later, woken without the poll", () => {
  let pool: pg.Pool;
  let runner: Runner;
  let waker: LaterJobsWaker;
  const ran: { name: string; at: number }[] = [];
  const failOnce = new Set<string>(["fails-once"]);
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.name);
  const errors: unknown[] = [];

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: database.url, max: 4 });
    process.on("warning", onWarning);
    runner = await run({
      pgPool: pool,
      schema: JOB_QUEUE_SCHEMA,
      concurrency: 2,
      pollInterval: AN_HOUR,
      noHandleSignals: true,
      logger: new Logger(() => () => undefined),
      taskList: {
        "test.later": async (payload) => {
          const { name } = payload as { name: string };
          if (failOnce.delete(name)) throw new Error("the first attempt fails");
          ran.push({ name, at: Date.now() });
        },
      },
    });
    waker = wakeForLaterJobs(pool, runner.events, (error) => errors.push(error));
  });

  afterEach(() => expect(errors).toEqual([]));

  afterAll(async () => {
    waker?.stop();
    await runner?.stop();
    await pool?.end();
    process.off("warning", onWarning);
  });

  const add = async (name: string, inMs: number) => {
    await pool.query(`SELECT ${JOB_QUEUE_SCHEMA}.add_job('test.later', json_build_object('name', $1::text), run_at => now() + make_interval(secs => $2::float8 / 1000), max_attempts => 3)`, [name, inMs]);
    return Date.now();
  };

  it("runs a job when it falls due, not before, though the worker polls only once an hour", async () => {
    // One far off first: the waker's timer must not be pinned to it (nor overflow Node's timer) when a nearer one comes.
    await add("in-thirty-days", 30 * 24 * AN_HOUR);
    const addedAt = await add("in-a-second", 1_000);
    const seen = await waitFor(() => ran.find((job) => job.name === "in-a-second"));
    expect(seen.at - addedAt).toBeGreaterThanOrEqual(900);
    expect(ran.map((job) => job.name)).not.toContain("in-thirty-days");
    expect(warnings).not.toContain("TimeoutOverflowWarning");
  });

  it("runs jobs added one after another for later, each in its turn (a campaign's paced letters)", async () => {
    for (const [index, name] of ["paced-1", "paced-2", "paced-3"].entries()) await add(name, 600 + index * 400);
    await waitFor(() => (["paced-1", "paced-2", "paced-3"].every((name) => ran.some((job) => job.name === name)) ? true : undefined));
    const order = ran.filter((job) => job.name.startsWith("paced-")).map((job) => job.name);
    expect(order).toEqual(["paced-1", "paced-2", "paced-3"]);
  });

  it("retries a failed attempt when its backoff runs out (e seconds for the first)", async () => {
    await add("fails-once", 0);
    const seen = await waitFor(() => ran.find((job) => job.name === "fails-once"));
    expect(seen).toBeDefined();
    // Done: the row is gone. The worker deletes it after the task returns, which is after `ran` records the run, so
    // the test waits for the delete rather than reading once (CI once read the row in that gap).
    const remaining = async () => (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${JOB_QUEUE_SCHEMA}._private_jobs WHERE payload->>'name' = 'fails-once'`)).rows[0]?.n;
    let left = await remaining();
    for (const until = Date.now() + 10_000; left !== 0 && Date.now() < until; left = await remaining()) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(left).toBe(0);
  });
});
