import type { Transaction } from "../../../../db.server";

export type ReviewGateRefusal = "form_review_required" | "form_review_open" | "form_review_unanswered";

/**
 * Whether the co-review lets this version be published (ADR 061), asked under the version's row lock by
 * publishFormVersion: a major version that follows a published one — one that asks people to consent again — needs
 * a closed round, no open round, and an answer to every comment of every round. The first version of a form, and
 * minor versions, need none: the panel is drawn from participants, who join under a first version (ADR 061).
 */
export async function reviewGateRefusal(tx: Transaction, formVersionId: string): Promise<ReviewGateRefusal | null> {
  const rounds = await tx.documentReviewRound.findMany({ where: { formVersionId }, select: { closedAt: true, _count: { select: { comments: { where: { answer: null } } } } } });
  if (rounds.some((round) => round.closedAt === null)) return "form_review_open";
  if (rounds.length === 0) return "form_review_required";
  if (rounds.some((round) => round._count.comments > 0)) return "form_review_unanswered";
  return null;
}
