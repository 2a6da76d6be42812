import { getDatabase, type Database } from "../../../db.server";
import { recordAuditEvent } from "../../kernel/index.server";
import { lockTransparencyReport, newestReportVersion } from "./lock-transparency-report.server";
import { missingChangeNotes, missingReportLanguages } from "./report-content";
import { ReportRefusal } from "./report-refusal";

/** How far ahead a publication may be set: a year, as for programme updates (the form says so in the same words). */
export const reportScheduleHorizonMs = 366 * 86_400_000;

export interface ScheduleReportVersionOptions {
  reportId: string;
  /** The draft's `updatedAt` as the page showed it (the text staff checked is the text that will be published). */
  expectedUpdatedAt: Date;
  publishAt: Date;
  actorUserId: string;
  request?: { ipAddress?: string | null; userAgent?: string | null };
  now?: Date;
}

/**
 * Sets the report's draft to be published at a time ahead (ADR 048): checked now as publishing would check it (every
 * language, and a later version's change note), so what is scheduled can be published. The queue's
 * `reports.publish-due` job (publish-due-reports.server.ts) publishes it once the time has come — with the snapshot
 * and checkpoint of that moment, not of today. A scheduled version is not edited; unscheduling makes it a draft again.
 */
export async function scheduleReportVersion(options: ScheduleReportVersionOptions, db: Database = getDatabase()): Promise<{ version: number; publishAt: Date }> {
  const now = options.now ?? new Date();
  if (!(options.publishAt.getTime() > now.getTime() && options.publishAt.getTime() <= now.getTime() + reportScheduleHorizonMs)) throw new ReportRefusal("publish_at_not_ahead");
  return db.$transaction(async (tx) => {
    const report = await lockTransparencyReport(tx, options.reportId);
    const draft = await newestReportVersion(tx, report.id);
    if (draft.status !== "draft") throw new ReportRefusal(draft.status === "scheduled" ? "not_editable" : "nothing_to_publish");
    if (draft.updatedAt.getTime() !== options.expectedUpdatedAt.getTime()) throw new ReportRefusal("changed_meanwhile");
    if (missingReportLanguages(draft.content).length > 0) throw new ReportRefusal("language_missing");
    if (missingChangeNotes(draft.content, draft.version).length > 0) throw new ReportRefusal("change_note_missing");
    await tx.transparencyReportVersion.update({ where: { id: draft.id }, data: { status: "scheduled", publishAt: options.publishAt, updatedAt: new Date(Math.max(Date.now(), draft.updatedAt.getTime() + 1)) } });
    await recordAuditEvent(
      tx,
      { type: "transparency.report_changed", outcome: "success", detail: { reportId: report.id, version: draft.version, change: "scheduled" } },
      { actorUserId: options.actorUserId, ipAddress: options.request?.ipAddress, userAgent: options.request?.userAgent },
    );
    return { version: draft.version, publishAt: options.publishAt };
  });
}
