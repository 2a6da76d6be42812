import { getDatabase, type Database, type Transaction } from "../../../../db.server";
import { fromStoredLanguage, type SupportedLanguage } from "../../../../i18n/languages";
import { constantTimeEqual } from "@tsunagi/service-kit/secure-random.server";
import { invitationLinkHash } from "./issue-invitation.server";

/** Wrong code or date of birth this many times, and the invitation is locked until the clinic reissues it. */
export const maxIdentityFailures = 5;
/** Wrong one-time codes before that code stops working. */
export const maxEmailCodeFailures = 5;
export const emailCodeLifetimeMs = 10 * 60_000;

export type ClosedReason = "invalid" | "expired" | "revoked" | "accepted" | "locked";

export type InvitationStep =
  | { step: "closed"; reason: ClosedReason; language: SupportedLanguage | null }
  | { step: "identity"; recipient: "participant" | "proxy"; language: SupportedLanguage }
  | { step: "email_code"; recipient: "participant" | "proxy"; language: SupportedLanguage; maskedEmail: string };

type InvitationRow = NonNullable<Awaited<ReturnType<Database["invitation"]["findUnique"]>>>;

const idPattern = /^[a-z2-9]{24}$/;
const secretPattern = /^[a-z2-9]{32}$/;

/** The invitation behind a link, or null when the id or the link secret is wrong (the two look the same). */
export async function findInvitationByLink(db: Database | Transaction, id: string, linkSecret: string, options: { lock?: boolean } = {}): Promise<InvitationRow | null> {
  if (!idPattern.test(id) || !secretPattern.test(linkSecret)) return null;
  // Attempts are counted on this row; the lock stops parallel guesses from slipping past the limit.
  if (options.lock) await (db as Transaction).$queryRaw`SELECT 1 FROM "Invitation" WHERE id = ${id} FOR UPDATE`;
  const row = await db.invitation.findUnique({ where: { id } });
  if (!row || !constantTimeEqual(invitationLinkHash(linkSecret), new Uint8Array(row.tokenHash))) return null;
  return row;
}

export function closedReasonOf(row: InvitationRow, now: Date): ClosedReason | null {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  if (row.expiresAt <= now) return "expired";
  if (row.failedAttempts >= maxIdentityFailures) return "locked";
  return null;
}

export function hasLiveEmailCode(row: InvitationRow, now: Date): boolean {
  return row.otpHash !== null && row.otpExpiresAt !== null && row.otpExpiresAt > now && row.otpFailedAttempts < maxEmailCodeFailures;
}

/** "ya•••@example.jp": enough for the recipient to recognise the address, not enough to learn it. */
export function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, Math.min(2, Math.max(1, local.length - 1)))}•••@${domain}`;
}

/** Where someone holding this link stands. The state lives on the invitation row, never in the page. */
export function stepOf(row: InvitationRow | null, now: Date): InvitationStep {
  if (!row) return { step: "closed", reason: "invalid", language: null };
  const language = fromStoredLanguage(row.language);
  const closed = closedReasonOf(row, now);
  if (closed) return { step: "closed", reason: closed, language };
  if (hasLiveEmailCode(row, now)) return { step: "email_code", recipient: row.recipient, language, maskedEmail: maskEmail(row.email) };
  return { step: "identity", recipient: row.recipient, language };
}

export async function openInvitation(id: string, linkSecret: string, now = new Date(), db: Database = getDatabase()): Promise<InvitationStep> {
  return stepOf(await findInvitationByLink(db, id, linkSecret), now);
}
