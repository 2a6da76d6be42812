import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";

/**
 * A follower stops following a participant (ADR 036): their own access row ends, kept as a row like any ended
 * access, and the participant's page says they left. The check and the write are one compare-and-set, so a double
 * tap or an end by the participant at the same moment leaves one end, not two; asking again for an access already
 * ended is answered as done (a resent form must not look like an error), with nothing written. Another person's
 * access is not found.
 */
export async function stopFollowing(input: { userId: string; accessId: string; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  const now = input.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const access = await tx.familyAccess.findFirst({ where: { id: input.accessId, familyUserId: input.userId } });
    if (!access) throw new AppError("not_found");
    const { count } = await tx.familyAccess.updateMany({ where: { id: access.id, familyUserId: input.userId, endedAt: null }, data: { endedAt: now, endedById: input.userId } });
    if (count !== 1) return;
    await recordAuditEvent(
      tx,
      { type: "family.access_changed", outcome: "success", detail: { participantId: access.participantId, accessId: access.id, change: "left_by_follower", scope: access.scope } },
      { actorUserId: input.userId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent },
    );
  });
}
