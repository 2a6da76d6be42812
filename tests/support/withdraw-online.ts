import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import { withdrawConsent, type WithdrawConsentInput } from "../../app/domain/consent/records/withdraw-consent.server";
import { requestFrom } from "../factories/user-factory";

/**
 * The participant withdraws, themselves, online: the app's own verb, so the outbox, relay and bridge see exactly
 * what a real withdrawal writes. No further use unless the test says otherwise.
 */
export function withdrawOnline(
  participant: { id: string; user?: { id: string } | null },
  options: { level?: WithdrawConsentInput["level"]; language?: WithdrawConsentInput["language"] } = {},
): Promise<LedgerEventRecord> {
  if (!participant.user) throw new Error(`participant ${participant.id} has no account to withdraw online with`);
  return withdrawConsent({
    participantId: participant.id,
    level: options.level ?? "no_further_use",
    actor: { userId: participant.user.id, role: "participant" },
    method: "online",
    language: options.language ?? "en",
    request: requestFrom(),
  });
}
