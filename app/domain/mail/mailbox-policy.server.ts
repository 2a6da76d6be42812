import { getEnv } from "../../env.server";

/**
 * Mail is captured to .data/mail/ (and shown on /dev/mailbox) only while no SMTP server is configured — the
 * development and demo set-up. Even then the page answers only requests from this machine: captured mail
 * holds sign-in links, and a server started without SMTP_URL by mistake must not hand them to the network.
 */
export function capturedMailEnabled(clientAddress: string): boolean {
  return !getEnv().SMTP_URL && isLoopbackAddress(clientAddress);
}

export function isLoopbackAddress(address: string): boolean {
  return address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
}
