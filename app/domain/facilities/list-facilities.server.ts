import { getDatabase, type Database } from "../../db.server";
import type { FacilitySummary } from "./facility-kinds";

/** Every facility, by code: for administrators assigning staff. Names of hospitals, nothing about people. */
export async function listFacilities(db: Database = getDatabase()): Promise<FacilitySummary[]> {
  return db.facility.findMany({ select: { id: true, code: true, nameJa: true, nameEn: true, kind: true }, orderBy: { code: "asc" } });
}
