import { z } from "zod";
import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { AccountRefusal } from "./account-refusal";
import { ResetIdSchema } from "./account-schemas";

/**
 * Withdraws a pending reset request (ADR 042): the administrator who asked, or one who declines to approve it. The
 * person it concerns cannot (nor approve it). One compare-and-set on the pending row: a cancel racing an approval
 * either ends it first or finds it no longer pending.
 */
export async function cancelSecondFactorReset(
  options: { actorUserId: string; input: z.input<typeof ResetIdSchema>; request: RequestContext },
  db: Database = getDatabase(),
): Promise<void> {
  const { resetId } = ResetIdSchema.parse(options.input);
  const now = options.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const reset = await tx.secondFactorReset.findUnique({ where: { id: resetId }, select: { targetUserId: true } });
    if (!reset) throw new AppError("not_found");
    if (reset.targetUserId === options.actorUserId) throw new AccountRefusal("own_reset");
    const { count } = await tx.secondFactorReset.updateMany({
      where: { id: resetId, approvedAt: null, cancelledAt: null },
      data: { cancelledAt: now, cancelledById: options.actorUserId },
    });
    if (count === 0) throw new AccountRefusal("reset_not_pending");
    await recordAuditEvent(
      tx,
      { type: "second_factor_reset.cancelled", outcome: "success", detail: { resetId } },
      { actorUserId: options.actorUserId, subjectUserId: reset.targetUserId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
    );
  });
}
