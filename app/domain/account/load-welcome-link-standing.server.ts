import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import type { AuditContext } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { uuidPattern } from "../kernel/index";
import type { AccountRefusalReason } from "./account-refusal";
import { welcomeRefusalOf } from "./resend-welcome-link.server";
import { welcomeStandingOf } from "./welcome-links.server";

/**
 * For the administrator's welcome-link page (ADR 042 amended): the account, whether a welcome link may be sent and, if
 * not, why, and the last link made for it (when, until when, whether used) — never the link itself. The account's
 * name and address are identifiable, so the read is logged as the list of accounts is.
 */
export async function loadWelcomeLinkStanding(options: { userId: string; reader: AuditContext }, db: Database = getDatabase()) {
  if (!uuidPattern.test(options.userId)) throw new AppError("not_found");
  const account = await db.user.findUnique({
    where: { id: options.userId },
    select: { id: true, email: true, displayName: true, role: true, additionalRoles: true, preferredLanguage: true, passwordHash: true, totpEnabledAt: true, disabledAt: true },
  });
  if (!account) throw new AppError("not_found");
  const [standing, lastLink] = await Promise.all([
    welcomeStandingOf(db, account),
    db.signInLink.findFirst({ where: { userId: account.id }, orderBy: { createdAt: "desc" }, select: { createdAt: true, expiresAt: true, usedAt: true } }),
  ]);
  await recordAuditEvent(
    db,
    { type: "data.identifiable_read", outcome: "success", detail: { resource: "user_list", purpose: "account_administration", rows: 1 } },
    { ...options.reader, subjectUserId: account.id },
  );
  const refusal: AccountRefusalReason | null = welcomeRefusalOf(standing);
  return {
    id: account.id,
    email: account.email,
    displayName: account.displayName,
    role: account.role,
    refusal,
    lastLink: lastLink ? { createdAt: lastLink.createdAt.toISOString(), expiresAt: lastLink.expiresAt.toISOString(), usedAt: lastLink.usedAt?.toISOString() ?? null } : null,
  };
}
