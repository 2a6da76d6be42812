import { randomUUID } from "node:crypto";
import { getDatabase } from "../../app/db.server";
import type { FacilityKind } from "../../app/domain/facilities/facility-kinds";

export interface CreatedFacility {
  id: string;
  code: string;
  nameJa: string;
  nameEn: string;
  kind: FacilityKind;
}

const select = { id: true, code: true, nameJa: true, nameEn: true, kind: true } as const;

/** A unique facility per call: tests that compare "own" and "other" facilities never share one by accident. */
export async function createFacility(options: { code?: string; nameJa?: string; nameEn?: string; kind?: FacilityKind } = {}): Promise<CreatedFacility> {
  const suffix = randomUUID().replace(/-/g, "").slice(0, 8).toUpperCase();
  return getDatabase().facility.create({
    data: {
      code: options.code ?? `F-${suffix}`,
      nameJa: options.nameJa ?? `テスト病院 ${suffix}`,
      nameEn: options.nameEn ?? `Test Hospital ${suffix}`,
      kind: options.kind ?? "cancer_genomics_base",
    },
    select,
  });
}

export const defaultTestFacilityCode = "TEST01";

/**
 * The facility factories use when a test does not name one: every coordinator and counsellor made by
 * createUser belongs to it and every participant made by createParticipant is enrolled at it, so tests about
 * something else see each other's participants exactly as they did before facilities existed.
 */
export async function defaultTestFacility(): Promise<CreatedFacility> {
  const db = getDatabase();
  const existing = await db.facility.findUnique({ where: { code: defaultTestFacilityCode }, select });
  if (existing) return existing;
  // Browser-test workers may create it at the same moment: whoever loses the race reads the winner's row.
  await db.facility.createMany({
    data: [{ code: defaultTestFacilityCode, nameJa: "テスト病院", nameEn: "Test Hospital", kind: "cancer_genomics_core" }],
    skipDuplicates: true,
  });
  return db.facility.findUniqueOrThrow({ where: { code: defaultTestFacilityCode }, select });
}

/** Makes a staff account a member of these facilities (as an admin would at /admin/users). */
export async function addToFacilities(userId: string, facilities: readonly (string | { id: string })[]): Promise<void> {
  const ids = facilities.map((facility) => (typeof facility === "string" ? facility : facility.id));
  if (ids.length === 0) return;
  await getDatabase().facilityMembership.createMany({ data: ids.map((facilityId) => ({ userId, facilityId })), skipDuplicates: true });
}
