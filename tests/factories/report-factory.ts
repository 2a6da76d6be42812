// Analysis reports in their real tables, as the intake and the counsellor's step store them (issue 57; ADR 137).
import { createHash, randomUUID } from "node:crypto";
import { getDatabase } from "../../app/db.server";
import type { ReportContent } from "../../app/domain/results/report-submission";

/** A cancer report with an actionable finding, a secondary finding in each category, and a study for each kind. */
export const sampleReportContent: ReportContent = {
  area: "cancer",
  conclusion: "actionable_found",
  expertPanelDate: "2026-11-20",
  primaryFindings: [{ gene: "EGFR", variant: "NM_005228.5:c.2573T>G", origin: "somatic", classification: "pathogenic", actionability: "approved_therapy" }],
  secondaryFindings: [
    { category: "hereditary_cancer", gene: "BRCA2", variant: "NM_000059.4:c.5946del", classification: "P" },
    { category: "other_actionable", gene: "LDLR", variant: "NM_000527.5:c.1775G>A", classification: "LP" },
  ],
  trialMatches: [
    { registry: "jRCT", trialId: "jRCT2031210123", gene: "EGFR" },
    { registry: "ClinicalTrials.gov", trialId: "NCT04567890", gene: "BRCA2" },
  ],
};

/**
 * A report with one version for the participant; `explainedBy` (a staff user's id) records that it was explained,
 * which releases it. Returns the report's id.
 */
export async function createReport(participantId: string, options: { explainedBy?: string; content?: ReportContent } = {}): Promise<string> {
  const db = getDatabase();
  const content = options.content ?? sampleReportContent;
  const pdf = Buffer.from(`%PDF-1.7\n% report ${randomUUID()}\n%%EOF\n`);
  const report = await db.analysisReport.create({ data: { senderId: "TEST-CENTRE", senderReportId: `R-${randomUUID()}`, participantId, latestVersion: 1 } });
  const version = await db.analysisReportVersion.create({
    data: {
      reportId: report.id,
      version: 1,
      content,
      pdf: new Uint8Array(pdf),
      pdfSha256: createHash("sha256").update(pdf).digest("hex"),
      contentHash: createHash("sha256").update(`${report.id}`).digest("hex"),
      expertPanelDate: new Date(`${content.expertPanelDate}T00:00:00Z`),
      submittedByTokenId: "test",
    },
  });
  if (options.explainedBy) {
    await db.analysisReportExplanation.create({ data: { reportVersionId: version.id, explainedByUserId: options.explainedBy, explainedOn: new Date(), mode: "face_to_face" } });
  }
  return report.id;
}
