import { getDatabase, type Database } from "../../db.server";
import { fromStoredLanguage, type SupportedLanguage } from "../../i18n/languages";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { digestUnsubscribeTokenHash, looksLikeDigestToken } from "./digest-unsubscribe-token.server";

/** The subscription a digest's unsubscribe link names, for its page: whether it is still on, and in which language. */
export async function findDigestByToken(token: string, db: Database = getDatabase()): Promise<{ enabled: boolean; language: SupportedLanguage }> {
  if (!looksLikeDigestToken(token)) throw new AppError("not_found");
  const subscription = await db.updateDigestSubscription.findUnique({ where: { unsubscribeTokenHash: digestUnsubscribeTokenHash(token) }, select: { enabled: true, language: true } });
  if (!subscription) throw new AppError("not_found");
  return { enabled: subscription.enabled, language: fromStoredLanguage(subscription.language) };
}

/**
 * Switches the digest off with the link in the mail (ADR 038; RFC 8058 one-click): no session, no form token — the
 * link's token is the key, and all it can do is stop a mail. A compare-and-set on `enabled`, so two clicks (the mail
 * client's POST and the reader's own) write one change and one audit row; a link already used answers the same.
 */
export async function unsubscribeUpdateDigest(
  options: { token: string; request?: { ipAddress?: string | null; userAgent?: string | null } },
  db: Database = getDatabase(),
): Promise<{ changed: boolean }> {
  if (!looksLikeDigestToken(options.token)) throw new AppError("not_found");
  const hash = digestUnsubscribeTokenHash(options.token);
  return db.$transaction(async (tx) => {
    const subscription = await tx.updateDigestSubscription.findUnique({ where: { unsubscribeTokenHash: hash }, select: { userId: true } });
    if (!subscription) throw new AppError("not_found");
    const { count } = await tx.updateDigestSubscription.updateMany({ where: { userId: subscription.userId, enabled: true }, data: { enabled: false, changedAt: new Date() } });
    if (count === 0) return { changed: false };
    await recordAuditEvent(
      tx,
      { type: "update_digest.changed", outcome: "success", detail: { enabled: false, via: "unsubscribe_link" } },
      { subjectUserId: subscription.userId, ipAddress: options.request?.ipAddress, userAgent: options.request?.userAgent },
    );
    return { changed: true };
  });
}
