import { z } from "zod";
import { getDatabase, type Database } from "../../../../db.server";
import { getEnv } from "../../../../env.server";
import { fromStoredLanguage } from "../../../../i18n/languages";
import { AppError } from "../../../kernel/index";
import { recordAuditEvent } from "../../../kernel/index.server";
import type { RequestContext } from "../../../kernel/index";
import { requireParticipantInScope } from "../../../facilities/index.server";
import { enqueueMail } from "../../../mail/index.server";
import { AnswerBodySchema } from "./question-schemas";

export { AnswerQuestionSchema } from "./question-schemas";

/**
 * A coordinator answers a question once. The asker is told by email that an answer is waiting, never what it
 * says: mail can be read by others, so the answer is shown only in Tsunagi. A question from a participant of
 * another facility is "not found", like one that does not exist (ADR 015).
 */
export async function answerQuestion(
  options: { questionId: string; answeredById: string; answer: unknown; path?: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ mailSent: boolean }> {
  const answer = AnswerBodySchema.parse(options.answer);
  if (!z.uuid().safeParse(options.questionId).success) throw new AppError("not_found");
  const now = options.request.now ?? new Date();
  const asked = await db.participantQuestion.findUnique({ where: { id: options.questionId }, select: { participantId: true } });
  if (!asked) throw new AppError("not_found");
  // A question never moves to another participant, so the scope checked here is the one the update below acts in.
  await requireParticipantInScope({ staffUserId: options.answeredById, participantId: asked.participantId, path: options.path ?? "/staff/questions", request: options.request }, db);
  const question = await db.$transaction(async (tx) => {
    // Conditional, so two coordinators answering at once cannot overwrite each other.
    const { count } = await tx.participantQuestion.updateMany({
      where: { id: options.questionId, answeredAt: null },
      data: { answer, answeredAt: now, answeredById: options.answeredById },
    });
    if (count !== 1) throw new AppError("not_found");
    const row = await tx.participantQuestion.findUniqueOrThrow({ where: { id: options.questionId } });
    await recordAuditEvent(
      tx,
      { type: "question.answered", outcome: "success", detail: { questionId: row.id, participantId: row.participantId } },
      { actorUserId: options.answeredById, subjectUserId: row.askedById, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
    );
    // The notice is queued with the answer (ADR 031): it exists exactly when the answer does.
    const asker = await tx.user.findUnique({ where: { id: row.askedById } });
    if (!asker || asker.disabledAt) return { mailSent: false };
    await enqueueMail(
      {
        to: asker.email,
        language: fromStoredLanguage(asker.preferredLanguage),
        template: "consent-notice",
        props: { kind: "question_answered", name: asker.displayName, url: new URL("/consent/questions", getEnv().APP_URL).toString() },
        participantId: row.participantId,
        userId: asker.id,
      },
      tx,
    );
    return { mailSent: true };
  });
  return question;
}
