/**
 * What the programme calls its hospitals (全ゲノム解析等実行計画): the cancer genomic medicine core, base and
 * cooperating hospitals (がんゲノム医療中核拠点病院・拠点病院・連携病院) and the hospitals running rare-disease
 * whole-genome analysis. Mirrors the FacilityKind enum of prisma/schema.prisma.
 */
export const facilityKinds = ["cancer_genomics_core", "cancer_genomics_base", "cancer_genomics_cooperating", "rare_disease", "other"] as const;
export type FacilityKind = (typeof facilityKinds)[number];

/** A facility as screens and the demo file show it. */
export interface FacilitySummary {
  id: string;
  code: string;
  nameJa: string;
  nameEn: string;
  kind: FacilityKind;
}

/** The facility's name in the reader's language (やさしい日本語 readers get the Japanese name). */
export function facilityName(facility: Pick<FacilitySummary, "nameJa" | "nameEn">, language: string): string {
  return language === "en" ? facility.nameEn : facility.nameJa;
}
