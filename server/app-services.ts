import type { Env } from "../app/env.server";
import { checkDatabaseLogin } from "../app/domain/lifecycle/index.server";
import { closeDatabaseConnections } from "../app/domain/lifecycle/index.server";
import { startAppCluster, webConcurrency } from "./app-cluster";

export interface AppServices {
  /** The workers' port (PORT, or the one chosen for port 0). */
  readonly port: number;
  readonly workers: number;
  /** Runs the calendar's work (majority check, updates digest) now rather than a minute after start (ADR 111). */
  runScheduledJobsNow(): Promise<void>;
  /** Stops the scheduled jobs, the ledger checkpointer and the job queue's worker; the web app keeps serving. */
  stopBackgroundWork(): Promise<void>;
  /** Stops the background work (if not yet stopped), then the web app's workers, then closes the database pool. */
  stop(): Promise<void>;
}

/**
 * The web app as one service (ADR 028, ADR 055): checks that DATABASE_URL names the app's own login (refusing in
 * production when it does not), then starts the cluster of WEB_CONCURRENCY workers on PORT and, once, in this
 * process, the scheduled jobs, the ledger checkpointer and the job queue's worker. The relay and the bridge are
 * services of their own; `npm start` runs them beside this on one machine.
 */
export async function startAppServices(env: Env, options: { log?: (line: string) => void; preparing?: Promise<unknown> } = {}): Promise<AppServices> {
  await checkDatabaseLogin("app", { enforce: env.NODE_ENV === "production" || process.env.NODE_ENV === "production" });
  const starting = startAppCluster({ workers: webConcurrency(env), port: env.PORT, host: env.HOST, log: options.log, preparing: options.preparing });
  starting.catch(() => undefined); // awaited below
  // What runs once, here, is loaded while the workers load the build (much of the domain code: a second or more).
  const [{ startJobRunner }, { startLedgerCheckpointerFromEnv }, { startScheduledJobs }] = await Promise.all([
    import("../app/wiring/job-runner.server"),
    import("./ledger-checkpointer"),
    import("./scheduled-jobs"),
  ]);
  const app = await starting;
  const scheduledJobs = startScheduledJobs();
  // Signed checkpoints of the ledger's heads, kept outside the database too (ADR 012), within a minute of each change.
  const checkpointer = await startLedgerCheckpointerFromEnv(env);
  // The job queue's worker (ADR 031): the consent PDF copies and every queued mail. Once, here, whatever the number
  // of app processes; it hears of new jobs by LISTEN/NOTIFY.
  const jobRunner = await startJobRunner();
  let backgroundStopped: Promise<void> | undefined;
  const stopBackgroundWork = () =>
    (backgroundStopped ??= (async () => {
      scheduledJobs.stop();
      await Promise.all([checkpointer.stop(), jobRunner.stop()]);
    })());
  return {
    get port() {
      return app.port;
    },
    workers: app.workers,
    runScheduledJobsNow: () => scheduledJobs.runNow(),
    stopBackgroundWork,
    async stop() {
      await stopBackgroundWork();
      await app.close();
      await closeDatabaseConnections();
    },
  };
}
