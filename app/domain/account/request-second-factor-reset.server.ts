import { z } from "zod";
import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { AccountRefusal } from "./account-refusal";
import { RequestResetSchema, resetRequestLifetimeMs } from "./account-schemas";

/**
 * The first of two administrators asks for someone's second factor to be reset, with the reason (issue 15; ADR 042).
 * Nothing changes for the person yet: a different administrator must approve. Never for oneself; at most one pending
 * request per person — decided with the person's account row locked, so two requests at once make one.
 */
export async function requestSecondFactorReset(
  options: { actorUserId: string; input: z.input<typeof RequestResetSchema>; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ id: string }> {
  const input = RequestResetSchema.parse(options.input);
  if (input.userId === options.actorUserId) throw new AccountRefusal("own_reset_request");
  const now = options.request.now ?? new Date();
  return db.$transaction(async (tx) => {
    const target = await tx.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM "User" WHERE id = ${input.userId}::uuid FOR UPDATE`;
    if (target.length === 0) throw new AppError("not_found");
    const pending = await tx.secondFactorReset.findFirst({
      where: { targetUserId: input.userId, approvedAt: null, cancelledAt: null, requestedAt: { gt: new Date(now.getTime() - resetRequestLifetimeMs) } },
      select: { id: true },
    });
    if (pending) throw new AccountRefusal("reset_pending");
    const reset = await tx.secondFactorReset.create({
      data: { targetUserId: input.userId, requestedById: options.actorUserId, reason: input.reason, requestedAt: now },
      select: { id: true },
    });
    await recordAuditEvent(
      tx,
      { type: "second_factor_reset.requested", outcome: "success", detail: { resetId: reset.id } },
      { actorUserId: options.actorUserId, subjectUserId: input.userId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
    );
    return reset;
  });
}
