import type { ConsentStatus } from "@tsunagi/consent-rules/consent-projection";
import type { WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";

/** Choices may change while consent stands, and after a "no further contact" withdrawal (data is still used). */
export function choicesChangeable(status: ConsentStatus, level: WithdrawalLevel | null): boolean {
  return status !== "withdrawn" || level === "no_contact";
}
