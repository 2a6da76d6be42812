import { getDatabase, type Database, type Transaction } from "../../db.server";
import type { FacilitySummary } from "./facility-kinds";
import { scopeFor, type StaffScope } from "./participant-scope";

export interface StaffAccess {
  scope: StaffScope;
  /** The facilities the member belongs to (for a programme-wide role, possibly none: the scope says "all"). */
  memberOf: FacilitySummary[];
}

const nobody: StaffAccess = { scope: { kind: "facilities", facilityIds: [] }, memberOf: [] };

/**
 * A staff member's scope, from their role and memberships as the database holds them now: an administrator's
 * change takes effect at the next request, not at the next sign-in. An unknown or disabled account reaches nobody.
 */
export async function loadStaffAccess(userId: string, db: Database | Transaction = getDatabase()): Promise<StaffAccess> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      role: true,
      disabledAt: true,
      facilities: { select: { facility: { select: { id: true, code: true, nameJa: true, nameEn: true, kind: true } } }, orderBy: { facility: { code: "asc" } } },
    },
  });
  if (!user || user.disabledAt) return nobody;
  const memberOf = user.facilities.map((membership) => membership.facility);
  return { scope: scopeFor(user.role, memberOf.map((facility) => facility.id)), memberOf };
}
