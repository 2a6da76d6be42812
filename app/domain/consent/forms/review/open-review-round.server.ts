import { getDatabase, type Database } from "../../../../db.server";
import { AppError } from "../../../kernel/index";
import { recordAuditEvent } from "../../../kernel/index.server";
import type { RequestContext } from "../../../kernel/index";

/**
 * Opens a review round of a draft form version for the participant panel (説明文書検討会; ADR 061), by ELSI staff.
 * One open round per version (a partial unique index says so too); under the version's row lock, as publishing.
 */
export async function openReviewRound(input: { formVersionId: string; actorUserId: string; request: RequestContext }, db: Database = getDatabase()): Promise<{ roundId: string }> {
  const now = input.request.now ?? new Date();
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(input.formVersionId)) throw new AppError("not_found");
  return db.$transaction(async (tx) => {
    const [version] = await tx.$queryRaw<{ status: string }[]>`SELECT "status"::text AS status FROM "ConsentFormVersion" WHERE "id" = ${input.formVersionId}::uuid FOR UPDATE`;
    if (!version) throw new AppError("not_found");
    if (version.status !== "draft") throw new AppError("form_not_editable");
    if (await tx.documentReviewRound.findFirst({ where: { formVersionId: input.formVersionId, closedAt: null }, select: { id: true } })) throw new AppError("form_review_open");
    const round = await tx.documentReviewRound.create({ data: { formVersionId: input.formVersionId, openedById: input.actorUserId, openedAt: now }, select: { id: true } });
    await recordAuditEvent(
      tx,
      { type: "document_review.changed", outcome: "success", detail: { formVersionId: input.formVersionId, roundId: round.id, change: "opened" } },
      { actorUserId: input.actorUserId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent },
    );
    return { roundId: round.id };
  });
}
