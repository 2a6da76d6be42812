import { z } from "zod";
import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import type { Role } from "../authz";
import { isFacilityBound } from "./participant-scope";

export const SetFacilityMembershipsSchema = z.object({
  userId: z.uuid(),
  facilityIds: z.array(z.uuid()).max(200).refine((ids) => new Set(ids).size === ids.length),
});

/**
 * An administrator sets the facilities a coordinator or counsellor belongs to (ADR 015): exactly the ones given,
 * adding and removing as needed. Each membership added or removed is one audit row, written in the same
 * transaction, under a lock on the account, so two administrators saving at once are applied in turn. Other
 * roles have no facilities to set: ELSI staff and admins reach every facility by role, and the rest reach no
 * participant at all.
 */
export async function setFacilityMemberships(
  options: { actorUserId: string; input: unknown; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ added: number; removed: number }> {
  const parsed = SetFacilityMembershipsSchema.safeParse(options.input);
  if (!parsed.success) throw new AppError("invalid_input");
  const { userId, facilityIds } = parsed.data;
  const now = options.request.now ?? new Date();
  const context = { actorUserId: options.actorUserId, subjectUserId: userId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent };
  return db.$transaction(async (tx) => {
    // The account's row is the lock: two admins saving different sets at once are applied one after the other,
    // so the result is one of the sets they chose, never the union of both (the second reads what the first left).
    const locked = await tx.$queryRaw<{ role: Role }[]>`SELECT "role"::text AS "role" FROM "User" WHERE "id" = ${userId}::uuid FOR UPDATE`;
    const user = locked[0];
    if (!user) throw new AppError("not_found");
    if (!isFacilityBound(user.role)) throw new AppError("invalid_input");
    const facilities = await tx.facility.findMany({ select: { id: true, code: true } });
    const codeOf = new Map(facilities.map((facility) => [facility.id, facility.code]));
    if (facilityIds.some((id) => !codeOf.has(id))) throw new AppError("invalid_input");

    const held = await tx.facilityMembership.findMany({ where: { userId }, select: { facilityId: true } });
    let added = 0;
    let removed = 0;
    for (const { facilityId } of held) {
      if (facilityIds.includes(facilityId)) continue;
      const { count } = await tx.facilityMembership.deleteMany({ where: { userId, facilityId } });
      if (count === 0) continue;
      removed += 1;
      await recordAuditEvent(tx, { type: "facility.membership_changed", outcome: "success", detail: { facilityId, facilityCode: codeOf.get(facilityId)!, change: "removed" } }, context);
    }
    for (const facilityId of facilityIds) {
      const { count } = await tx.facilityMembership.createMany({ data: [{ userId, facilityId, createdById: options.actorUserId, createdAt: now }], skipDuplicates: true });
      if (count === 0) continue;
      added += 1;
      await recordAuditEvent(tx, { type: "facility.membership_changed", outcome: "success", detail: { facilityId, facilityCode: codeOf.get(facilityId)!, change: "added" } }, context);
    }
    return { added, removed };
  });
}
