import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";
import { inviteParticipantsReachingMajority } from "../app/domain/consent/majority/invite-at-majority.server";
import { scheduleUpdateDigest } from "../app/domain/updates/schedule-update-digest.server";

const log = serviceLogger("app");

const SIX_HOURS = 6 * 3600_000;

/**
 * Work that follows the calendar rather than a request: inviting participants who have turned 18 to consent for
 * themselves, and queueing the programme updates' weekly digest. Runs shortly after start and every six hours;
 * both are idempotent, so several app instances running them do no harm beyond a wasted query.
 */
export function startScheduledJobs(): () => void {
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
  const first = setTimeout(run, 60_000);
  const every = setInterval(run, SIX_HOURS);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
