import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import { lockApplication } from "../applications/application-audit.server";
import { requireDecider } from "./decider-standing.server";
import { auditReviewChange } from "./review-audit.server";

/**
 * The chair closes the round's vote: from then every member sees the votes, and no vote or comment is added. On an
 * application the chair is recused from, the designated vice-chair closes it instead (`requireDecider`); a recused
 * chair closes nothing. Under the application's lock, like every step of the review — which is also what makes the
 * count of votes the chair confirmed the count the vote closes with.
 */
export async function closeVote(
  input: {
    userId: string;
    applicationId: string;
    request: RequestContext;
    /** The votes cast that the chair's page showed (issue 29 item 6): a vote cast since refuses the close, to be read first. */
    expectedCast?: number;
  },
  db: Database = getDatabase(),
): Promise<void> {
  const now = input.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const application = await lockApplication(tx, input.applicationId);
    if (!application || application.reviewRound === 0) throw new AppError("not_found");
    const capacity = await requireDecider(tx, { userId: input.userId, applicationId: application.id, now, request: input.request, path: "close" });
    if (application.state !== "in_review") throw new AppError("application_not_in_state");
    if (application.voteClosedAt) return;
    if (input.expectedCast !== undefined) {
      const cast = await tx.applicationVote.count({ where: { applicationId: application.id, round: application.reviewRound } });
      if (cast !== input.expectedCast) throw new AppError("votes_changed_meanwhile");
    }
    await tx.dataAccessApplication.update({ where: { id: application.id }, data: { voteClosedAt: now, updatedAt: now } });
    await auditReviewChange(tx, { applicationId: application.id, change: "vote_closed", round: application.reviewRound, capacity }, input.userId, input.request);
  });
}
