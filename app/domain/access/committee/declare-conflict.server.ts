import { Prisma } from "../../../generated/prisma/client";
import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import { seatOf } from "./committee-seats.server";
import { auditReviewChange } from "./review-audit.server";

/**
 * A seated member declares, once per application, whether they have a conflict of interest (the policy's COI
 * management). Declared before anything else is shown; a declaration is never changed (append-only): a conflicted
 * member is recused from the application for good. A second declaration, or two at once, leaves the first.
 */
export async function declareConflict(
  input: { userId: string; applicationId: string; conflicted: boolean; note: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<void> {
  const now = input.request.now ?? new Date();
  try {
    await db.$transaction(async (tx) => {
      const application = await tx.dataAccessApplication.findUnique({ where: { id: input.applicationId }, select: { state: true, reviewRound: true } });
      if (!application || application.reviewRound === 0) throw new AppError("not_found");
      if (!(await seatOf(tx, input.userId, now))) throw new AppError("not_a_committee_member");
      await tx.conflictDeclaration.create({ data: { applicationId: input.applicationId, userId: input.userId, conflicted: input.conflicted, note: input.note, declaredAt: now } });
      await auditReviewChange(tx, { applicationId: input.applicationId, change: "conflict_declared", conflicted: input.conflicted, round: application.reviewRound }, input.userId, input.request);
    });
  } catch (error) {
    // Already declared (a resent form, two tabs): the first declaration stands; nothing more is written.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return;
    throw error;
  }
}
