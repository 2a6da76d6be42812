import { getDatabase, type Database } from "../../db.server";
import type { AuditContext } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { rolesOf, type Role } from "../authz";
import { resetRequestLifetimeMs } from "./account-schemas";

export type ResetState = "pending" | "approved" | "cancelled" | "expired";

/** Where a request stands at `now`: approval and cancellation are stored, expiry is read from the time it was asked. */
export function resetStateOf(reset: { requestedAt: Date; approvedAt: Date | null; cancelledAt: Date | null }, now: Date): ResetState {
  if (reset.approvedAt) return "approved";
  if (reset.cancelledAt) return "cancelled";
  return reset.requestedAt.getTime() <= now.getTime() - resetRequestLifetimeMs ? "expired" : "pending";
}

interface Person {
  id: string;
  email: string;
  displayName: string;
}

/**
 * For the resets page (ADR 042): the requests of the last 30 days, newest first, with who they concern and who asked,
 * approved or cancelled, and the accounts a reset may be asked for (with what second factor each has). Names and
 * addresses are identifiable, so the read is logged.
 */
export async function listSecondFactorResets(options: { reader: AuditContext; now?: Date }, db: Database = getDatabase()) {
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - 30 * 24 * 3_600_000);
  const [resets, users] = await Promise.all([
    db.secondFactorReset.findMany({ where: { requestedAt: { gte: since } }, orderBy: { requestedAt: "desc" }, take: 200 }),
    db.user.findMany({
      where: { disabledAt: null },
      orderBy: { email: "asc" },
      select: { id: true, email: true, displayName: true, role: true, additionalRoles: true, totpEnabledAt: true, _count: { select: { passkeys: true } } },
      take: 500,
    }),
  ]);
  const ids = [...new Set(resets.flatMap((reset) => [reset.targetUserId, reset.requestedById, reset.approvedById, reset.cancelledById]).filter((id): id is string => id !== null))];
  const people = new Map<string, Person>(
    (await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true, displayName: true } })).map((person) => [person.id, person]),
  );
  const person = (id: string | null): Person | null => (id ? (people.get(id) ?? { id, email: "?", displayName: "?" }) : null);
  await recordAuditEvent(
    db,
    { type: "data.identifiable_read", outcome: "success", detail: { resource: "user_list", purpose: "account_administration", rows: users.length + resets.length } },
    { ...options.reader, subjectUserId: null },
  );
  return {
    resets: resets.map((reset) => ({
      id: reset.id,
      reason: reset.reason,
      requestedAt: reset.requestedAt,
      expiresAt: new Date(reset.requestedAt.getTime() + resetRequestLifetimeMs),
      approvedAt: reset.approvedAt,
      cancelledAt: reset.cancelledAt,
      state: resetStateOf(reset, now),
      target: person(reset.targetUserId)!,
      requestedBy: person(reset.requestedById)!,
      approvedBy: person(reset.approvedById),
      cancelledBy: person(reset.cancelledById),
    })),
    accounts: users.map((user) => ({
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      roles: rolesOf(user) as Role[],
      hasTotp: user.totpEnabledAt !== null,
      passkeys: user._count.passkeys,
    })),
  };
}
