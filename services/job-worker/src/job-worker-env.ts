import { jobWorkerEnvFields, parseEnvWith, sharedEnvFields } from "@tsunagi/service-kit/env-fields";
import { logEnvFields } from "@tsunagi/service-kit/logger";
import { z } from "zod";
import { metricsEnvFields } from "@tsunagi/service-kit/metrics";

/**
 * Every environment variable the job worker itself reads (ADR 129): its own and those it shares are defined once in
 * `@tsunagi/service-kit/env-fields`, and the web app's schema includes the same fields, as `npm start` runs the worker.
 * Its handlers are the app's code and read the app's settings (app/env.server.ts), which its composition root checks
 * at start too. README.md, "Environment variables", lists them.
 */
export const JobWorkerEnvSchema = z.object({
  NODE_ENV: sharedEnvFields.NODE_ENV,
  DATABASE_URL: sharedEnvFields.DATABASE_URL,
  ...jobWorkerEnvFields,
  LOG_LEVEL: logEnvFields.LOG_LEVEL,
  LOG_FILE: logEnvFields.LOG_FILE,
  ...metricsEnvFields,
});

export type JobWorkerEnv = z.infer<typeof JobWorkerEnvSchema>;

/** The worker's settings from an environment; a bad value stops it with a message naming the variable. */
export function parseJobWorkerEnv(source: NodeJS.ProcessEnv = process.env): JobWorkerEnv {
  return parseEnvWith(JobWorkerEnvSchema, source);
}
