import { getDatabase, type Database } from "../../../db.server";
import { recordAuditEvent } from "../../kernel/index.server";
import { lockTransparencyReport, newestReportVersion } from "./lock-transparency-report.server";
import { ReportRefusal } from "./report-refusal";

export interface UnscheduleReportVersionOptions {
  reportId: string;
  actorUserId: string;
  request?: { ipAddress?: string | null; userAgent?: string | null };
}

/**
 * Takes a scheduled version back to a draft (ADR 048), to change it or publish it another time. Under the report's
 * lock: if the job published it meanwhile, that stands (`not_scheduled`), and a correction is the way to change it.
 */
export async function unscheduleReportVersion(options: UnscheduleReportVersionOptions, db: Database = getDatabase()): Promise<{ version: number }> {
  return db.$transaction(async (tx) => {
    const report = await lockTransparencyReport(tx, options.reportId);
    const version = await newestReportVersion(tx, report.id);
    if (version.status !== "scheduled") throw new ReportRefusal("not_scheduled");
    await tx.transparencyReportVersion.update({ where: { id: version.id }, data: { status: "draft", publishAt: null, updatedAt: new Date(Math.max(Date.now(), version.updatedAt.getTime() + 1)) } });
    await recordAuditEvent(
      tx,
      { type: "transparency.report_changed", outcome: "success", detail: { reportId: report.id, version: version.version, change: "unscheduled" } },
      { actorUserId: options.actorUserId, ipAddress: options.request?.ipAddress, userAgent: options.request?.userAgent },
    );
    return { version: version.version };
  });
}
