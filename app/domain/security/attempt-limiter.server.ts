import type pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { getPool } from "../../db.server";
import { keyedDigestHex } from "./keyed-hash.server";

/**
 * One limit: at most `points` attempts per `durationSeconds`, counted from the first in the window. The counters
 * live in PostgreSQL (table rate_limit.counter, created by migration 20261122110000 for the application role),
 * so every app process shares them, and each count is one atomic upsert (INSERT … ON CONFLICT … RETURNING):
 * thirty requests at once get thirty different counts, never one count read thirty times.
 */
export interface AttemptLimit {
  /** Stored as the counter's key prefix; unique per limit. */
  name: string;
  points: number;
  durationSeconds: number;
}

const limiters = new WeakMap<pg.Pool, Map<string, RateLimiterPostgres>>();

function limiterFor(limit: AttemptLimit): RateLimiterPostgres {
  const pool = getPool();
  let byName = limiters.get(pool);
  if (!byName) {
    byName = new Map();
    limiters.set(pool, byName);
  }
  let limiter = byName.get(limit.name);
  if (!limiter) {
    limiter = new RateLimiterPostgres({
      storeClient: pool,
      storeType: "pool",
      schemaName: "rate_limit",
      tableName: "counter",
      // The table comes from a migration: the application role may use it but not create tables.
      tableCreated: true,
      keyPrefix: limit.name,
      points: limit.points,
      duration: limit.durationSeconds,
      // One limiter per pool sweeps expired counters (every 5 minutes, those expired an hour ago).
      clearExpiredByTimeout: byName.size === 0,
    });
    byName.set(limit.name, limiter);
  }
  return limiter;
}

/** Counter keys are keyed digests: the table holds no e-mail address or IP address in clear. */
function counterKey(parts: readonly string[]): string {
  return keyedDigestHex("rate-limit-key", JSON.stringify(parts));
}

export interface LimitedKey {
  limit: AttemptLimit;
  /** What is counted, e.g. [accountKey, ipAddress]. */
  key: readonly string[];
}

export type AttemptDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts one attempt against every given limit before the attempt is evaluated, so the count is the decision
 * with no gap between reading and writing it. The limits are taken one after another, most specific first, and a
 * refusal gives back the points already taken: an attempt refused by one limit (the address) uses up none of the
 * others (the account), and of thirty attempts racing on one limit of ten, exactly ten are let through.
 */
export async function takeAttempt(keys: readonly LimitedKey[]): Promise<AttemptDecision> {
  const taken: LimitedKey[] = [];
  for (const entry of keys) {
    try {
      await limiterFor(entry.limit).consume(counterKey(entry.key));
      taken.push(entry);
    } catch (outcome) {
      await Promise.all(taken.map(giveBack));
      // A store that cannot be reached lets nothing through: the error surfaces and the sign-in fails closed.
      if (!(outcome instanceof RateLimiterRes)) throw outcome;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(outcome.msBeforeNext / 1000)) };
    }
  }
  return { allowed: true };
}

/** Returns the point an attempt took: it turned out not to be a failure. */
export async function giveBack({ limit, key }: LimitedKey): Promise<void> {
  await limiterFor(limit).reward(counterKey(key), 1);
}

/** Clears a count of consecutive failures after a success. */
export async function clearCount({ limit, key }: LimitedKey): Promise<void> {
  await limiterFor(limit).delete(counterKey(key));
}
