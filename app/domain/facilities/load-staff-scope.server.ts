import { readRows, type Database, type NamedStatement, type Transaction } from "../../db.server";
import type { Role } from "../authz";
import type { FacilityKind, FacilitySummary } from "./facility-kinds";
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
/** The account's role and whether it is disabled, with one row per facility it belongs to (none: one row of nulls). */
const accessStatement: NamedStatement = {
  name: "tsunagi-staff-access",
  text: `SELECT u."role"::text AS "role", u."disabledAt" IS NOT NULL AS "disabled",
         f."id"::text AS "id", f."code", f."nameJa", f."nameEn", f."kind"::text AS "kind"
    FROM "User" u
    LEFT JOIN "FacilityMembership" m ON m."userId" = u."id"
    LEFT JOIN "Facility" f ON f."id" = m."facilityId"
   WHERE u."id" = $1::uuid
   ORDER BY f."code" ASC`,
};

interface AccessRow {
  role: Role;
  disabled: boolean;
  id: string | null;
  code: string | null;
  nameJa: string | null;
  nameEn: string | null;
  kind: FacilityKind | null;
}

export async function loadStaffAccess(userId: string, db?: Database | Transaction): Promise<StaffAccess> {
  // One named statement on the plain pool (every staff page asks it), or in the caller's transaction.
  const rows = await readRows<AccessRow>(accessStatement, [userId], db);
  const account = rows[0];
  if (!account || account.disabled) return nobody;
  const memberOf: FacilitySummary[] = rows.flatMap(({ id, code, nameJa, nameEn, kind }) => (id === null ? [] : [{ id, code: code!, nameJa: nameJa!, nameEn: nameEn!, kind: kind! }]));
  return { scope: scopeFor(account.role, memberOf.map((facility) => facility.id)), memberOf };
}
