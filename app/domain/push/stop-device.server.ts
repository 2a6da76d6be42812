import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";

/**
 * Stops notifications on one of the holder's devices (ADR 110): the subscription is deleted, so nothing more is sent
 * to it, including prompts already queued (each looks its device up when it leaves). Another account's id is unknown.
 */
export async function stopDevice(options: { userId: string; subscriptionId: string; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.pushSubscription.deleteMany({ where: { id: options.subscriptionId, userId: options.userId } });
    if (count !== 1) throw new AppError("not_found");
    await recordAuditEvent(
      tx,
      { type: "push.device_changed", outcome: "success", detail: { subscriptionId: options.subscriptionId, change: "stopped" } },
      { actorUserId: options.userId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
    );
  });
}
