import { getEnv } from "../../env.server";
import { isLoopbackAddress } from "@tsunagi/service-kit/loopback";

/**
 * Mail is captured to .data/mail/ (and shown on /dev/mailbox) only while no SMTP server is configured — the
 * development and demo set-up. Even then the page answers only requests from this machine: captured mail
 * holds sign-in links, and a server started without SMTP_URL by mistake must not hand them to the network. This
 * machine is not a boundary either (any local user or process reaches loopback), so the pages also need the
 * mailbox key (app/auth/mailbox-access.server.ts).
 */
export function capturedMailEnabled(clientAddress: string): boolean {
  return !getEnv().SMTP_URL && isLoopbackAddress(clientAddress);
}
