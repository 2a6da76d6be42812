import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import type { PushKind } from "../mail";

/**
 * Which kinds one of the holder's devices hears (ADR 110). Scoped to the holder in the write itself, so another
 * account's device id changes nothing and is answered as unknown. A prompt already queued asks again when it leaves.
 */
export async function changeDeviceKinds(
  options: { userId: string; subscriptionId: string; kinds: PushKind[]; request: RequestContext },
  db: Database = getDatabase(),
): Promise<void> {
  const kinds = [...new Set(options.kinds)];
  await db.$transaction(async (tx) => {
    const { count } = await tx.pushSubscription.updateMany({ where: { id: options.subscriptionId, userId: options.userId }, data: { kinds } });
    if (count !== 1) throw new AppError("not_found");
    await recordAuditEvent(
      tx,
      { type: "push.device_changed", outcome: "success", detail: { subscriptionId: options.subscriptionId, change: "kinds_changed", kinds } },
      { actorUserId: options.userId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
    );
  });
}
