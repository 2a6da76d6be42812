import { z } from "zod";

/**
 * The environment variables more than one process reads, defined once. The web app (app/env.server.ts) and the
 * pipeline bridge (services/pipeline-bridge/src/bridge-env.ts) each compose their own schema from these and their own
 * variables, so neither depends on the other (issue 12). README.md, "Environment variables", lists them all.
 */
export const sharedEnvFields = {
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// connection URL")
    .optional(),
  TSUNAGI_DATA_DIR: z.string().min(1).default(".data"),
  BRIDGE_PORT: z.coerce.number().int().min(1).max(65535).default(3100),
  /** The address the pipeline bridge listens on; opened on its own, since pipeline clusters reach it, not browsers. */
  BRIDGE_HOST: z.string().regex(/^[^\s/]+$/, "must be an IP address or a host name").default("127.0.0.1"),
  /**
   * How many research messages (campaigns and study invitations) a participant who chose `recontact.frequency:
   * as_needed` may receive in any rolling 12 months (ADR 033). The app claims by it and the bridge counts a study's
   * invitable pseudonyms by it (ADR 138): one variable, so they cannot disagree.
   */
  RECONTACT_AS_NEEDED_CAP: z.coerce.number().int().min(1).max(52).default(4),
};

/**
 * The outbox relay's variables (services/outbox-relay/src/relay-env.ts), defined once: the relay composes its schema
 * of them and the shared fields, and the web app's schema includes them because `npm start` runs the relay.
 */
export const relayEnvFields = {
  NATS_URL: z.string().optional(),
  /** Where the outbox relay delivers consent changes; by default the bridge on BRIDGE_PORT of this machine. */
  BRIDGE_URL: z.url().optional(),
  /** The relay's API token (scope bridge:ingest). Unset: `npm start` and `npm run relay` issue one, kept in TSUNAGI_DATA_DIR. */
  RELAY_TOKEN: z.string().optional(),
  /** How often the relay reports its high-water mark to the bridge. */
  RELAY_HEARTBEAT_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  /** How often a standby relay asks for the leader lock (ADR 049); the leader confirms its hold every 15 s, or this if longer (ADR 111). */
  RELAY_LEADER_CHECK_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  /**
   * How long a change may wait for a destination before the relay's heartbeats say so: none on NATS (ADR 051), and to
   * the bridge over HTTP one claiming the outbox's head, so it denies until it has the change (ADR 066).
   */
  RELAY_MAX_LAG_MS: z.coerce.number().int().min(100).max(600_000).default(1000),
};

/**
 * The ledger checkpointer's variables (services/ledger-checkpointer/src/checkpointer-env.ts), defined once: its schema
 * is made of them, and the web app's includes them because `npm start` runs the checkpointer (ADR 012, 106, 129).
 */
export const checkpointerEnvFields = {
  /** The ledger checkpoints' ES256 keys (a JWK set; ADR 012). Unset: generated once under TSUNAGI_DATA_DIR. */
  LEDGER_CHECKPOINT_KEYS_FILE: z.string().optional(),
  /** The append-only checkpoint log kept outside the database. Unset: TSUNAGI_DATA_DIR/ledger-checkpoints.jsonl. */
  LEDGER_CHECKPOINT_LOG: z.string().optional(),
  /**
   * How often the checkpointer looks for a moved head without being notified. At most 40 s, so that with the
   * settling second and two checkpoint runs a consent event is checkpointed within 60 s (ADR 012).
   */
  LEDGER_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(1_000).max(40_000).default(15_000),
};

/** Five cron fields (minute hour day month weekday): digits, `*`, `,`, `-` and `/` only. */
const CRON_TIMES = /^[\d*,/-]+( [\d*,/-]+){4}$/;

/**
 * The job worker's variables (services/job-worker/src/job-worker-env.ts), defined once: its schema is made of them,
 * and the web app's includes them because `npm start` runs the worker (ADR 031, 129).
 */
export const jobWorkerEnvFields = {
  /**
   * When the public transparency figures are recomputed and when a signed checkpoint is published (issue 16; ADRs 045,
   * 046 and 114): five-field cron times in UTC, as graphile-worker's crontab reads them. The figures hourly; a
   * checkpoint every 10 minutes, whether or not anything moved, so the list does not tell when consent changes happen
   * and outsiders learn of a rollback within the interval.
   */
  TRANSPARENCY_SNAPSHOT_CRON: z.string().regex(CRON_TIMES, "five cron fields, e.g. 7 * * * *").default("7 * * * *"),
  TRANSPARENCY_CHECKPOINT_CRON: z.string().regex(CRON_TIMES, "five cron fields, e.g. */10 * * * *").default("*/10 * * * *"),
};

/**
 * Parses the environment with a schema, ignoring empty values (an unset variable and `VAR=` mean the same). A bad
 * value stops the process with a message naming the variable.
 */
export function parseEnvWith<Schema extends z.ZodType>(schema: Schema, source: NodeJS.ProcessEnv): z.infer<Schema> {
  const result = schema.safeParse(Object.fromEntries(Object.entries(source).filter(([, value]) => value !== "")));
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}\nSee README.md, "Environment variables".`);
  }
  return result.data;
}
