import { z } from "zod";
import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { isStaffRole, rolesOf, type Role } from "../authz";
import { AccountRefusal } from "./account-refusal";
import { AccountRolesSchema } from "./account-schemas";
import { lockAdminRoster, refuseIfLastAdmin } from "./admin-roster.server";

/**
 * Sets the roles an account holds beside the one it was created for (issue 15: a participant on the panel, an expert
 * who also applies); what the person may do is the union (rolesOf). The ticked boxes are the whole new set. An
 * administrator never takes the admin role from themselves, and the last active administrator keeps it: checked
 * under the admin roster's lock with the write. Takes effect on the person's next request (roles are read per request).
 */
export async function setAccountRoles(
  options: { actorUserId: string; input: z.input<typeof AccountRolesSchema>; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ changed: boolean }> {
  const input = AccountRolesSchema.parse(options.input);
  const context = { actorUserId: options.actorUserId, subjectUserId: input.userId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent };
  return db.$transaction(async (tx) => {
    await lockAdminRoster(tx);
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, role: true, additionalRoles: true, disabledAt: true } });
    if (!user) throw new AppError("not_found");
    const before = rolesOf(user);
    const additionalRoles = [...new Set(input.additionalRoles)].filter((role) => role !== user.role) as Role[];
    const after = rolesOf({ role: user.role, additionalRoles });
    const added = after.filter((role) => !before.includes(role));
    const removed = before.filter((role) => !after.includes(role));
    if (added.length === 0 && removed.length === 0) return { changed: false };
    if (removed.includes("admin")) {
      if (user.id === options.actorUserId) throw new AccountRefusal("own_admin_role");
      if (!user.disabledAt) await refuseIfLastAdmin(tx, user.id);
    }
    await tx.user.update({ where: { id: user.id }, data: { additionalRoles } });
    // A session made under participant rules never passed a second factor and lives 90 days: when the account now
    // holds a staff role, it signs in again under staff rules (second factor, short sessions).
    const becomesStaff = isStaffRole(after) && !isStaffRole(before);
    const sessionsEnded = becomesStaff ? (await tx.session.deleteMany({ where: { userId: user.id } })).count : undefined;
    await recordAuditEvent(tx, { type: "account.roles_changed", outcome: "success", detail: { added, removed, additionalRoles, sessionsEnded } }, context);
    return { changed: true };
  });
}
