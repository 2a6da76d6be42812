import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { uuidPattern } from "../kernel/index";

/**
 * Staff give one free-text answer its themes (issue 28 item 4; ADR 062): the set ticked replaces the one it had. Under
 * a row lock on the answer, so two staff at once leave one of the two sets, whole. Every theme must be the answer's
 * consultation's; an answer of a withdrawn response is out of the analysis and cannot be tagged. The audit row names
 * the answer and the themes, never the text. Returns whether anything changed (an unchanged set writes nothing).
 */
export async function setAnswerThemes(
  input: { consultationId: string; responseId: string; questionId: string; themeIds: readonly string[]; actorUserId: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ changed: boolean }> {
  if (![input.consultationId, input.responseId, input.questionId].every((id) => uuidPattern.test(id))) throw new AppError("not_found");
  const themeIds = [...new Set(input.themeIds.map((id) => id.toLowerCase()))].sort();
  if (!themeIds.every((id) => uuidPattern.test(id))) throw new AppError("invalid_input");
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ responseId: string }[]>`
      SELECT t."responseId"::text AS "responseId"
      FROM "ConsultationAnswerText" t JOIN "ConsultationResponse" r ON r."id" = t."responseId"
      WHERE t."responseId" = ${input.responseId}::uuid AND t."questionId" = ${input.questionId}::uuid
        AND r."consultationId" = ${input.consultationId}::uuid AND r."withdrawnAt" IS NULL
      FOR UPDATE OF t`;
    if (rows.length === 0) throw new AppError("not_found");
    const known = await tx.consultationTheme.count({ where: { consultationId: input.consultationId, id: { in: themeIds } } });
    if (known !== themeIds.length) throw new AppError("invalid_input");
    const where = { responseId: input.responseId, questionId: input.questionId };
    const held = (await tx.consultationAnswerTheme.findMany({ where, select: { themeId: true } })).map((row) => row.themeId).sort();
    if (held.length === themeIds.length && held.every((id, index) => id === themeIds[index])) return { changed: false };
    await tx.consultationAnswerTheme.deleteMany({ where: { ...where, themeId: { notIn: themeIds } } });
    const added = themeIds.filter((id) => !held.includes(id));
    const now = input.request.now ?? new Date();
    if (added.length > 0) await tx.consultationAnswerTheme.createMany({ data: added.map((themeId) => ({ ...where, themeId, taggedById: input.actorUserId, taggedAt: now })) });
    await recordAuditEvent(
      tx,
      { type: "consultation.answer_themes_set", outcome: "success", detail: { consultationId: input.consultationId, ...where, themeIds } },
      { actorUserId: input.actorUserId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent },
    );
    return { changed: true };
  });
}
