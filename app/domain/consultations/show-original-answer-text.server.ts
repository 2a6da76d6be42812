import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { uuidPattern } from "../kernel/index";

/**
 * The original text of one free-text answer, for a moderator who asked to see it (a span redacted that was not
 * personal, say). Each viewing is audited (`consultation.answer_original_viewed`, which answer, never its text), in
 * the transaction that reads it. `not_found` for an answer not of this consultation or of a withdrawn response.
 */
export async function showOriginalAnswerText(
  input: { consultationId: string; responseId: string; questionId: string; actorUserId: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ text: string }> {
  if (![input.consultationId, input.responseId, input.questionId].every((id) => uuidPattern.test(id))) throw new AppError("not_found");
  return db.$transaction(async (tx) => {
    const answer = await tx.consultationAnswerText.findFirst({
      where: { responseId: input.responseId, questionId: input.questionId, response: { consultationId: input.consultationId, withdrawnAt: null } },
      select: { text: true },
    });
    if (!answer) throw new AppError("not_found");
    await recordAuditEvent(
      tx,
      { type: "consultation.answer_original_viewed", outcome: "success", detail: { consultationId: input.consultationId, responseId: input.responseId, questionId: input.questionId } },
      { actorUserId: input.actorUserId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent },
    );
    return { text: answer.text };
  });
}
