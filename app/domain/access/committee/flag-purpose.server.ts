import { getDatabase, type Database } from "../../../db.server";
import { AppError, type RequestContext } from "../../kernel/index";
import { auditReviewChange } from "./review-audit.server";
import { requireReviewing } from "./reviewer-standing.server";

/**
 * A participant-panel member flags that the application's purpose could stigmatise a group (issue 57 item 5; ADR 139),
 * in their own words, while it is under review. Only a panel seat may (the panel speaks for participants and families;
 * DUOS and the GEL Access Review Committee ask the same question). The flag is kept for good and, once the use is
 * approved, shown on the public register beside it. Audited in the same transaction.
 */
export async function flagPurpose(input: { userId: string; applicationId: string; reason: string; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  const now = input.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const application = await tx.dataAccessApplication.findUnique({ where: { id: input.applicationId }, select: { state: true, reviewRound: true } });
    if (!application || application.reviewRound === 0) throw new AppError("not_found");
    const seat = await requireReviewing(tx, { userId: input.userId, applicationId: input.applicationId, now, request: input.request, path: "flag" });
    if (seat.seat !== "panel") throw new AppError("forbidden");
    if (application.state !== "in_review") throw new AppError("application_not_in_state");
    await tx.purposeFlag.create({ data: { applicationId: input.applicationId, flaggedById: input.userId, reason: input.reason, flaggedAt: now } });
    await auditReviewChange(tx, { applicationId: input.applicationId, change: "purpose_flagged", round: application.reviewRound }, input.userId, input.request);
  });
}
