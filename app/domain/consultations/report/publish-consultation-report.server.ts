import type { Prisma } from "../../../generated/prisma/client";
import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import { recordAuditEvent } from "../../kernel/index.server";
import type { RequestContext } from "../../kernel/index";
import { enqueueJob } from "../../jobs/index.server";
import type { ConsultationAudience, LocalizedText } from "../consultation-model";
import { publicationGaps, quotationKey, type ReportDocument } from "../consultation-report";
import { lockConsultation } from "../lock-consultation.server";
import { newestRelease } from "../newest-release.server";
import { releaseConsultationFigures } from "../release-consultation-figures.server";
import { readDecisions } from "./read-decisions.server";
import { newestReportVersion } from "./report-rows.server";

/**
 * Publishes the report's draft (issue 28 item 5; ADR 063). Everything the public version shows is frozen into its
 * `document` here: the consultation's title and times, the summary and per-theme texts, the quoted answers' redacted
 * words (only those still approved), the newest release of the figures (ADR 115: the closing release, or a later one
 * that counted the themes again — the same numbers as the staff page and its downloads) and the decisions as they
 * stand. From then on the trigger refuses any change to the version. In the same transaction a job is queued to tell
 * everyone who answered with an account (`consultations.report-published`), so the mail goes if and only if the
 * version was published.
 *
 * Before the lock the themes are counted again if they changed since the newest release (staff tag answers after the
 * close), as a release of their own; under the lock the draft's `updatedAt` is checked against what the page showed,
 * so a save in between refuses the publication rather than publishing words nobody checked. A double submit is told
 * `published: false`.
 */
export async function publishConsultationReport(
  input: { consultationId: string; expectedUpdatedAt: Date; actorUserId: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ version: number; published: boolean }> {
  const now = input.request.now ?? new Date();
  await releaseConsultationFigures({ consultationId: input.consultationId, now, recountThemes: { actorUserId: input.actorUserId, request: { ...input.request, now } } }, db);
  return db.$transaction(async (tx) => {
    const consultation = await lockConsultation(tx, input.consultationId);
    if (!consultation || consultation.publishedAt === null) throw new AppError("not_found");
    const draft = await newestReportVersion(tx, consultation.id);
    if (!draft) throw new AppError("not_found");
    // Published already (a double submit, two staff at once): nothing more to do.
    if (draft.status === "published") return { version: draft.version, published: false };
    if (draft.updatedAt.getTime() !== input.expectedUpdatedAt.getTime()) throw new AppError("consultation_report_edited_meanwhile");
    const gaps = publicationGaps(draft);
    if (gaps.length > 0) throw new AppError(gaps.length === 1 && gaps[0] === "change_note" ? "consultation_report_change_note_missing" : "consultation_report_language_missing");

    const full = await tx.consultation.findUniqueOrThrow({
      where: { id: consultation.id },
      select: { title: true, audiences: true, opensAt: true, closesAt: true, themes: { orderBy: { position: "asc" }, select: { id: true, label: true } } },
    });
    const release = await newestRelease(tx, consultation.id);
    // Made just before for a closed consultation; none means it is not closed, and a report waits for the close.
    if (release === null || release.kind === "interim") throw new AppError("consultation_not_closed");
    const view = { themes: full.themes.map((theme) => ({ id: theme.id, label: theme.label as unknown as LocalizedText })) };
    const quoted = draft.quotations.length
      ? await tx.consultationAnswerText.findMany({
          where: { OR: draft.quotations.map((ref) => ({ responseId: ref.responseId, questionId: ref.questionId })), moderation: "approved", response: { consultationId: consultation.id, withdrawnAt: null } },
          select: { responseId: true, questionId: true, redactedText: true, response: { select: { capacity: true } }, themes: { select: { themeId: true } } },
        })
      : [];
    const byKey = new Map(quoted.map((row) => [quotationKey(row), row]));
    // In the order staff chose them; an answer since hidden is left out.
    const quotations = draft.quotations.flatMap((ref) => {
      const row = byKey.get(quotationKey(ref));
      return row ? [{ text: row.redactedText, capacity: row.response.capacity as ConsultationAudience, themeIds: row.themes.map((theme) => theme.themeId) }] : [];
    });
    const decisions = (await readDecisions(tx, consultation.id)).map(({ version: _version, ...decision }) => decision);
    // Each quotation under the first of its themes (in the themes' order), so no answer is printed twice.
    const homeOf = (themeIds: string[]) => view.themes.find((theme) => themeIds.includes(theme.id))?.id ?? null;
    const quotationsUnder = (themeId: string | null) => quotations.filter((quotation) => homeOf(quotation.themeIds) === themeId).map(({ text, capacity }) => ({ text, capacity }));
    const themes = view.themes.map((theme) => ({
      id: theme.id,
      label: theme.label,
      said: draft.themeTexts[theme.id] ?? { ja: "", "ja-easy": "", en: "" },
      quotations: quotationsUnder(theme.id),
      decisions: decisions.filter((decision) => decision.themeId === theme.id),
    }));
    // Strictly after the draft's last save (its compare-and-set token), and the same instant the document records.
    const publishedAt = new Date(Math.max(now.getTime(), draft.updatedAt.getTime() + 1));
    const document: ReportDocument = {
      title: full.title as unknown as LocalizedText,
      summary: draft.summary,
      changeNote: draft.version > 1 ? draft.changeNote : null,
      opensAt: full.opensAt.toISOString(),
      closesAt: full.closesAt.toISOString(),
      audiences: full.audiences as ConsultationAudience[],
      analysis: release.figures.analysis,
      release: { number: release.number, kind: release.kind, releasedAt: release.releasedAt.toISOString() },
      themes,
      general: {
        quotations: quotationsUnder(null),
        decisions: decisions.filter((decision) => decision.themeId === null),
      },
      publishedAt: publishedAt.toISOString(),
    };
    await tx.consultationReportVersion.update({
      where: { id: draft.id },
      data: { status: "published", document: document as unknown as Prisma.InputJsonValue, publishedAt, publishedById: input.actorUserId, updatedAt: publishedAt },
    });
    await enqueueJob(tx, "consultations.report-published", { consultationId: consultation.id, version: draft.version });
    await recordAuditEvent(
      tx,
      { type: "consultation.report_changed", outcome: "success", detail: { consultationId: consultation.id, version: draft.version, change: "published" } },
      { actorUserId: input.actorUserId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent },
    );
    return { version: draft.version, published: true };
  });
}
