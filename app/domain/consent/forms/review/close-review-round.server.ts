import { getDatabase, type Database } from "../../../../db.server";
import { AppError } from "../../../kernel/index";
import { recordAuditEvent } from "../../../kernel/index.server";
import type { RequestContext } from "../../../kernel/index";
import { lockRoundOfDraft } from "./review-round-lock.server";

/** ELSI staff close a round (ADR 061): it takes no more comments; answers may still be recorded until publication. */
export async function closeReviewRound(input: { roundId: string; actorUserId: string; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  const now = input.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const round = await lockRoundOfDraft(tx, input.roundId);
    if (round.closedAt !== null) throw new AppError("review_round_closed");
    await tx.documentReviewRound.update({ where: { id: round.id }, data: { closedAt: now, closedById: input.actorUserId } });
    await recordAuditEvent(
      tx,
      { type: "document_review.changed", outcome: "success", detail: { formVersionId: round.formVersionId, roundId: round.id, change: "closed" } },
      { actorUserId: input.actorUserId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent },
    );
  });
}
