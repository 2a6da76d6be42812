import { Prisma } from "../../../generated/prisma/client";
import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import { recordAuditEvent } from "../../kernel/index.server";
import { emptyReportSection, NewReportSchema, type NewReport, type ReportContent } from "./report-content";
import { ReportRefusal } from "./report-refusal";

export interface CreateReportOptions {
  report: NewReport;
  /** The ELSI staff member writing it. */
  actorUserId: string;
  request?: { ipAddress?: string | null; userAgent?: string | null };
}

/**
 * A new report (ADR 048): its address, its rhythm (none, monthly, quarterly or yearly) and a first draft version
 * holding the title and one empty section. A draft may lack a language; only publishing asks for all three.
 * Input that breaks the schema is `invalid_input` with nothing written; an address already used is `slug_taken`.
 */
export async function createReport(options: CreateReportOptions, db: Database = getDatabase()): Promise<{ id: string; slug: string }> {
  const parsed = NewReportSchema.safeParse(options.report);
  if (!parsed.success) throw new AppError("invalid_input");
  const { slug, schedule, title } = parsed.data;
  const content: ReportContent = { title, sections: [emptyReportSection], changeNote: null };
  try {
    return await db.$transaction(async (tx) => {
      const created = await tx.transparencyReport.create({
        data: {
          slug,
          schedule,
          createdById: options.actorUserId,
          versions: { create: { version: 1, title: content.title, sections: content.sections as unknown as Prisma.InputJsonValue, createdById: options.actorUserId } },
        },
        select: { id: true, slug: true },
      });
      await recordAuditEvent(
        tx,
        { type: "transparency.report_changed", outcome: "success", detail: { reportId: created.id, version: 1, change: "created" } },
        { actorUserId: options.actorUserId, ipAddress: options.request?.ipAddress, userAgent: options.request?.userAgent },
      );
      return created;
    });
  } catch (error) {
    // Two reports named alike at once: the unique index decides, and the second is told, not shown a 500.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new ReportRefusal("slug_taken");
    throw error;
  }
}
