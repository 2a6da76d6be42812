import { parseEnvWith, sharedEnvFields } from "@tsunagi/service-kit/env-fields";
import { logEnvFields } from "@tsunagi/service-kit/logger";
import { z } from "zod";
import { metricsEnvFields } from "@tsunagi/service-kit/metrics";
import { tracingEnvFields } from "@tsunagi/service-kit/tracing";

/**
 * Every environment variable the pipeline bridge reads, and nothing else: the bridge is its own service and does not
 * read the web app's settings (issue 12). Variables the app also reads are defined once in
 * `@tsunagi/service-kit/env-fields`. README.md, "Environment variables", lists them.
 */
export const BridgeEnvSchema = z.object({
  NODE_ENV: sharedEnvFields.NODE_ENV,
  DATABASE_URL: sharedEnvFields.DATABASE_URL,
  TSUNAGI_DATA_DIR: sharedEnvFields.TSUNAGI_DATA_DIR,
  BRIDGE_PORT: sharedEnvFields.BRIDGE_PORT,
  BRIDGE_HOST: sharedEnvFields.BRIDGE_HOST,
  RECONTACT_AS_NEEDED_CAP: sharedEnvFields.RECONTACT_AS_NEEDED_CAP,
  /** The bridge denies everything when it has not heard the relay for this long (fail closed). */
  BRIDGE_STALENESS_MS: z.coerce.number().int().min(500).max(3_600_000).default(10_000),
  /** How long the bridge trusts a checked API token before asking the database again (revocation also evicts at once). */
  BRIDGE_TOKEN_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  /** How long the bridge waits for its database where an answer depends on it; past it, decisions deny (issue 27). */
  BRIDGE_DATABASE_DEADLINE_MS: z.coerce.number().int().min(100).max(30_000).default(1_000),
  /** The bridge's ES256 signing keys (a JWK set with private keys). Unset: generated once under TSUNAGI_DATA_DIR. */
  BRIDGE_SIGNING_KEYS_FILE: z.string().optional(),
  /** NATS server(s), comma-separated, whose consent stream this bridge follows (ADR 051). */
  NATS_URL: z.string().min(1).optional(),
  /** `jetstream`: follow the consent stream as a durable consumer (the default when NATS_URL is set); `http`: only the relay's HTTP delivery. */
  BRIDGE_FEED: z.enum(["http", "jetstream"]).optional(),
  /** Names this replica's durable consumer on the stream; unique per replica and kept across restarts. Default: the host name. */
  BRIDGE_REPLICA_ID: z.string().regex(/^[A-Za-z0-9_.-]{1,48}$/).optional(),
  /** The least level logged, and a file for the log's JSON lines instead of stdout (ADR 027). */
  LOG_LEVEL: logEnvFields.LOG_LEVEL,
  LOG_FILE: logEnvFields.LOG_FILE,
  ...metricsEnvFields,
  ...tracingEnvFields,
});

export type BridgeEnv = z.infer<typeof BridgeEnvSchema>;

export function parseBridgeEnv(source: NodeJS.ProcessEnv): BridgeEnv {
  const env = parseEnvWith(BridgeEnvSchema, source);
  if (env.BRIDGE_FEED === "jetstream" && !env.NATS_URL) throw new Error("BRIDGE_FEED=jetstream needs NATS_URL: the NATS server(s) whose consent stream the bridge follows.");
  return env;
}
