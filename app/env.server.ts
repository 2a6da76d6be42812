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
  BRIDGE_PORT: z.coerce.number().int().min(1).max(65535).default(3100),
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
});

export type Env = z.infer<typeof EnvSchema>;

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
