import { getEnv } from "../../env.server";

/**
 * Mail is captured to .data/mail/ (and shown on /dev/mailbox) only while no SMTP server is configured — the
 * development and demo set-up. With SMTP_URL set, the mailbox page does not exist.
 */
export function capturedMailEnabled(): boolean {
  return !getEnv().SMTP_URL;
}
