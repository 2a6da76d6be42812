import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import { auditApplicationChange, lockApplication } from "./application-audit.server";

/**
 * The secretariat sends a submitted application to the committee: review round 1 opens, members declare conflicts,
 * read, comment and vote. Only from `submitted`, under the application's lock.
 */
export async function openReview(input: { applicationId: string; actorUserId: string; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  const now = input.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const application = await lockApplication(tx, input.applicationId);
    if (!application) throw new AppError("not_found");
    if (application.state !== "submitted") throw new AppError("application_not_in_state");
    await tx.dataAccessApplication.update({ where: { id: application.id }, data: { state: "in_review", reviewRound: application.reviewRound + 1, voteOpenedAt: now, voteClosedAt: null, updatedAt: now } });
    await auditApplicationChange(tx, { applicationId: application.id, change: "review_opened", version: application.submittedVersion ?? undefined }, input.actorUserId, input.request);
  });
}
