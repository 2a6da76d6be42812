import type { ConsentNoticeKind } from "../../../../emails/templates/consent-notice";
import { jobArguments, type JobArguments } from "../../jobs/index.server";
import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";

/** Which consent events have a follow-up (their PDF copy and the notice it sends), and the job that runs it. */
export const noticeFor: Partial<Record<LedgerEventRecord["type"], ConsentNoticeKind>> = {
  granted: "consent_recorded",
  reconsented: "consent_recorded",
  proxy_granted: "consent_recorded",
  transferred_at_majority: "consent_recorded",
  choices_changed: "choices_changed",
  withdrawn: "withdrawal_recorded",
  // The 2024 law's stop (ADR 140): a confirmation to the person and their proxies; no PDF copy and no receipt, which
  // are the consent's versions' (isConsentVersionEvent).
  provision_stopped: "provision_stopped",
  // A death or loss of capacity (ADR 143): the person's proxies are told; the mail to the person is withheld at delivery.
  death_recorded: "life_event_recorded",
  incapacity_recorded: "life_event_recorded",
};

/**
 * The follow-up of a consent event, for every consent verb to queue inside its transaction: its PDF copy, then the
 * notice mail, as a job that commits with the event or not at all (ADR 031). The verb then returns at commit; a crash
 * after it loses nothing, and a verb that rolls back leaves no job behind. Returned as arguments for the statement that
 * writes it beside the event's audit row, before the ledger lock (appendConsentEvent, ADR 083); null when the event's
 * type has no follow-up.
 */
export function consentFollowUpJob(event: Pick<LedgerEventRecord, "id" | "type">): JobArguments | null {
  if (!noticeFor[event.type]) return null;
  return jobArguments("consent.follow-up", { consentEventId: event.id });
}
