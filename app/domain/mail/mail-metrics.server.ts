import { counter } from "@tsunagi/service-kit/metrics";

/**
 * Mail as those who run Tsunagi watch it (issue 61, ADR 169): each attempt's outcome as the delivery log records it —
 * sent, retrying (the queue backs off), failed (the last attempt; the job parked), bounced (the address undeliverable),
 * withheld (its contact no longer allowed). Counted in the process that sends (the job worker; the web app for the
 * sign-in and invitation mail it sends at once).
 */
const mail = counter("tsunagi_mail_messages_total", "Mail delivery attempts by outcome: sent, retrying, failed, bounced, withheld", ["outcome"]);

export function recordMailOutcome(outcome: "sent" | "retrying" | "failed" | "bounced" | "withheld"): void {
  mail.inc({ outcome });
}
