import { getDatabase, type Database } from "../../db.server";
import { getEnv } from "../../env.server";
import { fromStoredLanguage } from "../../i18n/languages";
import { enqueueMail } from "../mail/index.server";
import { digestUnsubscribeToken, digestUnsubscribeTokenHash } from "./digest-unsubscribe-token.server";
import { readerAudienceOf } from "./reader-audience.server";
import { textColumn, visibleUpdatesWhere } from "./visible-updates-sql.server";

/** A digest covers a week; a reader is due once the last one is this old. */
export const digestInterval = 7 * 86_400_000;
const digestItems = 20;
const batchSize = 200;

/**
 * The weekly digest job (`updates.digest`, ADR 038). For each reader whose digest is on and due, in one transaction
 * each: their row taken with a compare-and-set (`FOR UPDATE SKIP LOCKED` and the due condition read under it, so
 * two runners never mail one reader twice), the updates published for their audience since the last digest, and —
 * when there are any — one queued mail in their language with its one-click unsubscribe link. `lastSentAt` moves
 * either way, so an empty week is not looked at again until the next. A participant's mail carries the
 * `update_digest` contact check: asked again of their consent when it leaves.
 */
export async function sendUpdateDigests(options: { now?: Date; appUrl?: string } = {}, db: Database = getDatabase()): Promise<{ queued: number; empty: number }> {
  const now = options.now ?? new Date();
  const appUrl = (options.appUrl ?? getEnv().APP_URL).replace(/\/$/, "");
  const cutoff = new Date(now.getTime() - digestInterval);
  let queued = 0;
  let empty = 0;
  let after: string | undefined;
  for (;;) {
    const due = await db.updateDigestSubscription.findMany({
      where: { enabled: true, OR: [{ lastSentAt: null }, { lastSentAt: { lte: cutoff } }], user: { disabledAt: null }, ...(after ? { userId: { gt: after } } : {}) },
      select: { userId: true },
      orderBy: { userId: "asc" },
      take: batchSize,
    });
    for (const { userId } of due) {
      after = userId;
      const outcome = await db.$transaction(async (tx) => {
        const [subscription] = await tx.$queryRaw<{ language: "ja" | "ja_easy" | "en"; since: Date; email: string; role: string }[]>`
          SELECT s."language"::text AS "language", COALESCE(s."lastSentAt", s."changedAt") AS "since", u."email", u."role"::text AS "role"
            FROM "UpdateDigestSubscription" s JOIN "User" u ON u."id" = s."userId"
           WHERE s."userId" = ${userId}::uuid AND s."enabled" AND (s."lastSentAt" IS NULL OR s."lastSentAt" <= ${cutoff})
           FOR UPDATE OF s SKIP LOCKED`;
        if (!subscription) return "skipped" as const;
        const language = fromStoredLanguage(subscription.language);
        const audience = await readerAudienceOf(userId, tx);
        const items = await tx.$queryRaw<{ id: string; title: string; total: bigint }[]>`
          SELECT u."id", ${textColumn("v", language, "title")} AS "title", count(*) OVER () AS "total"
            FROM "ProgrammeUpdate" u
            JOIN "ProgrammeUpdateVersion" v ON v."updateId" = u."id" AND v."number" = u."publishedVersion"
           WHERE ${visibleUpdatesWhere(audience, now)} AND u."publishAt" > ${subscription.since}
           ORDER BY u."publishAt" DESC, u."id" DESC
           LIMIT ${digestItems}`;
        const token = digestUnsubscribeToken(userId);
        await tx.updateDigestSubscription.update({ where: { userId }, data: { lastSentAt: now, unsubscribeTokenHash: digestUnsubscribeTokenHash(token) } });
        if (items.length === 0) return "empty" as const;
        await enqueueMail(
          {
            to: subscription.email,
            language,
            template: "updates-digest",
            props: {
              items: items.map((item) => ({ title: item.title, url: `${appUrl}/updates/${item.id}` })),
              total: Number(items[0]!.total),
              updatesUrl: `${appUrl}/updates`,
              unsubscribeUrl: `${appUrl}/updates/unsubscribe/${token}`,
            },
            userId,
            sourceKey: `updates-digest:${userId}:${now.toISOString()}`,
            ...(subscription.role === "participant" ? { contactCheck: { kind: "update_digest" as const, userId } } : {}),
          },
          tx,
        );
        return "queued" as const;
      });
      if (outcome === "queued") queued += 1;
      if (outcome === "empty") empty += 1;
    }
    if (due.length < batchSize) break;
  }
  return { queued, empty };
}
