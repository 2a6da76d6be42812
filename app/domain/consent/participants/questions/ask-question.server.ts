import { z } from "zod";
import { getDatabase, type Database } from "../../../../db.server";
import { AppError } from "../../../kernel/index";
import { recordAuditEvent } from "../../../kernel/index.server";
import type { RequestContext } from "../../../kernel/index";
import { QuestionBodySchema } from "./question-schemas";

export { AskQuestionSchema } from "./question-schemas";

/**
 * A participant, or a proxy acting for them, asks the clinic a question (before signing or at any time).
 * The asker must be the participant's own account or a proxy whose authority has not ended.
 */
export async function askQuestion(
  options: { participantId: string; askedById: string; journeyId?: string | null; body: unknown; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ questionId: string }> {
  const body = QuestionBodySchema.parse(options.body);
  const uuid = z.uuid();
  if (!uuid.safeParse(options.participantId).success || (options.journeyId && !uuid.safeParse(options.journeyId).success)) throw new AppError("not_found");
  const now = options.request.now ?? new Date();
  return db.$transaction(async (tx) => {
    const participant = await tx.participant.findUnique({ where: { id: options.participantId }, include: { proxies: { where: { endedAt: null, proxyUserId: options.askedById } } } });
    if (!participant) throw new AppError("not_found");
    if (participant.userId !== options.askedById && participant.proxies.length === 0) throw new AppError("forbidden");
    if (options.journeyId) {
      const journey = await tx.consentJourney.findUnique({ where: { id: options.journeyId }, select: { participantId: true } });
      if (journey?.participantId !== participant.id) throw new AppError("not_found");
    }
    const question = await tx.participantQuestion.create({
      data: { participantId: participant.id, askedById: options.askedById, journeyId: options.journeyId ?? null, body, askedAt: now },
    });
    await recordAuditEvent(
      tx,
      { type: "question.asked", outcome: "success", detail: { questionId: question.id, participantId: participant.id } },
      { actorUserId: options.askedById, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
    );
    return { questionId: question.id };
  });
}
