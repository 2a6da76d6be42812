import { getDatabase, type Database, type Transaction } from "../../db.server";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { accountContactStillAllowed } from "./account-contact-still-allowed.server";
import type { ContactCheckVerdict } from "./contact-check";
import { defaultNotificationFrequency, notificationKinds, NotificationSettingsSchema, type NotificationFrequency, type NotificationKind, type NotificationSettings } from "./notification-settings";

/** An account's settings: its choices where it made one, the kind's default elsewhere. */
export async function readNotificationSettings(userId: string, db: Database | Transaction = getDatabase()): Promise<NotificationSettings> {
  const rows = await db.notificationSetting.findMany({ where: { userId }, select: { kind: true, frequency: true } });
  const chosen = new Map(rows.map((row) => [row.kind as NotificationKind, row.frequency as NotificationFrequency]));
  return Object.fromEntries(notificationKinds.map((kind) => [kind, chosen.get(kind) ?? defaultNotificationFrequency[kind]])) as NotificationSettings;
}

/** How often each of these accounts hears of one kind: one read for a batch of recipients. */
export async function frequenciesOf(userIds: readonly string[], kind: NotificationKind, db: Database | Transaction = getDatabase()): Promise<Map<string, NotificationFrequency>> {
  const rows = userIds.length === 0 ? [] : await db.notificationSetting.findMany({ where: { userId: { in: [...userIds] }, kind }, select: { userId: true, frequency: true } });
  const chosen = new Map(rows.map((row) => [row.userId, row.frequency as NotificationFrequency]));
  return new Map(userIds.map((userId) => [userId, chosen.get(userId) ?? defaultNotificationFrequency[kind]]));
}

/**
 * Saves every kind's choice at once (the settings page is one form) and says in the audit which changed. A choice the
 * same as before writes nothing.
 */
export async function saveNotificationSettings(options: { userId: string; input: unknown; request: RequestContext }, db: Database = getDatabase()): Promise<{ changed: NotificationKind[] }> {
  const settings = NotificationSettingsSchema.parse(options.input);
  const now = options.request.now ?? new Date();
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "User" WHERE "id" = ${options.userId}::uuid FOR UPDATE`;
    const before = await readNotificationSettings(options.userId, tx);
    const changed = notificationKinds.filter((kind) => before[kind] !== settings[kind]);
    for (const kind of changed) {
      await tx.notificationSetting.upsert({
        where: { userId_kind: { userId: options.userId, kind } },
        create: { userId: options.userId, kind, frequency: settings[kind], changedAt: now },
        update: { frequency: settings[kind], changedAt: now },
      });
      // Never means never, news already waiting for a digest included; moved to "at once", what waits still goes in
      // the next digest (nothing is lost between the two).
      if (settings[kind] === "never") await tx.notificationDigestItem.deleteMany({ where: { userId: options.userId, kind, sentAt: null } });
    }
    if (changed.length > 0) {
      await recordAuditEvent(
        tx,
        { type: "notification.settings_changed", outcome: "success", detail: { changes: changed.map((kind) => ({ kind, frequency: settings[kind] })) } },
        { actorUserId: options.userId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
      );
    }
    return { changed };
  });
}

/**
 * A notice's last question before it leaves (contact-check.ts, `notification`): the account may still be mailed
 * (accountContactStillAllowed), and its holder has not since chosen "never" for this kind. A notice queued at once
 * still goes if the kind moved to the weekly digest meanwhile: it was news before the change.
 */
export async function notificationStillAllowed(check: { userId: string; kinds: readonly NotificationKind[] }, db: Database = getDatabase()): Promise<ContactCheckVerdict> {
  const account = await accountContactStillAllowed(check.userId, db);
  if (!account.allowed) return account;
  const settings = await readNotificationSettings(check.userId, db);
  return check.kinds.some((kind) => settings[kind] !== "never") ? { allowed: true } : { allowed: false, reason: "notification_switched_off" };
}
