import { withoutEmails } from "@tsunagi/service-kit/logger";

/**
 * Whether an SMTP failure is worth retrying. RFC 5321 §4.2.1: a 5yz reply is a permanent negative completion — the
 * same message to the same address will fail again ("550 no such user") — while 4yz (greylisting, a full mailbox,
 * "451 try again later") and a connection that was refused, reset or timed out are transient.
 */
export type SmtpFailureKind = "permanent" | "transient";

export function classifySmtpFailure(error: unknown): SmtpFailureKind {
  const responseCode = typeof error === "object" && error !== null && "responseCode" in error ? Number((error as { responseCode: unknown }).responseCode) : NaN;
  if (responseCode >= 500 && responseCode < 600) return "permanent";
  return "transient";
}

/**
 * What the delivery log keeps of a failure: the server's code and reply, with anything shaped like an address
 * replaced (servers often echo the recipient: "550 5.1.1 <a@b>: Recipient address rejected").
 */
export function smtpFailureText(error: unknown): string {
  const record = typeof error === "object" && error !== null ? (error as Record<string, unknown>) : {};
  const parts = [
    typeof record.responseCode === "number" ? String(record.responseCode) : undefined,
    typeof record.code === "string" ? record.code : undefined,
    typeof record.response === "string" ? record.response : error instanceof Error ? error.message : String(error),
  ].filter((part): part is string => Boolean(part));
  return withoutEmails(parts.join(" ")).slice(0, 500);
}
