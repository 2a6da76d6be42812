import { checkpointerEnvFields, parseEnvWith, sharedEnvFields } from "@tsunagi/service-kit/env-fields";
import { logEnvFields } from "@tsunagi/service-kit/logger";
import { z } from "zod";
import { metricsEnvFields } from "@tsunagi/service-kit/metrics";

/**
 * Every environment variable the ledger checkpointer reads, and nothing else (issue 31 item 3, ADR 106): its own
 * variables and those it shares are defined once in `@tsunagi/service-kit/env-fields`; the web app's schema includes
 * the same fields, as the app's process runs it. README.md, "Environment variables", lists them.
 */
export const CheckpointerEnvSchema = z.object({
  NODE_ENV: sharedEnvFields.NODE_ENV,
  DATABASE_URL: sharedEnvFields.DATABASE_URL,
  TSUNAGI_DATA_DIR: sharedEnvFields.TSUNAGI_DATA_DIR,
  ...checkpointerEnvFields,
  LOG_LEVEL: logEnvFields.LOG_LEVEL,
  LOG_FILE: logEnvFields.LOG_FILE,
  ...metricsEnvFields,
});

export type CheckpointerEnv = z.infer<typeof CheckpointerEnvSchema>;

/** The checkpointer's settings from an environment; a bad value stops it with a message naming the variable. */
export function parseCheckpointerEnv(source: NodeJS.ProcessEnv = process.env): CheckpointerEnv {
  return parseEnvWith(CheckpointerEnvSchema, source);
}
