import { getDatabase, type Database } from "../../../db.server";
import { fromStoredLanguage } from "../../../i18n/languages";
import { enqueueMail, frequenciesOf, queueDigestItem } from "../../mail/index.server";
import type { LocalizedText } from "../consultation-model";
import type { ReportDocument } from "../consultation-report";

/** Users per transaction: 50,000 responders are 250 short transactions, not one that holds the queue for minutes. */
const batchSize = 200;

/**
 * The `consultations.report-published` job (issue 28 item 5; ADR 063): everyone who answered the consultation with
 * an account — and has not withdrawn their answers, and whose account is not disabled — is told that the report (or
 * its correction) is out, once each, in their language. The public answered without an address and is not told.
 *
 * How often each hears of reports is theirs to choose (ADR 147): at once, in the weekly digest, or never. Each mail (or
 * digest item) has the source key `consultation-report:<consultation>:<version>:<user>`, so a job that dies half-way
 * and is retried queues only what it had not. Each mail carries the `notification` contact check: one who withdraws
 * their consent with "no further contact", or chooses "never", while it waits is not mailed. Nothing is queued for a
 * version that is not published (a job enqueued by a transaction that published it always finds it so).
 */
export async function notifyReportResponders(input: { consultationId: string; version: number }, db: Database = getDatabase()): Promise<{ queued: number }> {
  const report = await db.consultationReportVersion.findUnique({
    where: { consultationId_version: { consultationId: input.consultationId, version: input.version } },
    select: { status: true, document: true, consultation: { select: { title: true } } },
  });
  if (!report || report.status !== "published") return { queued: 0 };
  // The title as the published report prints it (frozen at publication), in each reader's language.
  const title = ((report.document as ReportDocument | null)?.title ?? report.consultation.title) as unknown as LocalizedText;
  const reportPath = `/consultations/${input.consultationId}/report`;

  let queued = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    // One response per account and consultation (its responder key), but DISTINCT keeps "one mail each" true anyway.
    const responders = await db.$queryRaw<{ userId: string; email: string; language: "ja" | "ja_easy" | "en" }[]>`
      SELECT DISTINCT u."id" AS "userId", u."email", u."preferredLanguage"::text AS "language"
        FROM "ConsultationResponse" r
        JOIN "User" u ON u."id" = r."userId"
       WHERE r."consultationId" = ${input.consultationId}::uuid AND r."withdrawnAt" IS NULL AND u."disabledAt" IS NULL
         AND u."id" > ${after}::uuid
       ORDER BY "userId"
       LIMIT ${batchSize}`;
    if (responders.length === 0) break;
    after = responders.at(-1)!.userId;
    queued += await db.$transaction(
      async (tx) => {
        let inBatch = 0;
        const frequencies = await frequenciesOf(
          responders.map((responder) => responder.userId),
          "consultation_reports",
          tx,
        );
        for (const responder of responders) {
          const language = fromStoredLanguage(responder.language);
          const sourceKey = `consultation-report:${input.consultationId}:${input.version}:${responder.userId}`;
          const frequency = frequencies.get(responder.userId);
          if (frequency === "never") continue;
          if (frequency === "weekly") {
            const content = { kind: "report" as const, consultationTitle: { ja: title.ja || "", "ja-easy": title["ja-easy"] || "", en: title.en || "" }, version: input.version, path: input.version > 1 ? `${reportPath}?version=${input.version}` : reportPath };
            if (await queueDigestItem(tx, { userId: responder.userId, kind: "consultation_reports", sourceKey, content, now: new Date() })) inBatch += 1;
            continue;
          }
          const id = await enqueueMail(
            {
              to: responder.email,
              language,
              template: "consultation-report",
              props: { title: title[language].trim() || title.ja, version: input.version, reportPath },
              userId: responder.userId,
              sourceKey,
              contactCheck: { kind: "notification", userId: responder.userId, kinds: ["consultation_reports"] },
            },
            tx,
          );
          if (id) inBatch += 1;
        }
        return inBatch;
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
    if (responders.length < batchSize) break;
  }
  return { queued };
}
