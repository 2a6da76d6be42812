import cluster, { type Worker } from "node:cluster";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serviceLogger } from "@tsunagi/service-kit/logger";
import type { ProcessMetrics } from "@tsunagi/service-kit/metrics";
import type { Env } from "../app/env.server";

/**
 * The web app as `npm start` runs it: a cluster of app processes (server/app-worker.ts) sharing one listening
 * socket, which this primary process hands out connection by connection (Node's round-robin scheduling). Nothing a
 * request needs lives in one process: sessions and rate-limit counters are in PostgreSQL, captured mail in the data
 * folder, and every in-process cache is keyed by immutable data (ADR 028). What must happen once — the outbox relay,
 * the ledger checkpointer, the scheduled jobs — runs in the primary, never in a worker. A worker that dies is
 * replaced; the others keep serving meanwhile.
 */

export interface AppClusterOptions {
  workers: number;
  port: number;
  host?: string;
  /** Production serves build/; development (tests) compiles the app with Vite in each worker, without file watching. */
  mode?: "production" | "development";
  /** How long a stopping worker may finish its requests before it is killed. */
  stopGraceMs?: number;
  log?: (line: string) => void;
  /**
   * `npm start` only: settles once the demo's accounts exist. Until then each worker answers its landing and sign-in
   * pages with the "starting" page (server/starting-page.ts), so no sign-in is offered before it works (issue 55).
   */
  preparing?: Promise<unknown>;
  /**
   * The worker to fork. By default the primary's own kind: compiled services fork the bundle's app-worker.mjs, and a
   * primary run from source forks server/app-worker.ts through tsx. A test that drives the primary from source may name
   * the bundle's worker, the one `npm start` forks (tests/integration/app-cluster.test.ts).
   */
  workerScript?: string;
}

export interface AppCluster {
  /** The port the cluster listens on (the one asked for, or the one chosen for port 0). */
  port: number;
  workers: number;
  /** The process ids of the workers serving now (for operators and tests). */
  workerPids(): number[];
  /** Resolves when `count` workers are serving (after a replacement, say). */
  whenServing(count?: number): Promise<void>;
  /** Each serving worker's metrics (ADR 169), asked over IPC; a worker that does not answer within 2 s is left out. */
  workerMetrics(): Promise<ProcessMetrics[]>;
  close(): Promise<void>;
}

/**
 * How many app processes run: WEB_CONCURRENCY, else one per core the process may use — less one when the services run
 * on the same machine (`npm start`: the bridge, the relay, the checkpointer and the job worker in the primary, most
 * often PostgreSQL beside them; ADR 158), so that a page's load cannot take every core from the bridge's decisions and
 * a withdrawal's way to them. Never fewer than one.
 */
export function webConcurrency(env: Pick<Env, "WEB_CONCURRENCY">, options: { besideServices?: boolean } = {}, cores = availableParallelism()): number {
  return env.WEB_CONCURRENCY ?? Math.max(1, cores - (options.besideServices ? 1 : 0));
}

/** What a worker is told to do once forked (sent over IPC, so no internal variables join the environment). */
export interface WorkerStart {
  type: "start";
  port: number;
  host?: string;
  mode: "production" | "development";
  /** The demo is still being prepared: serve the "starting" page until a `prepared` message comes. */
  preparing: boolean;
}

/** Sent to every worker once the demo is prepared (AppClusterOptions.preparing). */
export interface WorkerPrepared {
  type: "prepared";
}

/** Set in every chunk of the compiled services (scripts/lib/services-build.ts, ADR 081); absent under tsx. */
declare const __servicesBundleUrl: string | undefined;
const compiledBundle = typeof __servicesBundleUrl === "string" ? __servicesBundleUrl : undefined;

/** Compiled services fork the compiled worker beside them; under tsx, the worker's source. */
const defaultWorkerScript = compiledBundle ? fileURLToPath(new URL("app-worker.mjs", compiledBundle)) : path.join(import.meta.dirname, "app-worker.ts");

/** A worker's flags are the primary's (--cpu-prof, say), with tsx added for a TypeScript worker when the primary lacks it. */
function workerExecArgv(script: string): string[] {
  const inherited = process.execArgv;
  return !script.endsWith(".ts") || inherited.some((flag) => flag.includes("tsx")) ? inherited : [...inherited, "--import", "tsx"];
}

export async function startAppCluster(options: AppClusterOptions): Promise<AppCluster> {
  if (!cluster.isPrimary) throw new Error("startAppCluster runs in the primary process only");
  const mode = options.mode ?? "production";
  // Unless told otherwise, a worker's stop and replacement are warnings in the app's log (ADR 027).
  const log = options.log ?? ((line: string) => serviceLogger("app").warn(line.replace(/^\[tsunagi\] /, "")));
  const stopGraceMs = options.stopGraceMs ?? 10_000;
  const workerScript = options.workerScript ?? defaultWorkerScript;
  cluster.setupPrimary({ exec: workerScript, execArgv: workerExecArgv(workerScript) });

  const serving = new Map<number, Worker>();
  const waiters: { count: number; resolve: () => void }[] = [];
  let port = options.port;
  let stopping = false;
  let preparing = options.preparing !== undefined;
  // A worker forked after this learns it from its start message; one serving before it, from this message.
  void options.preparing?.then(
    () => {
      preparing = false;
      const prepared: WorkerPrepared = { type: "prepared" };
      for (const worker of Object.values(cluster.workers ?? {})) if (worker?.isConnected()) worker.send(prepared, undefined, () => undefined);
    },
    () => undefined,
  );

  const settleWaiters = () => {
    for (const waiter of [...waiters]) {
      if (serving.size >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };

  /** Forks one worker; resolves once it listens, rejects if it exits first. */
  const fork = () =>
    new Promise<Worker>((resolve, reject) => {
      // React and Remix pick their code paths from NODE_ENV when first imported.
      const worker = cluster.fork({ NODE_ENV: mode === "production" ? "production" : (process.env.NODE_ENV ?? "development") });
      // Every worker asks for the same port as given: for port 0, Node's primary keeps one socket under that key
      // and shares the port it chose, where asking for the chosen number would open a second socket (EADDRINUSE).
      const start = (): WorkerStart => ({ type: "start", port: options.port, host: options.host, mode, preparing });
      worker.on("message", (message: { type?: string; port?: number }) => {
        // The worker asks once it listens for messages (one sent on "online" could arrive before that and be lost).
        if (message.type === "waiting") worker.send(start());
        if (message.type !== "ready") return;
        if (message.port) port = message.port;
        serving.set(worker.id, worker);
        settleWaiters();
        resolve(worker);
      });
      worker.once("exit", (code, signal) => {
        const wasServing = serving.delete(worker.id);
        if (!wasServing) {
          reject(new Error(`An app worker exited before it was serving (${signal ?? `exit code ${code}`})`));
          return;
        }
        // A worker exits 0 only when asked to stop: by the primary, or by Ctrl+C, which reaches the whole process
        // group (app-worker.ts) while the primary is still stopping what comes before the app. Not replaced.
        if (stopping || (code === 0 && !signal)) return;
        log(`[tsunagi] App worker ${worker.process.pid} stopped (${signal ?? `exit code ${code}`}); starting another`);
        setTimeout(() => {
          if (!stopping) fork().catch((error: unknown) => log(`[tsunagi] Could not replace an app worker: ${error instanceof Error ? error.message : String(error)}`));
        }, 1_000).unref();
      });
    });

  // One worker first, then the others: each spends a few seconds of CPU loading the build, and on a small machine
  // (two shared cores) starting them all at once delays the first page by as many times; once one serves, the
  // others start beside it (issue 29).
  const first = await Promise.allSettled([fork()]);
  const started = first[0]!.status === "rejected" ? first : [...first, ...(await Promise.allSettled(Array.from({ length: options.workers - 1 }, () => fork())))];
  const failed = started.find((outcome) => outcome.status === "rejected");
  if (failed) {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
    throw failed.reason;
  }

  const stopWorker = (worker: Worker) =>
    new Promise<void>((resolve) => {
      if (worker.isDead()) return resolve();
      const killer = setTimeout(() => worker.process.kill("SIGKILL"), stopGraceMs);
      worker.once("exit", () => {
        clearTimeout(killer);
        resolve();
      });
      // Ctrl+C reached the worker too, so it may be exiting on its own: its channel may already be closing. With a
      // callback, a message that cannot be sent is an error passed here, not an 'error' event that would crash this
      // process; the worker's exit resolves all the same.
      if (worker.isConnected()) worker.send({ type: "stop" }, undefined, () => undefined);
    });

  return {
    get port() {
      return port;
    },
    workers: options.workers,
    workerPids: () => [...serving.values()].map((worker) => worker.process.pid!).filter(Boolean),
    whenServing: (count = options.workers) =>
      new Promise<void>((resolve) => {
        waiters.push({ count, resolve });
        settleWaiters();
      }),
    workerMetrics: () => Promise.all([...serving.values()].map((worker) => askWorkerMetrics(worker))).then((all) => all.filter((metrics): metrics is ProcessMetrics => metrics !== undefined)),
    async close() {
      stopping = true;
      await Promise.all(Object.values(cluster.workers ?? {}).flatMap((worker) => (worker ? [stopWorker(worker)] : [])));
    },
  };
}

/** A worker's answer to `{ type: "metrics", id }` (server/app-worker.ts). */
export interface WorkerMetricsAnswer {
  type: "metrics";
  id: number;
  metrics: ProcessMetrics;
}

let metricsAsked = 0;

function askWorkerMetrics(worker: Worker): Promise<ProcessMetrics | undefined> {
  if (!worker.isConnected()) return Promise.resolve(undefined);
  const id = ++metricsAsked;
  return new Promise((resolve) => {
    const done = (metrics: ProcessMetrics | undefined) => {
      clearTimeout(timer);
      worker.off("message", listen);
      resolve(metrics);
    };
    const listen = (message: Partial<WorkerMetricsAnswer>) => {
      if (message.type === "metrics" && message.id === id) done(message.metrics);
    };
    const timer = setTimeout(() => done(undefined), 2_000);
    worker.on("message", listen);
    worker.send({ type: "metrics", id }, undefined, (error) => {
      if (error) done(undefined);
    });
  });
}
