/**
 * The programme's two arms (全ゲノム解析等実行計画: cancer and rare disease): which one a participant joined through is
 * recorded at enrolment, and recontact campaigns may be aimed at one (ADR 033). The database's `ProgrammeArea` enum
 * holds the same values (programme-areas.test.ts).
 */
export const programmeAreas = ["cancer", "rare_disease"] as const;
export type ProgrammeArea = (typeof programmeAreas)[number];
