import { getDatabase, type Database } from "../../db.server";
import type { Role } from "../../domain/authz/index";
import type { FacilityKind } from "../../domain/facilities/index";
import type { DemoFacility } from "./demo-file";

/**
 * Two facilities, so the demo shows least privilege at work (ADR 015): a cancer genomic medicine core hospital
 * and a cooperating hospital, both invented. DEMO01 is the site code every demo participant had before
 * facilities existed, so an older demo database keeps its participants there.
 */
export const demoFacilities: readonly (DemoFacility & { kind: FacilityKind })[] = [
  { code: "DEMO01", nameJa: "つなぎ大学病院（デモ）", nameEn: "Tsunagi University Hospital (demo)", kind: "cancer_genomics_core" },
  { code: "DEMO02", nameJa: "あおば記念病院（デモ）", nameEn: "Aoba Memorial Hospital (demo)", kind: "cancer_genomics_cooperating" },
];

/** Where the demo hospitals are (Tokyo, Osaka): the cohort's regions in the panel's published make-up (ADR 151). */
const demoPrefectures: Record<string, string> = { DEMO01: "13", DEMO02: "27" };

/**
 * Who works where. The coordinator is at the core hospital and the counsellor at the cooperating one, so each
 * has participants of their own and participants they cannot reach. ELSI staff and the admin reach every
 * facility by their role; the other staff roles have no business with participants' records.
 */
export const demoMemberships: Partial<Record<Role, readonly string[]>> = { coordinator: ["DEMO01"], counsellor: ["DEMO02"] };

/** Creates the demo facilities, or brings their names and kinds back to these. Returns their ids by code. */
export async function seedDemoFacilities(db: Database = getDatabase()): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const facility of demoFacilities) {
    const located = { ...facility, prefecture: demoPrefectures[facility.code] ?? null };
    const row = await db.facility.upsert({ where: { code: facility.code }, create: located, update: located, select: { id: true } });
    ids.set(facility.code, row.id);
  }
  return ids;
}

/**
 * Adds each demo staff account to its facilities. Additive: a membership an administrator added by hand stays,
 * and the demo file lists what the database holds.
 */
export async function seedDemoMemberships(accounts: { role: Role; email: string }[], db: Database = getDatabase()): Promise<Map<string, string[]>> {
  const facilityIds = await seedDemoFacilities(db);
  const byEmail = new Map<string, string[]>();
  for (const account of accounts) {
    const user = await db.user.findUnique({ where: { email: account.email }, select: { id: true } });
    if (!user) continue;
    const wanted = (demoMemberships[account.role] ?? []).map((code) => facilityIds.get(code)!);
    if (wanted.length > 0) await db.facilityMembership.createMany({ data: wanted.map((facilityId) => ({ userId: user.id, facilityId })), skipDuplicates: true });
    const held = await db.facilityMembership.findMany({ where: { userId: user.id }, select: { facility: { select: { code: true } } }, orderBy: { facility: { code: "asc" } } });
    byEmail.set(account.email, held.map((membership) => membership.facility.code));
  }
  return byEmail;
}
