import type { Transaction } from "../../db.server";
import { AccountRefusal } from "./account-refusal";

/**
 * Every change that could leave the programme without an administrator (disabling, re-enabling, changing roles) takes
 * this one transaction-scoped lock first, so "is another active admin left?" and the write it guards cannot be
 * interleaved by two administrators demoting each other at once.
 */
export async function lockAdminRoster(tx: Transaction): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('tsunagi:admin-roster'))`;
}

/** Under lockAdminRoster: refuses when `userId` is an active admin and no other active account holds the role. */
export async function refuseIfLastAdmin(tx: Transaction, userId: string): Promise<void> {
  const isAdmin = await tx.user.count({ where: { id: userId, disabledAt: null, OR: [{ role: "admin" }, { additionalRoles: { has: "admin" } }] } });
  if (isAdmin === 0) return;
  const others = await tx.user.count({
    where: { id: { not: userId }, disabledAt: null, OR: [{ role: "admin" }, { additionalRoles: { has: "admin" } }] },
  });
  if (others === 0) throw new AccountRefusal("last_admin");
}
