import { isIP } from "node:net";
import path from "node:path";
import { checkpointerEnvFields, jobWorkerEnvFields, parseEnvWith, relayEnvFields, sharedEnvFields } from "@tsunagi/service-kit/env-fields";
import { logEnvFields } from "@tsunagi/service-kit/logger";
import { z } from "zod";
import { metricsEnvFields } from "@tsunagi/service-kit/metrics";
import { tracingEnvFields } from "@tsunagi/service-kit/tracing";

/**
 * Every environment variable the app and the scripts read, and the job worker's handlers (the app's code, ADR 129).
 * Parsed once; a bad value stops the process with a message naming the variable (README.md lists them all). It
 * includes the outbox relay's, the ledger checkpointer's and the job worker's own fields, since `npm start` runs them
 * in its process; each of those services, and the pipeline bridge, has its own schema
 * (services/<service>/src/*-env.ts), and the variables several read are defined once, in
 * `@tsunagi/service-kit/env-fields`.
 */

export const EnvSchema = z.object({
  NODE_ENV: sharedEnvFields.NODE_ENV,
  DATABASE_URL: sharedEnvFields.DATABASE_URL,
  TSUNAGI_DATA_DIR: sharedEnvFields.TSUNAGI_DATA_DIR,
  EMBEDDED_POSTGRES_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /**
   * How many web app processes run, sharing PORT (a cluster; ADR 028). Unset: one per core this process may use
   * (os.availableParallelism()), less one under `npm start`, whose services share the machine (ADR 158). The relay,
   * the checkpointer and the job worker run once, whatever this is (services of their own; `npm start` runs each once
   * in its primary process).
   */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  /** The address the web app listens on: this machine only unless opened (0.0.0.0, ::, or one interface's address). */
  HOST: z.string().regex(/^[^\s/]+$/, "must be an IP address or a host name").default("127.0.0.1"),
  /** Where the bridge listens (read here to find it on this machine: the relay's default BRIDGE_URL, `npm start`). */
  BRIDGE_PORT: sharedEnvFields.BRIDGE_PORT,
  BRIDGE_HOST: sharedEnvFields.BRIDGE_HOST,
  /**
   * The reverse proxies whose X-Forwarded-For/-Proto/-Host the app believes: addresses and CIDR ranges, or loopback,
   * linklocal, uniquelocal (Express's "trust proxy" list), comma-separated. Unset: none — the client is the socket's peer.
   */
  TRUST_PROXY: z
    .string()
    .refine((value) => value.split(",").every((entry) => isProxyAddress(entry.trim())), "must be addresses or CIDR ranges (or loopback, linklocal, uniquelocal), comma-separated")
    .transform((value) => value.split(",").map((entry) => entry.trim()))
    .optional(),
  /** Unset: `http://localhost:<PORT>`, so links in mail reach an app started on another port (parseEnv). */
  APP_URL: z.url().optional(),
  APP_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
    .optional(),
  MAIL_FROM: z.string().min(3).default("Tsunagi <no-reply@tsunagi.localhost>"),
  // The outbox relay's variables: `npm start` runs it (services/outbox-relay, ADR 103).
  ...relayEnvFields,
  /** Outbox rows every destination acknowledged are deleted after this many days (ADR 052); the ledger is kept. */
  OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /**
   * The bridge's decision rows are kept this many whole months, then summarised per month and dropped (ADR 053); never
   * under 36 (MIN_DECISION_LOG_RETENTION_MONTHS, which the database enforces as well).
   */
  DECISION_LOG_RETENTION_MONTHS: z.coerce.number().int().min(36).max(1200).default(60),
  ...checkpointerEnvFields,
  ...jobWorkerEnvFields,
  /**
   * The least level logged (fatal, error, warn, info, debug, trace, silent); info writes one line per request. Read
   * by the logger itself (@tsunagi/service-kit/logger, ADR 027); here so a bad value stops the start with its name.
   */
  LOG_LEVEL: logEnvFields.LOG_LEVEL,
  /** A file the log's JSON lines are appended to instead of stdout (the browser tests keep theirs in the data folder). */
  LOG_FILE: logEnvFields.LOG_FILE,
  ...metricsEnvFields,
  ...tracingEnvFields,
  RECONTACT_AS_NEEDED_CAP: sharedEnvFields.RECONTACT_AS_NEEDED_CAP,
  /**
   * The push services a device's Web Push subscription may name (ADR 110): comma-separated origins, `https://*.host`
   * for any subdomain. Unset: the browsers' own services (app/domain/push/push-endpoint.ts).
   */
  PUSH_SERVICE_ORIGINS: z.string().min(1).optional(),
});

export type Env = Omit<z.infer<typeof EnvSchema>, "APP_URL"> & { APP_URL: string };

const proxyNames = new Set(["loopback", "linklocal", "uniquelocal"]);

/** One entry of TRUST_PROXY. Express would also take "true" or a hop count; both believe any client that asks, so they are refused. */
function isProxyAddress(entry: string): boolean {
  if (proxyNames.has(entry)) return true;
  const [address = "", prefix, ...rest] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

let cached: Env | undefined;

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const env = parseEnvWith(EnvSchema, source);
  return { ...env, APP_URL: env.APP_URL ?? `http://localhost:${env.PORT}` };
}

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For tests that change process.env between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}

export function dataDir(env: Env = getEnv()): string {
  return path.resolve(env.TSUNAGI_DATA_DIR);
}

export function mailDir(env: Env = getEnv()): string {
  return path.join(dataDir(env), "mail");
}
