import { getDatabase, type Database } from "../../db.server";
import { getEnv } from "../../env.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import type { SupportedLanguage } from "../../i18n/languages";
import { deviceLabelOf } from "./device-label";
import { defaultPushServiceOrigins, pushEndpointAllowed } from "./push-endpoint";
import { maxDevicesPerAccount, type SubscribeDeviceInput } from "./push-device-input";

export function pushServiceOrigins(): readonly string[] {
  return getEnv().PUSH_SERVICE_ORIGINS?.split(",").map((origin) => origin.trim()).filter(Boolean) ?? defaultPushServiceOrigins;
}

/**
 * Turns notifications on for the device a subscription belongs to (ADR 110). One browser profile has one endpoint,
 * whoever is signed in: the account that turns it on last holds it, so a phone handed over stops prompting its
 * earlier holder. Refused: an endpoint on a service not configured (the server would be made to call any address),
 * more than `maxDevicesPerAccount` devices. Audited, in the same transaction.
 */
export async function subscribeDevice(
  options: { userId: string; input: SubscribeDeviceInput; language: SupportedLanguage; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ subscriptionId: string }> {
  const { input } = options;
  if (!pushEndpointAllowed(input.endpoint, pushServiceOrigins())) throw new AppError("push_service_not_allowed");
  return db.$transaction(async (tx) => {
    // The account's row is locked so two devices turned on at once cannot both pass the count.
    await tx.$executeRaw`SELECT 1 FROM "User" WHERE "id" = ${options.userId}::uuid FOR UPDATE`;
    const existing = await tx.pushSubscription.findUnique({ where: { endpoint: input.endpoint }, select: { id: true, userId: true } });
    if (existing?.userId !== options.userId) {
      const count = await tx.pushSubscription.count({ where: { userId: options.userId } });
      if (count >= maxDevicesPerAccount) throw new AppError("push_too_many_devices");
    }
    const context = { actorUserId: options.userId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent };
    if (existing && existing.userId !== options.userId) {
      await tx.pushSubscription.delete({ where: { id: existing.id } });
      await recordAuditEvent(tx, { type: "push.device_changed", outcome: "success", detail: { subscriptionId: existing.id, change: "stopped" } }, { ...context, actorUserId: existing.userId });
    }
    const data = {
      p256dh: input.p256dh,
      auth: input.auth,
      kinds: [...new Set(input.kinds)],
      language: options.language,
      deviceLabel: deviceLabelOf(options.request.userAgent),
    };
    const row =
      existing?.userId === options.userId
        ? await tx.pushSubscription.update({ where: { id: existing.id }, data, select: { id: true } })
        : await tx.pushSubscription.create({ data: { ...data, userId: options.userId, endpoint: input.endpoint }, select: { id: true } });
    await recordAuditEvent(tx, { type: "push.device_changed", outcome: "success", detail: { subscriptionId: row.id, change: "subscribed", kinds: data.kinds } }, context);
    return { subscriptionId: row.id };
  });
}
