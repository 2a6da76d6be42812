import { getDatabase, type Database } from "../../../db.server";
import { fromStoredLanguage } from "../../../i18n/languages";
import { enqueueMail } from "../../mail/index.server";
import type { LocalizedText } from "../consultation-model";
import type { ReportDocument } from "../consultation-report";

/** Users per transaction: 50,000 responders are 250 short transactions, not one that holds the queue for minutes. */
const batchSize = 200;

/**
 * The `consultations.report-published` job (issue 28 item 5; ADR 063): everyone who answered the consultation with
 * an account — and has not withdrawn their answers, and whose account is not disabled — is told that the report (or
 * its correction) is out, once each, in their language. The public answered without an address and is not told.
 *
 * Each mail has the source key `consultation-report:<consultation>:<version>:<user>`, so a job that dies half-way
 * and is retried queues only what it had not. A participant's mail carries the `consultation_report` contact check:
 * one who withdraws their consent with "no further contact" while it waits is not mailed. Nothing is queued for a
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
    const responders = await db.$queryRaw<{ userId: string; email: string; language: "ja" | "ja_easy" | "en"; participant: boolean }[]>`
      SELECT DISTINCT u."id" AS "userId", u."email", u."preferredLanguage"::text AS "language",
             (u."role" = 'participant' OR 'participant' = ANY (u."additionalRoles")) AS "participant"
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
        for (const responder of responders) {
          const language = fromStoredLanguage(responder.language);
          const id = await enqueueMail(
            {
              to: responder.email,
              language,
              template: "consultation-report",
              props: { title: title[language].trim() || title.ja, version: input.version, reportPath },
              userId: responder.userId,
              sourceKey: `consultation-report:${input.consultationId}:${input.version}:${responder.userId}`,
              ...(responder.participant ? { contactCheck: { kind: "consultation_report" as const, userId: responder.userId } } : {}),
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
