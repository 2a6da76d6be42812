import type { ProcessMetrics } from "@tsunagi/service-kit/metrics";
import type { Env } from "../app/env.server";
import { checkDatabaseLogin, closeDatabaseConnections } from "../app/domain/lifecycle/index.server";
import { startAppCluster, webConcurrency } from "./app-cluster";

export interface WebApp {
  /** The workers' port (PORT, or the one chosen for port 0). */
  readonly port: number;
  readonly workers: number;
  /** Its workers' metrics (ADR 169), for the process's metrics server to add to its own. */
  workerMetrics(): Promise<ProcessMetrics[]>;
  /** Stops the web app's workers, then closes this process's database connections. */
  stop(): Promise<void>;
}

/**
 * The web app's composition root (ADR 028, 055, 129): checks that DATABASE_URL names the app's own login (refusing in
 * production when it does not), then starts the cluster of WEB_CONCURRENCY workers on PORT. It serves and does
 * nothing else: the job worker, the ledger checkpointer, the outbox relay and the bridge are services of their own
 * (services/), which `npm start` runs beside it on one machine. Its entry is `./main.ts`.
 */
export async function startWebApp(env: Env, options: { log?: (line: string) => void; preparing?: Promise<unknown>; besideServices?: boolean } = {}): Promise<WebApp> {
  await checkDatabaseLogin("app", { enforce: env.NODE_ENV === "production" || process.env.NODE_ENV === "production" });
  const app = await startAppCluster({ workers: webConcurrency(env, { besideServices: options.besideServices }), port: env.PORT, host: env.HOST, log: options.log, preparing: options.preparing });
  return {
    get port() {
      return app.port;
    },
    workers: app.workers,
    workerMetrics: () => app.workerMetrics(),
    async stop() {
      await app.close();
      await closeDatabaseConnections();
    },
  };
}
