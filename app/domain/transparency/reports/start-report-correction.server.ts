import type { Prisma } from "../../../generated/prisma/client";
import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import { recordAuditEvent } from "../../kernel/index.server";
import { lockTransparencyReport, newestReportVersion } from "./lock-transparency-report.server";
import { emptyReportText } from "./report-content";

export interface StartReportCorrectionOptions {
  reportId: string;
  actorUserId: string;
  request?: { ipAddress?: string | null; userAgent?: string | null };
}

/**
 * A correction of a published report (ADR 048): version N+1, a draft holding a copy of the newest published version
 * for staff to change, with an empty note of what changed that publishing requires in all three languages. The
 * published versions stay as they are, each at its own address. Under the report's lock; when a newer version is
 * already being written (a correction, or the next period's edition), that one is returned instead of a second.
 */
export async function startReportCorrection(options: StartReportCorrectionOptions, db: Database = getDatabase()): Promise<{ version: number; started: boolean }> {
  return db.$transaction(async (tx) => {
    const report = await lockTransparencyReport(tx, options.reportId);
    const newest = await newestReportVersion(tx, report.id);
    if (newest.status !== "published") {
      // Never published: there is nothing to correct, and its draft is edited directly.
      if (newest.version === 1) throw new AppError("invalid_input");
      return { version: newest.version, started: false };
    }
    const version = newest.version + 1;
    await tx.transparencyReportVersion.create({
      data: {
        reportId: report.id,
        version,
        title: newest.content.title,
        sections: newest.content.sections as unknown as Prisma.InputJsonValue,
        changeNote: emptyReportText,
        createdById: options.actorUserId,
      },
    });
    await recordAuditEvent(
      tx,
      { type: "transparency.report_changed", outcome: "success", detail: { reportId: report.id, version, change: "correction_started" } },
      { actorUserId: options.actorUserId, ipAddress: options.request?.ipAddress, userAgent: options.request?.userAgent },
    );
    return { version, started: true };
  });
}
