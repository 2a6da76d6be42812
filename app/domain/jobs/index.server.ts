/**
 * The jobs concept's public entry for server code: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export { enqueueJob, jobArguments } from "./enqueue-job.server";
export type { JobArguments } from "./enqueue-job.server";
export { countJobsNeedingAttention } from "./count-jobs-needing-attention.server";
export { graphileLogger } from "./graphile-logger.server";
export { listJobsNeedingAttention } from "./list-jobs-needing-attention.server";
export { RetryParkedJobSchema, retryParkedJob } from "./retry-parked-job.server";
