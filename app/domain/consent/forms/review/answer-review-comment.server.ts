import { z } from "zod";
import { getDatabase, type Database } from "../../../../db.server";
import { AppError } from "../../../kernel/index";
import { recordAuditEvent } from "../../../kernel/index.server";
import type { RequestContext } from "../../../kernel/index";
import { freeTextSchema } from "../../../kernel/index";
import { lockRoundOfDraft } from "./review-round-lock.server";

export const reviewAnswerMax = 2_000;
export const ReviewAnswerSchema = z.object({
  answer: z.enum(["accepted", "changed", "declined"]),
  /** What was done, or — for a declined comment — why not: always given, so the public record says it. */
  text: freeTextSchema(reviewAnswerMax),
});

/**
 * ELSI staff record the answer to a reviewer's comment (ADR 061): accepted, changed, or declined with a reason. May be
 * given or corrected while the version is a draft, during the round or after it closed; a published version's record
 * is final.
 */
export async function answerReviewComment(
  input: { roundId: string; commentId: string; answer: unknown; actorUserId: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<void> {
  const parsed = ReviewAnswerSchema.safeParse(input.answer);
  if (!parsed.success) throw new AppError("invalid_input");
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(input.commentId)) throw new AppError("not_found");
  const now = input.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const round = await lockRoundOfDraft(tx, input.roundId);
    const { count } = await tx.documentReviewComment.updateMany({
      where: { id: input.commentId, roundId: round.id },
      data: { answer: parsed.data.answer, answerText: parsed.data.text, answeredById: input.actorUserId, answeredAt: now },
    });
    if (count !== 1) throw new AppError("not_found");
    await recordAuditEvent(
      tx,
      { type: "document_review.changed", outcome: "success", detail: { formVersionId: round.formVersionId, roundId: round.id, change: "answered", commentId: input.commentId, answer: parsed.data.answer } },
      { actorUserId: input.actorUserId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent },
    );
  });
}
