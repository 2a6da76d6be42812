import type { Prisma } from "../../../generated/prisma/client";
import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import { recordAuditEvent } from "../../kernel/index.server";
import type { RequestContext } from "../../kernel/index";
import type { LocalizedText } from "../consultation-model";
import { missingIn, quotationKey, quotationsMax, type QuotationRef } from "../consultation-report";
import { lockConsultation } from "../lock-consultation.server";
import { newestReportVersion } from "./report-rows.server";

export type ReportDraftChange =
  | { kind: "summary"; summary: LocalizedText; changeNote: LocalizedText }
  | { kind: "theme"; themeId: string; said: LocalizedText }
  | { kind: "quotation"; answer: QuotationRef; quote: boolean };

/**
 * Saves one part of the report's draft (ADR 063): the summary and change note, what people said about one theme, or
 * one answer quoted or no longer. Under the consultation's lock and a compare-and-set on the draft's `updatedAt`, so two staff
 * never overwrite each other silently. A theme must be this consultation's; a quotation an answer to it that a
 * moderator approved (hidden and pending words are never chosen; the redacted words are what publication reads).
 */
export async function saveConsultationReportDraft(
  input: { consultationId: string; expectedUpdatedAt: Date; change: ReportDraftChange; actorUserId: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ version: number; updatedAt: Date }> {
  const now = input.request.now ?? new Date();
  return db.$transaction(async (tx) => {
    const consultation = await lockConsultation(tx, input.consultationId);
    if (!consultation || consultation.publishedAt === null) throw new AppError("not_found");
    const draft = await newestReportVersion(tx, consultation.id);
    if (!draft) throw new AppError("not_found");
    if (draft.status !== "draft") throw new AppError("consultation_report_not_editable");
    if (draft.updatedAt.getTime() !== input.expectedUpdatedAt.getTime()) throw new AppError("consultation_report_edited_meanwhile");
    const data: Prisma.ConsultationReportVersionUpdateManyMutationInput = {};
    const change = input.change;
    if (change.kind === "summary") {
      data.summary = { ...change.summary };
      // The first version has nothing to note.
      if (draft.version > 1) data.changeNote = { ...change.changeNote };
    } else if (change.kind === "theme") {
      const theme = await tx.consultationTheme.findFirst({ where: { id: change.themeId, consultationId: consultation.id }, select: { id: true } });
      if (!theme) throw new AppError("invalid_input");
      const themeTexts = { ...draft.themeTexts };
      if (missingIn(change.said).length === 3) delete themeTexts[change.themeId];
      else themeTexts[change.themeId] = { ...change.said };
      data.themeTexts = themeTexts as unknown as Prisma.InputJsonValue;
    } else {
      const key = quotationKey(change.answer);
      const kept = draft.quotations.filter((ref) => quotationKey(ref) !== key);
      if (change.quote) {
        if (kept.length >= quotationsMax) throw new AppError("invalid_input");
        const approved = await tx.consultationAnswerText.findFirst({
          where: { responseId: change.answer.responseId, questionId: change.answer.questionId, moderation: "approved", response: { consultationId: consultation.id, withdrawnAt: null } },
          select: { responseId: true },
        });
        if (!approved) throw new AppError("consultation_quotation_not_approved");
        kept.push({ responseId: change.answer.responseId, questionId: change.answer.questionId });
      }
      data.quotations = kept as unknown as Prisma.InputJsonValue;
    }
    // Strictly later than the token it replaces, so the next compare-and-set can tell even within a millisecond.
    const updatedAt = new Date(Math.max(now.getTime(), draft.updatedAt.getTime() + 1));
    const { count } = await tx.consultationReportVersion.updateMany({ where: { id: draft.id, status: "draft", updatedAt: draft.updatedAt }, data: { ...data, updatedAt } });
    if (count !== 1) throw new AppError("consultation_report_edited_meanwhile");
    await recordAuditEvent(
      tx,
      { type: "consultation.report_changed", outcome: "success", detail: { consultationId: consultation.id, version: draft.version, change: "draft_saved" } },
      { actorUserId: input.actorUserId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent },
    );
    return { version: draft.version, updatedAt };
  });
}
