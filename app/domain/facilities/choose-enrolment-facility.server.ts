import { z } from "zod";
import { getDatabase, type Database, type Transaction } from "../../db.server";
import { AppError } from "../kernel/index";
import type { FacilitySummary } from "./facility-kinds";
import { loadStaffAccess } from "./load-staff-scope.server";

/**
 * Where a new participant is enrolled: one of the enrolling staff member's own facilities (ADR 015). A member of
 * exactly one need not say which; a member of several must choose; a member of none cannot enrol anyone yet. A
 * facility that is not theirs is refused, whatever the form claimed.
 */
export async function chooseEnrolmentFacility(options: { staffUserId: string; requested?: string }, db: Database | Transaction = getDatabase()): Promise<string> {
  const access = await loadStaffAccess(options.staffUserId, db);
  if (access.scope.kind === "all") {
    if (!options.requested) throw new AppError("facility_required");
    const exists = z.uuid().safeParse(options.requested).success && (await db.facility.findUnique({ where: { id: options.requested }, select: { id: true } }));
    if (!exists) throw new AppError("facility_not_allowed");
    return options.requested;
  }
  const own = access.memberOf.map((facility) => facility.id);
  if (options.requested) {
    if (!own.includes(options.requested)) throw new AppError("facility_not_allowed");
    return options.requested;
  }
  if (own.length === 0) throw new AppError("no_facility");
  if (own.length > 1) throw new AppError("facility_required");
  return own[0]!;
}

/** The facilities the enrolment form offers this staff member: their own, or every one for a programme-wide role. */
export async function enrolmentFacilitiesFor(staffUserId: string, db: Database = getDatabase()): Promise<FacilitySummary[]> {
  const access = await loadStaffAccess(staffUserId, db);
  if (access.scope.kind === "facilities") return access.memberOf;
  return db.facility.findMany({ select: { id: true, code: true, nameJa: true, nameEn: true, kind: true }, orderBy: { code: "asc" } });
}
