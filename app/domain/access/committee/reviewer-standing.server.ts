import { getDatabase, type Database, type Transaction } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import { seatOf } from "./committee-seats.server";
import { auditReviewChange } from "./review-audit.server";

export type Standing = { kind: "declare" } | { kind: "recused" } | { kind: "reviewing" };

/**
 * Where a committee member stands on one application (issue 15 item 3): a member must declare conflicts before any
 * detail; a conflicted member is recused and reaches no detail, comment or vote. Every read and write of a review
 * goes through `requireReviewing`, so a recused member's attempt is refused and recorded, whatever the route.
 */
export async function standingOf(db: Database | Transaction, userId: string, applicationId: string, now: Date): Promise<{ seat: Awaited<ReturnType<typeof seatOf>>; standing: Standing }> {
  const seat = await seatOf(db, userId, now);
  if (!seat) return { seat, standing: { kind: "declare" } };
  const declaration = await db.conflictDeclaration.findUnique({ where: { applicationId_userId: { applicationId, userId } } });
  if (!declaration) return { seat, standing: { kind: "declare" } };
  return { seat, standing: declaration.conflicted ? { kind: "recused" } : { kind: "reviewing" } };
}

export async function requireReviewing(
  tx: Transaction | Database,
  input: { userId: string; applicationId: string; now: Date; request: RequestContext; path?: string },
) {
  const { seat, standing } = await standingOf(tx, input.userId, input.applicationId, input.now);
  if (!seat) throw new AppError("not_a_committee_member");
  if (standing.kind === "declare") throw new AppError("conflict_not_declared");
  if (standing.kind === "recused") {
    // The refusal is recorded outside the refused step's transaction, which rolls back.
    await getDatabase().$transaction((audit) =>
      auditReviewChange(audit, { applicationId: input.applicationId, change: "recused_access_refused", path: input.path }, input.userId, input.request, "failure"),
    );
    throw new AppError("recused");
  }
  return seat;
}
