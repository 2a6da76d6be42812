import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";
import { inviteParticipantsReachingMajority } from "../domain/consent/index.server";
import { scheduleUpdateDigest } from "../domain/updates/index.server";

const log = serviceLogger("app");

const SIX_HOURS = 6 * 3600_000;

export interface ScheduledJobs {
  /**
   * Runs the calendar's work now, and the next time six hours from now: `npm start` calls it once its demo is made, so
   * the work is part of the start rather than of the first idle minutes after it (ADR 111).
   */
  runNow(): Promise<void>;
  stop(): void;
}

/**
 * Work that follows the calendar rather than a request: inviting participants who have turned 18 to consent for
 * themselves, and queueing the programme updates' weekly digest. The job worker runs it beside the queue
 * (services/job-worker, ADR 129), a minute after start (unless `runNow` comes first) and every six hours; both are
 * idempotent, so several workers running them do no harm beyond a wasted query.
 */
export function startScheduledJobs(): ScheduledJobs {
  const run = async () => {
    try {
      const result = await inviteParticipantsReachingMajority({ createdById: null });
      if (result.invited.length > 0 || result.needsContact.length > 0) {
        log.warn({ invited: result.invited.length, needContact: result.needsContact.length }, "majority check: participants invited to consent for themselves; some may need contact details from the clinic");
      }
    } catch (error) {
      log.warn({ error: errorText(error) }, "majority check failed");
    }
    try {
      // The programme updates' weekly digest (ADR 038): the job mails only readers whose last digest is a week old.
      await scheduleUpdateDigest();
    } catch (error) {
      log.warn({ error: errorText(error) }, "update digest could not be queued");
    }
  };
  let next: NodeJS.Timeout | undefined;
  const schedule = (afterMs: number) => {
    clearTimeout(next);
    next = setTimeout(() => {
      schedule(SIX_HOURS);
      void run();
    }, afterMs);
    next.unref();
  };
  schedule(60_000);
  return {
    async runNow() {
      schedule(SIX_HOURS);
      await run();
    },
    stop() {
      clearTimeout(next);
      next = undefined;
    },
  };
}
