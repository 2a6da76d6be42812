import { fromStoredLanguage } from "../../i18n/languages";
import { enqueueMail } from "../mail/index.server";
import type { RequestContext } from "../kernel/index";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";

const log = serviceLogger("app");

/**
 * Queued after the sign-in has committed (ADR 031): a slow or failing mail server must not hold up or undo a
 * sign-in, and a rolled-back sign-in queues nothing. The queue retries; a failure to queue is logged, not shown.
 */
export async function notifyNewDevice(
  user: { id: string; email: string; preferredLanguage: "ja" | "ja_easy" | "en" },
  request: RequestContext,
  occurredAt: Date,
): Promise<void> {
  try {
    await enqueueMail({
      to: user.email,
      userId: user.id,
      language: fromStoredLanguage(user.preferredLanguage),
      template: "new-device-sign-in",
      props: { occurredAt, userAgent: request.userAgent, ipAddress: request.ipAddress },
    });
  } catch (error) {
    log.warn({ userId: user.id, error: errorText(error) }, "new-device mail not queued");
  }
}
