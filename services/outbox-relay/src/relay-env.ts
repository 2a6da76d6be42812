import { parseEnvWith, relayEnvFields, sharedEnvFields } from "@tsunagi/service-kit/env-fields";
import { logEnvFields } from "@tsunagi/service-kit/logger";
import { z } from "zod";
import { metricsEnvFields } from "@tsunagi/service-kit/metrics";
import { tracingEnvFields } from "@tsunagi/service-kit/tracing";

/**
 * Every environment variable the outbox relay reads, and nothing else: the relay is its own service and does not read
 * the web app's settings (issue 31 item 3, ADR 103). Its own variables and those it shares with the app and the bridge
 * are defined once in `@tsunagi/service-kit/env-fields`. README.md, "Environment variables", lists them.
 */
export const RelayEnvSchema = z.object({
  NODE_ENV: sharedEnvFields.NODE_ENV,
  DATABASE_URL: sharedEnvFields.DATABASE_URL,
  BRIDGE_PORT: sharedEnvFields.BRIDGE_PORT,
  BRIDGE_HOST: sharedEnvFields.BRIDGE_HOST,
  ...relayEnvFields,
  LOG_LEVEL: logEnvFields.LOG_LEVEL,
  LOG_FILE: logEnvFields.LOG_FILE,
  ...metricsEnvFields,
  ...tracingEnvFields,
});

export type RelayEnv = z.infer<typeof RelayEnvSchema>;

/** The relay's settings from an environment; a bad value stops it with a message naming the variable. */
export function parseRelayEnv(source: NodeJS.ProcessEnv = process.env): RelayEnv {
  return parseEnvWith(RelayEnvSchema, source);
}
