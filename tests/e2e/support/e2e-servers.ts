// Where each browser-test worker's app server lives: one definition, read by playwright.config.ts (which starts the
// servers) and by support/e2e-env.ts (which points a worker's own code — session cookies, the demo file, the
// mailbox, the database — at its server). ADR 023.
//
// E2E_SLOT (0–9) keeps two runs on one machine apart: slot s owns ports 3200+10s … 3209+10s and PostgreSQL ports
// 54331+10s … 54335+10s. Inside a slot, worker w (Playwright's parallelIndex) gets app port 3200+10s+2w, bridge
// port +1, PostgreSQL port 54331+10s+w and its own data folder. Worker 0 keeps exactly what a single-server run
// always had (slot 0: :3200, :3201, :54331, .data/e2e), so a developer's habits and links still work.

import { availableParallelism } from "node:os";

/** The variables read here (process.env by default; tests pass their own). */
export type Env = Readonly<Record<string, string | undefined>>;

/** At most this many workers per slot: five app/bridge port pairs fit in a slot's ten ports. */
export const maxE2eWorkers = 5;

export interface E2eServer {
  /** Playwright's parallelIndex of the worker that uses this server. */
  index: number;
  port: number;
  bridgePort: number;
  postgresPort: number;
  baseURL: string;
  /** Relative to the repository root (the server's working directory). */
  dataFolder: string;
  /** Where its services' log lines go (LOG_FILE): read after the run by tests/log-privacy (ADR 027). */
  logFile: string;
  /** Only when DATABASE_URL is set: this server's own database on that server (worker 0 keeps the URL as it is). */
  databaseUrl?: string;
}

export function e2eSlot(env: Env = process.env): number {
  const slot = Number(env.E2E_SLOT ?? 0);
  if (!Number.isInteger(slot) || slot < 0 || slot > 9) throw new Error(`E2E_SLOT must be a whole number from 0 to 9, not "${env.E2E_SLOT}"`);
  return slot;
}

/**
 * How many workers (and so app servers) a run uses: E2E_WORKERS, else one and a half per core, at least 3 and at most
 * what a slot holds. On two cores a third keeps both busy while a test waits on its server or on the clock (the
 * scheduled update waits up to 90 s): with three the browser step took 484 s and kept the cores 84 % busy (issue 26,
 * docs/testing.md). A machine with more cores gets more workers, as Vitest's do (vitest.config.ts), so the step is
 * shorter where the suite is given more than two cores (issue 62).
 */
export function e2eWorkerCount(env: Env = process.env, cores: number = availableParallelism()): number {
  const workers = env.E2E_WORKERS === undefined ? Math.min(maxE2eWorkers, Math.max(3, Math.ceil(cores * 1.5))) : Number(env.E2E_WORKERS);
  if (!Number.isInteger(workers) || workers < 1 || workers > maxE2eWorkers) {
    throw new Error(`E2E_WORKERS must be a whole number from 1 to ${maxE2eWorkers}, not "${env.E2E_WORKERS}"`);
  }
  return workers;
}

export function e2eServer(index: number, env: Env = process.env): E2eServer {
  const slot = e2eSlot(env);
  const port = 3200 + slot * 10 + index * 2;
  const slotFolder = slot === 0 ? ".data/e2e" : `.data/e2e-${slot}`;
  const dataFolder = index === 0 ? slotFolder : `${slotFolder}-w${index}`;
  return {
    index,
    port,
    bridgePort: port + 1,
    postgresPort: 54331 + slot * 10 + index,
    baseURL: `http://localhost:${port}`,
    dataFolder,
    logFile: `${dataFolder}/logs/tsunagi.log`,
    databaseUrl: env.DATABASE_URL && index > 0 ? withDatabaseSuffix(env.DATABASE_URL, `_e2e_w${index}`) : env.DATABASE_URL || undefined,
  };
}

/** The worker this process is: Playwright sets TEST_PARALLEL_INDEX in each worker; elsewhere (a CLI helper's parent) 0. */
export function currentE2eServer(env: Env = process.env): E2eServer {
  return e2eServer(Number(env.TEST_PARALLEL_INDEX ?? 0), env);
}

function withDatabaseSuffix(url: string, suffix: string): string {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, "")) || decodeURIComponent(parsed.username) || "postgres";
  parsed.pathname = `/${encodeURIComponent(name + suffix)}`;
  return parsed.toString();
}
