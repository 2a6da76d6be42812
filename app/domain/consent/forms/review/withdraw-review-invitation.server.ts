import { getDatabase, type Database } from "../../../../db.server";
import { AppError } from "../../../kernel/index";
import { recordAuditEvent } from "../../../kernel/index.server";
import type { RequestContext } from "../../../kernel/index";
import { uuidPattern } from "../../../kernel/index";
import { lockRoundOfDraft } from "./review-round-lock.server";

/**
 * ELSI staff withdraw an invitation (ADR 064): its link opens nothing from now on. Comments already made stay in the
 * round and still need their answers. Under the round's lock, so a comment through the link and the withdrawal take
 * turns; withdrawing twice is refused as not found, nothing written.
 */
export async function withdrawReviewInvitation(input: { roundId: string; invitationId: string; actorUserId: string; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  if (!uuidPattern.test(input.invitationId)) throw new AppError("not_found");
  const now = input.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const round = await lockRoundOfDraft(tx, input.roundId);
    const { count } = await tx.documentReviewInvitation.updateMany({
      where: { id: input.invitationId, roundId: round.id, withdrawnAt: null },
      data: { withdrawnAt: now, withdrawnById: input.actorUserId },
    });
    if (count === 0) throw new AppError("not_found");
    await recordAuditEvent(
      tx,
      { type: "document_review.changed", outcome: "success", detail: { formVersionId: round.formVersionId, roundId: round.id, change: "invitation_withdrawn", invitationId: input.invitationId } },
      { actorUserId: input.actorUserId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent },
    );
  });
}
