import { fromStoredLanguage } from "../../i18n/languages";
import { sendMail } from "../mail/send-mail.server";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";

const log = serviceLogger("app");

export type FactorChange = "totp_enrolled" | "totp_removed" | "passkey_added" | "passkey_removed" | "recovery_codes_regenerated";

/** Sent after commit; if someone else changed the factor, this mail is how the owner finds out. */
export async function notifyFactorChange(
  user: { id: string; email: string; preferredLanguage: "ja" | "ja_easy" | "en" },
  change: FactorChange,
  occurredAt: Date,
): Promise<void> {
  try {
    await sendMail({ to: user.email, language: fromStoredLanguage(user.preferredLanguage), template: "second-factor-changed", props: { change, occurredAt } });
  } catch (error) {
    log.warn({ userId: user.id, change, error: errorText(error) }, "factor-change mail not sent");
  }
}
