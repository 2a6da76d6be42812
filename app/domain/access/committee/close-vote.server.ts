import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../app-error";
import type { RequestContext } from "../../auth/request-context";
import { lockApplication } from "../applications/application-audit.server";
import { seatOf } from "./committee-seats.server";
import { auditReviewChange } from "./review-audit.server";

/** The chair closes the round's vote: from then every member sees the votes, and no vote or comment is added. */
export async function closeVote(input: { userId: string; applicationId: string; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  const now = input.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const application = await lockApplication(tx, input.applicationId);
    if (!application || application.reviewRound === 0) throw new AppError("not_found");
    const seat = await seatOf(tx, input.userId, now);
    if (seat?.seat !== "chair") throw new AppError("forbidden");
    if (application.state !== "in_review") throw new AppError("application_not_in_state");
    if (application.voteClosedAt) return;
    await tx.dataAccessApplication.update({ where: { id: application.id }, data: { voteClosedAt: now, updatedAt: now } });
    await auditReviewChange(tx, { applicationId: application.id, change: "vote_closed", round: application.reviewRound }, input.userId, input.request);
  });
}
