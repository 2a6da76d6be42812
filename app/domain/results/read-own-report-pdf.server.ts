import { getDatabase, type Database } from "../../db.server";
import type { AuditContext } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { AppError } from "../kernel/index";
import { loadOwnReport } from "./load-own-results.server";

/**
 * The clinicians' PDF of the version the participant was explained (ADR 137), for them or their proxy, only while the
 * page offers it (their choices let them be told every kind of secondary finding: the PDF is not read by the platform
 * and may hold any). Each download is audited.
 */
export async function readOwnReportPdf(options: { userId: string; reportId: string; context: AuditContext }, db: Database = getDatabase()): Promise<{ pdf: Uint8Array; fileName: string }> {
  const report = await loadOwnReport({ userId: options.userId, reportId: options.reportId }, db);
  if (!report.clinicalPdf) throw new AppError("not_found");
  const version = await db.analysisReportVersion.findUniqueOrThrow({
    where: { reportId_version: { reportId: report.reportId, version: report.version } },
    select: { pdf: true },
  });
  await recordAuditEvent(
    db,
    { type: "report.viewed", outcome: "success", detail: { reportId: report.reportId, version: report.version, participantId: report.subject.participantId, view: "clinical_pdf" } },
    options.context,
  );
  return { pdf: version.pdf, fileName: `report-${report.plain.expertPanelDate}-v${report.version}.pdf` };
}
