import { Prisma } from "../../../generated/prisma/client";
import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import { lockApplication } from "../applications/application-audit.server";
import { requireReviewing } from "./reviewer-standing.server";
import { auditReviewChange } from "./review-audit.server";
import type { VoteChoice } from "./tally-rule";

/**
 * A member who declared no conflict votes once per round, with a rationale (and conditions when approving with
 * conditions). Decided under the application's lock, so a vote never lands after the chair closed the vote; the
 * primary key (application, round, member) makes a second vote, or two at once, `already_voted`.
 */
export async function castVote(
  input: { userId: string; applicationId: string; choice: VoteChoice; rationale: string; conditions: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<void> {
  const now = input.request.now ?? new Date();
  if (input.choice === "approve_with_conditions" && input.conditions.trim() === "") throw new AppError("conditions_required");
  try {
    await db.$transaction(async (tx) => {
      const application = await lockApplication(tx, input.applicationId);
      if (!application || application.reviewRound === 0) throw new AppError("not_found");
      const seat = await requireReviewing(tx, { userId: input.userId, applicationId: input.applicationId, now, request: input.request, path: "vote" });
      if (application.state !== "in_review") throw new AppError("application_not_in_state");
      if (application.voteClosedAt) throw new AppError("vote_closed");
      await tx.applicationVote.create({
        data: {
          applicationId: application.id,
          round: application.reviewRound,
          userId: input.userId,
          seat: seat.seat,
          choice: input.choice,
          rationale: input.rationale,
          conditions: input.choice === "approve_with_conditions" ? input.conditions : "",
          castAt: now,
        },
      });
      await auditReviewChange(tx, { applicationId: application.id, change: "vote_cast", round: application.reviewRound, choice: input.choice }, input.userId, input.request);
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new AppError("already_voted");
    throw error;
  }
}
