import { Prisma } from "../../generated/prisma/client";
import { getDatabase, type Database } from "../../db.server";
import { AppError, uuidPattern } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { participantsIn, type StaffScope } from "../facilities";
import { protectTable, type PublishedTable } from "../transparency";
import { recordKey } from "../transparency/index.server";
import { ModerateCommentSchema, surveyBands, surveyQuestions, type CommentState } from "./survey-questions";

export interface FacilitySurveyResults {
  facilityId: string;
  facilityName: string;
  /** Rows: agree, neither, disagree; columns: the four questions; through the dashboard's disclosure control. */
  table: PublishedTable;
  comments: { id: string; text: string; state: CommentState; answeredAt: string }[];
}

/**
 * What each facility's staff read of how consent felt there (ADR 149): the answers by band and question through the
 * dashboard's disclosure control (ADR 044 — a facility with a handful of answers shows "<10", so no one participant's
 * answers can be read off), and the comments: waiting ones for moderation, approved ones, hidden ones marked.
 */
export async function loadFacilitySurveyResults(options: { scope: StaffScope }, db: Database = getDatabase()): Promise<FacilitySurveyResults[]> {
  const facilities = await db.facility.findMany({ where: options.scope.kind === "all" ? {} : { id: { in: [...options.scope.facilityIds] } }, orderBy: { code: "asc" }, select: { id: true, nameJa: true } });
  const results: FacilitySurveyResults[] = [];
  for (const facility of facilities) {
    const counts = await db.$queryRaw<{ question: string; band: string; count: number; keySum: bigint }[]>`
      SELECT q."question", CASE WHEN q."score" >= 4 THEN 'agree' WHEN q."score" = 3 THEN 'neither' ELSE 'disagree' END AS "band",
             count(*)::int AS "count", COALESCE(sum(${recordKey(Prisma.sql`q."id"`)}), 0)::bigint AS "keySum"
        FROM (SELECT s."id", x."question", x."score" FROM "ConsentSurvey" s,
                LATERAL (VALUES ('understood', s."understood"), ('enoughTime', s."enoughTime"), ('freeToDecline', s."freeToDecline"), ('clear', s."clear")) AS x("question", "score")
               WHERE s."facilityId" = ${facility.id}::uuid AND s."answeredAt" IS NOT NULL) q
       GROUP BY 1, 2`;
    const cell = new Map(counts.map((row) => [`${row.band}:${row.question}`, row]));
    const table = protectTable({
      rows: surveyBands,
      columns: surveyQuestions,
      cells: surveyBands.map((band) => surveyQuestions.map((question) => cell.get(`${band}:${question}`)?.count ?? 0)),
      keys: surveyBands.map((band) => surveyQuestions.map((question) => Number((cell.get(`${band}:${question}`)?.keySum ?? 0n) % 4_294_967_296n))),
      shape: "questions",
    });
    const comments = await db.consentSurvey.findMany({
      where: { facilityId: facility.id, commentState: { not: null } },
      orderBy: { answeredAt: "desc" },
      take: 100,
      select: { id: true, comment: true, commentState: true, answeredAt: true },
    });
    results.push({
      facilityId: facility.id,
      facilityName: facility.nameJa,
      table,
      comments: comments.map((row) => ({ id: row.id, text: row.comment ?? "", state: row.commentState as CommentState, answeredAt: row.answeredAt!.toISOString() })),
    });
  }
  return results;
}

/** Approves or hides a comment (only at a facility in the staff member's scope); audited, decided again if need be. */
export async function moderateSurveyComment(options: { input: unknown; scope: StaffScope; actorUserId: string; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  const input = ModerateCommentSchema.parse(options.input);
  if (!uuidPattern.test(input.surveyId)) throw new AppError("not_found");
  const now = options.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const { count } = await tx.consentSurvey.updateMany({
      where: { id: input.surveyId, commentState: { not: null }, ...(options.scope.kind === "all" ? {} : { facilityId: participantsIn(options.scope).facilityId }) },
      data: { commentState: input.decision, moderatedById: options.actorUserId, moderatedAt: now },
    });
    if (count === 0) throw new AppError("not_found");
    await recordAuditEvent(tx, { type: "survey.comment_moderated", outcome: "success", detail: { surveyId: input.surveyId, decision: input.decision } }, { actorUserId: options.actorUserId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent });
  });
}
