import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";

/**
 * Every environment variable the app, the bridge and the scripts read. Parsed once; a bad value stops the
 * process with a message naming the variable (README.md lists them all).
 */
export const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// connection URL")
    .optional(),
  TSUNAGI_DATA_DIR: z.string().min(1).default(".data"),
  EMBEDDED_POSTGRES_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** The address the web app listens on: this machine only unless opened (0.0.0.0, ::, or one interface's address). */
  HOST: z.string().regex(/^[^\s/]+$/, "must be an IP address or a host name").default("127.0.0.1"),
  BRIDGE_PORT: z.coerce.number().int().min(1).max(65535).default(3100),
  /** The address the pipeline bridge listens on; opened on its own, since pipeline clusters reach it, not browsers. */
  BRIDGE_HOST: z.string().regex(/^[^\s/]+$/, "must be an IP address or a host name").default("127.0.0.1"),
  /**
   * The reverse proxies whose X-Forwarded-For/-Proto/-Host the app believes: addresses and CIDR ranges, or loopback,
   * linklocal, uniquelocal (Express's "trust proxy" list), comma-separated. Unset: none — the client is the socket's peer.
   */
  TRUST_PROXY: z
    .string()
    .refine((value) => value.split(",").every((entry) => isProxyAddress(entry.trim())), "must be addresses or CIDR ranges (or loopback, linklocal, uniquelocal), comma-separated")
    .transform((value) => value.split(",").map((entry) => entry.trim()))
    .optional(),
  APP_URL: z.url().default("http://localhost:3000"),
  APP_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
    .optional(),
  MAIL_FROM: z.string().min(3).default("Tsunagi <no-reply@tsunagi.localhost>"),
  NATS_URL: z.string().optional(),
  /** Where the outbox relay delivers consent changes; by default the bridge on BRIDGE_PORT of this machine. */
  BRIDGE_URL: z.url().optional(),
  /** The relay's API token (scope bridge:ingest). Unset: the relay issues itself one, kept in TSUNAGI_DATA_DIR. */
  RELAY_TOKEN: z.string().optional(),
  /** How often the relay reports its high-water mark to the bridge. */
  RELAY_HEARTBEAT_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  /** The bridge denies everything when it has not heard the relay for this long (fail closed). */
  BRIDGE_STALENESS_MS: z.coerce.number().int().min(500).max(3_600_000).default(10_000),
  /** How long the bridge trusts a checked API token before asking the database again (revocation also evicts at once). */
  BRIDGE_TOKEN_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  /** The bridge's ES256 signing keys (a JWK set with private keys). Unset: generated once under TSUNAGI_DATA_DIR. */
  BRIDGE_SIGNING_KEYS_FILE: z.string().optional(),
  /** The ledger checkpoints' ES256 keys (a JWK set; ADR 012). Unset: generated once under TSUNAGI_DATA_DIR. */
  LEDGER_CHECKPOINT_KEYS_FILE: z.string().optional(),
  /** The append-only checkpoint log kept outside the database. Unset: TSUNAGI_DATA_DIR/ledger-checkpoints.jsonl. */
  LEDGER_CHECKPOINT_LOG: z.string().optional(),
  /**
   * How often the checkpointer looks for a moved head without being notified. At most 40 s, so that with the
   * settling second and two checkpoint runs a consent event is checkpointed within 60 s (ADR 012).
   */
  LEDGER_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(1_000).max(40_000).default(15_000),
});

export type Env = z.infer<typeof EnvSchema>;

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
  const result = EnvSchema.safeParse(
    Object.fromEntries(Object.entries(source).filter(([, value]) => value !== "")),
  );
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}\nSee README.md, "Environment variables".`);
  }
  return result.data;
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
