import { z } from "zod";
import type { Prisma } from "../../../generated/prisma/client";
import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import { recordAuditEvent } from "../../kernel/index.server";
import { lockTransparencyReport, newestReportVersion } from "./lock-transparency-report.server";
import { emptyReportSection, ReportContentSchema, ReportSectionSchema, reportSectionsMax, type ReportContent, type ReportSection, type ReportText } from "./report-content";
import { ReportRefusal } from "./report-refusal";

/** One change to a draft, as one staff form posts it (report-content.ts: one form per part, each small). */
export type ReportDraftChange =
  | { kind: "header"; title: ReportText; changeNote: ReportText | null }
  | { kind: "section"; index: number; section: ReportSection }
  | { kind: "add_section" }
  | { kind: "remove_section"; index: number };

export interface SaveReportDraftOptions {
  reportId: string;
  /** The draft's `updatedAt` as the page showed it: the save is refused if anyone saved it since. */
  expectedUpdatedAt: Date;
  change: ReportDraftChange;
  actorUserId: string;
  request?: { ipAddress?: string | null; userAgent?: string | null };
}

const IndexSchema = z.number().int().min(0).max(reportSectionsMax - 1);

function applied(content: ReportContent, change: ReportDraftChange, version: number): ReportContent {
  switch (change.kind) {
    case "header":
      // The first version has nothing to note; a later one keeps what was typed, even while incomplete.
      return { ...content, title: change.title, changeNote: version === 1 ? null : change.changeNote };
    case "section": {
      if (!IndexSchema.safeParse(change.index).success || change.index >= content.sections.length) throw new AppError("invalid_input");
      const parsed = ReportSectionSchema.safeParse(change.section);
      if (!parsed.success) throw new AppError("invalid_input");
      return { ...content, sections: content.sections.map((section, index) => (index === change.index ? parsed.data : section)) };
    }
    case "add_section":
      if (content.sections.length >= reportSectionsMax) throw new ReportRefusal("section_limit");
      return { ...content, sections: [...content.sections, emptyReportSection] };
    case "remove_section":
      if (!IndexSchema.safeParse(change.index).success || change.index >= content.sections.length) throw new AppError("invalid_input");
      if (content.sections.length === 1) throw new ReportRefusal("section_limit");
      return { ...content, sections: content.sections.filter((_, index) => index !== change.index) };
  }
}

/**
 * Saves one part of the report's draft (ADR 048): the title and change note, one section, or a section added or
 * removed. Under the report's lock, and a compare-and-set on the draft's `updatedAt`: a draft saved by someone else
 * since this page was loaded is `changed_meanwhile` and nothing is written, so two staff editing at once never
 * overwrite each other silently. A scheduled version is `not_editable` (unschedule it first), as is one published.
 */
export async function saveReportDraft(options: SaveReportDraftOptions, db: Database = getDatabase()): Promise<{ version: number; updatedAt: Date }> {
  return db.$transaction(async (tx) => {
    const report = await lockTransparencyReport(tx, options.reportId);
    const draft = await newestReportVersion(tx, report.id);
    if (draft.status !== "draft") throw new ReportRefusal("not_editable");
    if (draft.updatedAt.getTime() !== options.expectedUpdatedAt.getTime()) throw new ReportRefusal("changed_meanwhile");
    const next = ReportContentSchema.safeParse(applied(draft.content, options.change, draft.version));
    if (!next.success) throw new AppError("invalid_input");
    // Strictly later than the token it replaces, even within one millisecond, so the next compare-and-set can tell.
    const updatedAt = new Date(Math.max(Date.now(), draft.updatedAt.getTime() + 1));
    const { count } = await tx.transparencyReportVersion.updateMany({
      where: { id: draft.id, status: "draft", updatedAt: draft.updatedAt },
      data: {
        title: next.data.title,
        sections: next.data.sections as unknown as Prisma.InputJsonValue,
        changeNote: next.data.changeNote ?? undefined,
        updatedAt,
      },
    });
    if (count !== 1) throw new ReportRefusal("changed_meanwhile");
    await recordAuditEvent(
      tx,
      { type: "transparency.report_changed", outcome: "success", detail: { reportId: report.id, version: draft.version, change: "draft_saved" } },
      { actorUserId: options.actorUserId, ipAddress: options.request?.ipAddress, userAgent: options.request?.userAgent },
    );
    return { version: draft.version, updatedAt };
  });
}
