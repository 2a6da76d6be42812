import { getDatabase, readRows, type Database, type NamedStatement } from "../../db.server";
import { toStoredLanguage, type SupportedLanguage } from "../../i18n/languages";
import { recordAuditEvent } from "../kernel/index.server";
import { digestUnsubscribeToken, digestUnsubscribeTokenHash } from "./digest-unsubscribe-token.server";

export interface SetUpdateDigestOptions {
  userId: string;
  enabled: boolean;
  /** The language the digest is written in: the one the reader was reading in when they switched it on. */
  language: SupportedLanguage;
  request?: { ipAddress?: string | null; userAgent?: string | null };
}

/**
 * Switches a reader's weekly digest on or off from the updates page (ADR 038). Switching on starts from now: the
 * first digest lists what is published after it, never the whole archive. The same setting again changes nothing.
 */
export async function setUpdateDigest(options: SetUpdateDigestOptions, db: Database = getDatabase()): Promise<{ changed: boolean }> {
  const language = toStoredLanguage(options.language);
  return db.$transaction(async (tx) => {
    const current = await tx.updateDigestSubscription.findUnique({ where: { userId: options.userId } });
    if (current && current.enabled === options.enabled && (!options.enabled || current.language === language)) return { changed: false };
    if (!current && !options.enabled) return { changed: false };
    const now = new Date();
    const tokenHash = digestUnsubscribeTokenHash(digestUnsubscribeToken(options.userId));
    await tx.updateDigestSubscription.upsert({
      where: { userId: options.userId },
      create: { userId: options.userId, enabled: options.enabled, language, unsubscribeTokenHash: tokenHash, changedAt: now, lastSentAt: now },
      update: { enabled: options.enabled, language, unsubscribeTokenHash: tokenHash, changedAt: now, ...(options.enabled && !current?.enabled ? { lastSentAt: now } : {}) },
    });
    if (current?.enabled !== options.enabled) {
      await recordAuditEvent(
        tx,
        { type: "update_digest.changed", outcome: "success", detail: { enabled: options.enabled, via: "updates_page" } },
        { actorUserId: options.userId, subjectUserId: options.userId, ipAddress: options.request?.ipAddress, userAgent: options.request?.userAgent },
      );
    }
    return { changed: true };
  });
}

const digestStatement: NamedStatement = {
  name: "tsunagi-update-digest-enabled",
  text: `SELECT "enabled" FROM "UpdateDigestSubscription" WHERE "userId" = $1::uuid`,
};

/** Whether the reader's digest is on, for the switch on the updates page (read on every visit: on the plain pool). */
export async function updateDigestEnabled(userId: string, db?: Database): Promise<boolean> {
  const [subscription] = await readRows<{ enabled: boolean }>(digestStatement, [userId], db);
  return subscription?.enabled ?? false;
}
