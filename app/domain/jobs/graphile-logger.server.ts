import { Logger } from "graphile-worker";
import { serviceLogger, withoutEmails } from "@tsunagi/service-kit/logger";

const log = serviceLogger("app");

/** "Failed task 6 (mail.deliver, 113.81ms, attempt 1 of 3) with error …": the attempt and the limit. */
const failedAttempt = /^Failed task .*attempt (\d+) of (\d+)\)/;

/**
 * graphile-worker's own lines, through the app's logger (ADR 027) instead of its console default. A failed attempt
 * that will be retried is a warning (the queue is doing its job); the last one, which parks the job for staff, and
 * every other error are errors. Its messages name job ids, tasks and the task's error — ours carry no address, and
 * anything shaped like one is masked all the same.
 */
export const graphileLogger = new Logger((scope) => (level, message) => {
  const fields = { component: "jobs", ...(scope.taskIdentifier ? { task: scope.taskIdentifier } : {}), ...(scope.jobId ? { jobId: scope.jobId } : {}) };
  const text = withoutEmails(message);
  const attempt = failedAttempt.exec(message);
  if (level === "error" && attempt && Number(attempt[1]) < Number(attempt[2])) log.warn(fields, text);
  else if (level === "error") log.error(fields, text);
  else if (level === "warning") log.warn(fields, text);
  else log.debug(fields, text);
});
