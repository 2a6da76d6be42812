import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import { requireReviewing } from "./reviewer-standing.server";
import { auditReviewChange } from "./review-audit.server";

/** A member who declared no conflict comments on an application in review, before the vote closes. */
export async function addReviewComment(input: { userId: string; applicationId: string; body: string; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  const now = input.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const application = await tx.dataAccessApplication.findUnique({ where: { id: input.applicationId }, select: { state: true, reviewRound: true, voteClosedAt: true } });
    if (!application || application.reviewRound === 0) throw new AppError("not_found");
    await requireReviewing(tx, { userId: input.userId, applicationId: input.applicationId, now, request: input.request, path: "comment" });
    if (application.state !== "in_review") throw new AppError("application_not_in_state");
    if (application.voteClosedAt) throw new AppError("vote_closed");
    await tx.applicationComment.create({ data: { applicationId: input.applicationId, round: application.reviewRound, authorId: input.userId, body: input.body, createdAt: now } });
    await auditReviewChange(tx, { applicationId: input.applicationId, change: "comment_added", round: application.reviewRound }, input.userId, input.request);
  });
}
