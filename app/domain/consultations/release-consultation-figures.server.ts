import type { Prisma } from "../../generated/prisma/client";
import { getDatabase, type Database, type Transaction } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { analyseConsultation, type AnalysisQuestion, type AnalysisTheme, type AudienceColumn } from "./consultation-analysis";
import { consultationStatus, type ConsultationAudience, type LocalizedText, type QuestionKind } from "./consultation-model";
import { allAudiencesColumn, audienceColumns, interimPointAtOrBefore, RELEASE_STEP, type ReleaseFigures, type ReleaseKind } from "./consultation-releases";
import { countConsultationAnswers } from "./count-consultation-answers.server";
import { lockConsultation } from "./lock-consultation.server";
import { newestRelease, type StoredRelease } from "./newest-release.server";

/**
 * Makes the release that is due for a consultation now, if one is (issue 54; ADR 115), and returns the newest release
 * (null while none has been made). Called before any view of the figures is read — so a release is made by the first
 * reader after its point, counting what stood then — and, with `recountThemes`, after the close by staff who counted
 * the themes again or published the report (while open, `recountThemes` changes nothing).
 *
 * - Open: an interim release for the last midnight (Japan time) passed, unless one exists for it. It counts the live
 *   responses last changed before that midnight except the RELEASE_STEP changed last, and only if at least
 *   RELEASE_STEP of those were not in the previous release (counted, they changed after its cut). Its figures are for
 *   all audiences together; only responses are split by audience.
 * - Closed: the closing release (every live response, split by audience), once. Then, when staff ask, a themes release
 *   if the themes' protected table is no longer the newest release's.
 *
 * Under a transaction-scoped advisory lock per consultation, so two readers at once make one release; the
 * consultation's row is share-locked, as a response's submit does, so its window cannot change meanwhile. The release
 * and its audit row commit together.
 */
export async function releaseConsultationFigures(
  input: { consultationId: string; now?: Date; recountThemes?: { actorUserId: string; request: RequestContext } },
  db: Database = getDatabase(),
): Promise<StoredRelease | null> {
  const now = input.now ?? input.recountThemes?.request.now ?? new Date();
  return db.$transaction(
    async (tx) => {
      const consultation = await lockConsultation(tx, input.consultationId, "share");
      if (!consultation || consultation.publishedAt === null) throw new AppError("not_found");
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('tsunagi.consultation-release'), hashtext(${consultation.id}))`;
      const newest = await newestRelease(tx, consultation.id);
      const status = consultationStatus(consultation, now);
      const asked = consultation.audiences;
      const write = async (kind: ReleaseKind, pointAt: Date, countedBefore: Date | null, figures: ReleaseFigures): Promise<StoredRelease> => {
        const number = (newest?.number ?? 0) + 1;
        await tx.consultationRelease.create({
          data: { consultationId: consultation.id, number, kind, pointAt, countedBefore, figures: figures as unknown as Prisma.InputJsonValue, releasedAt: now },
        });
        await recordAuditEvent(
          tx,
          { type: "consultation.figures_released", outcome: "success", detail: { consultationId: consultation.id, release: number, kind } },
          input.recountThemes
            ? { actorUserId: input.recountThemes.actorUserId, ipAddress: input.recountThemes.request.ipAddress, userAgent: input.recountThemes.request.userAgent }
            : { actorUserId: null, ipAddress: null, userAgent: null },
        );
        return { number, kind, pointAt, countedBefore, releasedAt: now, figures };
      };

      if (status === "closed") {
        if (newest === null || newest.kind === "interim") {
          return write("closing", consultation.closesAt, null, await figuresOf(tx, consultation.id, asked, null, "split"));
        }
        if (!input.recountThemes) return newest;
        const recounted = await figuresOf(tx, consultation.id, asked, null, newest.figures.answerColumns);
        // Stored as jsonb, which keeps no key order: compared in a canonical form.
        if (canonical(recounted.analysis.themes) === canonical(newest.figures.analysis.themes)) return newest;
        // Only the themes are counted again: every other table stays the closing release's, to the digit.
        return write("themes", now, null, { ...newest.figures, themes: recounted.themes, analysis: { ...newest.figures.analysis, themes: recounted.analysis.themes } });
      }
      // Open (or not yet): themes are counted again in the next interim release, and nothing is due before its point.
      if (status !== "open") return newest;
      const point = interimPointAtOrBefore(now);
      if (point.getTime() <= consultation.opensAt.getTime()) return newest;
      if (newest !== null && newest.pointAt.getTime() >= point.getTime()) return newest;
      const cut = await interimCut(tx, consultation.id, point, newest?.countedBefore ?? null);
      if (cut === null) return newest;
      return write("interim", point, cut, await figuresOf(tx, consultation.id, asked, cut, "together"));
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

/**
 * Where an interim release at `point` cuts (ADR 115): before the RELEASE_STEP-th most recently changed live response
 * of those changed before the point — so at least RELEASE_STEP wait for the next release, and the next one (the closing
 * one included) differs from this by them. Null when fewer than RELEASE_STEP of the responses it would count were not
 * counted by the previous release (those changed at or after its cut, `previousCut`).
 */
async function interimCut(tx: Transaction, consultationId: string, point: Date, previousCut: Date | null): Promise<Date | null> {
  const [held] = await tx.$queryRaw<{ updatedAt: Date }[]>`
    SELECT "updatedAt" FROM "ConsultationResponse"
     WHERE "consultationId" = ${consultationId}::uuid AND "withdrawnAt" IS NULL AND "updatedAt" < ${point}
     ORDER BY "updatedAt" DESC OFFSET ${RELEASE_STEP - 1} LIMIT 1`;
  if (!held) return null;
  const cut = held.updatedAt;
  const [fresh] = await tx.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM "ConsultationResponse"
     WHERE "consultationId" = ${consultationId}::uuid AND "withdrawnAt" IS NULL AND "updatedAt" < ${cut}
       AND "updatedAt" >= ${previousCut ?? new Date(0)}`;
  return (fresh?.count ?? 0) >= RELEASE_STEP ? cut : null;
}

/**
 * A release's protected figures: the exact counts read (never stored) and put through disclosure control. The
 * answers' columns are given (a themes release keeps the closing release's), split by audience ("split", the closing
 * release) or all together ("together", an interim release); the responses table is always split.
 */
async function figuresOf(
  tx: Transaction,
  consultationId: string,
  asked: ConsultationAudience[],
  countedBefore: Date | null,
  answerColumns: AudienceColumn[] | "split" | "together",
): Promise<ReleaseFigures> {
  const full = await tx.consultation.findUniqueOrThrow({
    where: { id: consultationId },
    select: {
      questions: { orderBy: { position: "asc" }, select: { id: true, position: true, kind: true, prompt: true, options: true } },
      themes: { orderBy: { position: "asc" }, select: { id: true, position: true, label: true } },
    },
  });
  const counts = await countConsultationAnswers(consultationId, tx, { countedBefore });
  const responseColumns = audienceColumns(asked, new Map(counts.responses.map((row) => [row.capacity, row.count])));
  const columns = answerColumns === "split" ? responseColumns : answerColumns === "together" ? [allAudiencesColumn(asked)] : answerColumns;
  const questions: AnalysisQuestion[] = full.questions.map((question) => ({
    id: question.id,
    position: question.position,
    kind: question.kind as QuestionKind,
    prompt: question.prompt as unknown as LocalizedText,
    options: question.options as unknown as AnalysisQuestion["options"],
  }));
  const themes: AnalysisTheme[] = full.themes.map((theme) => ({ id: theme.id, position: theme.position, label: theme.label as unknown as LocalizedText }));
  return {
    answerColumns: columns,
    analysis: analyseConsultation({ audiences: asked, questions, themes, counts, responseColumns, answerColumns: columns }),
    themes,
  };
}

/** JSON with every object's keys in order: the same value gives the same text, however it was stored. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, item: unknown) =>
    item !== null && typeof item === "object" && !Array.isArray(item) ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : item,
  );
}
