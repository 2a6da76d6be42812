import { fromStoredLanguage } from "../../i18n/languages";
import { enqueueMail } from "../mail/index.server";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";

const log = serviceLogger("app");

export type FactorChange = "totp_enrolled" | "totp_removed" | "passkey_added" | "passkey_removed" | "recovery_codes_regenerated";

/** Queued after commit (ADR 031); if someone else changed the factor, this mail is how the owner finds out. */
export async function notifyFactorChange(
  user: { id: string; email: string; preferredLanguage: "ja" | "ja_easy" | "en" },
  change: FactorChange,
  occurredAt: Date,
): Promise<void> {
  try {
    await enqueueMail({ to: user.email, userId: user.id, language: fromStoredLanguage(user.preferredLanguage), template: "second-factor-changed", props: { change, occurredAt } });
  } catch (error) {
    log.warn({ userId: user.id, change, error: errorText(error) }, "factor-change mail not queued");
  }
}
