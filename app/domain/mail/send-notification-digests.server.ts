import { z } from "zod";
import type { WhatMovedItem } from "../../../emails/templates/what-moved";
import { getDatabase, type Database, type Transaction } from "../../db.server";
import { fromStoredLanguage, supportedLanguages, type SupportedLanguage } from "../../i18n/languages";
import { enqueueMail } from "./enqueue-mail.server";
import { NOTIFICATION_DIGEST_INTERVAL_MS, notificationKinds, type NotificationKind } from "./notification-settings";

const localized = z.object(Object.fromEntries(supportedLanguages.map((language) => [language, z.string()])) as Record<SupportedLanguage, z.ZodString>);

/**
 * What a digest item holds: the news in every language (the holder may change language before the digest goes), the
 * decision's new state or the report's version, and the public page it is on.
 */
export const DigestItemContentSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("decision"), consultationTitle: localized, decision: localized, state: z.string(), path: z.string() }),
  z.object({ kind: z.literal("report"), consultationTitle: localized, version: z.number().int().positive(), path: z.string() }),
]);
export type DigestItemContent = z.infer<typeof DigestItemContentSchema>;

/** The news as a mail prints it, in one language (Japanese where a text was left empty). */
export function itemIn(content: DigestItemContent, language: SupportedLanguage): WhatMovedItem {
  const text = (value: Record<SupportedLanguage, string>, limit: number) => {
    const words = (value[language].trim() || value.ja.trim() || value.en.trim()).replace(/\s+/g, " ");
    return words.length > limit ? `${words.slice(0, limit - 1)}…` : words;
  };
  return content.kind === "decision"
    ? { kind: "decision", consultationTitle: text(content.consultationTitle, 200), decision: text(content.decision, 300), state: content.state, path: content.path }
    : { kind: "report", consultationTitle: text(content.consultationTitle, 200), version: content.version, path: content.path };
}

/** Puts one piece of news in an account's next weekly digest, once per source key (a retried producer writes it once). */
export async function queueDigestItem(tx: Transaction, item: { userId: string; kind: NotificationKind; sourceKey: string; content: DigestItemContent; now: Date }): Promise<boolean> {
  const rows = await tx.$executeRaw`
    INSERT INTO "NotificationDigestItem" ("id", "userId", "kind", "sourceKey", "content", "createdAt")
    VALUES (gen_random_uuid(), ${item.userId}::uuid, ${item.kind}::"NotificationKind", ${item.sourceKey}, ${JSON.stringify(DigestItemContentSchema.parse(item.content))}::jsonb, ${item.now})
    ON CONFLICT ("sourceKey") DO NOTHING`;
  return rows === 1;
}

const batchSize = 200;
const digestItems = 30;

/**
 * The weekly digest of news (`notifications.digest`, ADR 147), run each Monday morning in Japan: for every account
 * with news waiting, in one transaction each, the waiting items taken under the account's lock and marked sent, and one
 * mail in the holder's language listing them. An account mailed a digest less than six days ago waits (a run repeated
 * by hand sends nothing twice). The mail asks again when it leaves whether the holder still wants any of its kinds.
 */
export async function sendNotificationDigests(options: { now?: Date } = {}, db: Database = getDatabase()): Promise<{ queued: number }> {
  const now = options.now ?? new Date();
  const recent = new Date(now.getTime() - NOTIFICATION_DIGEST_INTERVAL_MS + 86_400_000);
  let queued = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const users = await db.$queryRaw<{ userId: string }[]>`
      SELECT DISTINCT "userId"::text AS "userId" FROM "NotificationDigestItem"
       WHERE "sentAt" IS NULL AND "createdAt" <= ${now} AND "userId" > ${after}::uuid
       ORDER BY 1 LIMIT ${batchSize}`;
    for (const { userId } of users) {
      after = userId;
      const sent = await db.$transaction(async (tx) => {
        const [user] = await tx.$queryRaw<{ email: string; language: "ja" | "ja_easy" | "en" }[]>`
          SELECT "email", "preferredLanguage"::text AS "language" FROM "User" WHERE "id" = ${userId}::uuid AND "disabledAt" IS NULL FOR UPDATE`;
        if (!user) return false;
        const [last] = await tx.$queryRaw<{ at: Date | null }[]>`SELECT max("sentAt") AS "at" FROM "NotificationDigestItem" WHERE "userId" = ${userId}::uuid`;
        if (last?.at && last.at > recent) return false;
        const items = await tx.$queryRaw<{ id: string; kind: NotificationKind; content: unknown }[]>`
          SELECT "id"::text AS "id", "kind"::text AS "kind", "content" FROM "NotificationDigestItem"
           WHERE "userId" = ${userId}::uuid AND "sentAt" IS NULL AND "createdAt" <= ${now}
           ORDER BY "createdAt", "id"`;
        if (items.length === 0) return false;
        await tx.$executeRaw`UPDATE "NotificationDigestItem" SET "sentAt" = ${now} WHERE "id" = ANY(${items.map((item) => item.id)}::uuid[])`;
        const language = fromStoredLanguage(user.language);
        const kinds = notificationKinds.filter((kind) => items.some((item) => item.kind === kind));
        await enqueueMail(
          {
            to: user.email,
            language,
            template: "what-moved",
            props: { digest: true, items: items.slice(0, digestItems).map((item) => itemIn(DigestItemContentSchema.parse(item.content), language)), more: Math.max(0, items.length - digestItems) },
            userId,
            sourceKey: `notification-digest:${userId}:${now.toISOString()}`,
            contactCheck: { kind: "notification", userId, kinds },
          },
          tx,
        );
        return true;
      });
      if (sent) queued += 1;
    }
    if (users.length < batchSize) break;
  }
  return { queued };
}
