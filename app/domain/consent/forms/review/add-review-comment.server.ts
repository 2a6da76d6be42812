import { z } from "zod";
import { getDatabase, type Database } from "../../../../db.server";
import { AppError } from "../../../kernel/index";
import { recordAuditEvent } from "../../../kernel/index.server";
import type { RequestContext } from "../../../kernel/index";
import { freeTextSchema } from "../../../kernel/index";
import { lockRoundOfDraft } from "./review-round-lock.server";
import { authorColumnsOf, type Reviewer } from "./reviewer";

export const reviewCommentMax = 2_000;
export const ReviewCommentSchema = z.object({
  text: freeTextSchema(reviewCommentMax),
  /** A section of the form, or none for the document as a whole. */
  sectionId: z.string().max(80).optional(),
  /** Named in the public record only if the reviewer chose to be. */
  showName: z.boolean().default(false),
});

/**
 * A reviewer's comment on a draft version while its round is open (ADR 061): a panel member's, or an invited
 * patient's through an invitation to this round that staff have not withdrawn (ADR 064) — checked under the round's
 * lock, which a withdrawal takes too, so a comment never lands after the withdrawal it raced.
 */
export async function addReviewComment(
  input: { roundId: string; comment: unknown; reviewer: Reviewer; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ commentId: string }> {
  const parsed = ReviewCommentSchema.safeParse(input.comment);
  if (!parsed.success) throw new AppError("invalid_input");
  const now = input.request.now ?? new Date();
  return db.$transaction(async (tx) => {
    const round = await lockRoundOfDraft(tx, input.roundId);
    if (round.closedAt !== null) throw new AppError("review_round_closed");
    if (parsed.data.sectionId !== undefined && !round.sections.includes(parsed.data.sectionId)) throw new AppError("invalid_input");
    if ("invitationId" in input.reviewer) {
      const live = await tx.documentReviewInvitation.count({ where: { id: input.reviewer.invitationId, roundId: round.id, withdrawnAt: null } });
      if (live === 0) throw new AppError("not_found");
    }
    const comment = await tx.documentReviewComment.create({
      data: { roundId: round.id, ...authorColumnsOf(input.reviewer), showName: parsed.data.showName, sectionId: parsed.data.sectionId ?? null, text: parsed.data.text, createdAt: now },
      select: { id: true },
    });
    await recordAuditEvent(
      tx,
      {
        type: "document_review.changed",
        outcome: "success",
        detail: { formVersionId: round.formVersionId, roundId: round.id, change: "commented", commentId: comment.id, ...("invitationId" in input.reviewer ? { invitationId: input.reviewer.invitationId } : {}) },
      },
      { actorUserId: "userId" in input.reviewer ? input.reviewer.userId : null, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent },
    );
    return { commentId: comment.id };
  });
}
