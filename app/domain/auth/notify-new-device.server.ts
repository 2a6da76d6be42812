import { fromStoredLanguage } from "../../i18n/languages";
import { sendMail } from "../mail/send-mail.server";
import type { RequestContext } from "./request-context";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";

const log = serviceLogger("app");

/**
 * Mail is sent after the sign-in has committed: a slow or failing mail server must not undo a sign-in, and a
 * rolled-back sign-in must not send mail. A failure is logged for operators, not shown to the user.
 */
export async function notifyNewDevice(
  user: { id: string; email: string; preferredLanguage: "ja" | "ja_easy" | "en" },
  request: RequestContext,
  occurredAt: Date,
): Promise<void> {
  try {
    await sendMail({
      to: user.email,
      language: fromStoredLanguage(user.preferredLanguage),
      template: "new-device-sign-in",
      props: { occurredAt, userAgent: request.userAgent, ipAddress: request.ipAddress },
    });
  } catch (error) {
    log.warn({ userId: user.id, error: errorText(error) }, "new-device mail not sent");
  }
}
