import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import type { AnalysisTheme, ConsultationAnalysis } from "./consultation-analysis";
import { consultationStatus, type ConsultationAudience, type ConsultationStatus, type LocalizedText } from "./consultation-model";
import { nextInterimPoint, type ReleaseKind } from "./consultation-releases";
import { releaseConsultationFigures } from "./release-consultation-figures.server";
import { uuidPattern } from "../kernel/index";

export interface ConsultationAnalysisView {
  consultation: { id: string; title: LocalizedText; status: ConsultationStatus; opensAt: Date; closesAt: Date; audiences: ConsultationAudience[] };
  /** The themes as they stand now (the form lists them; a release's table counts those it knew). */
  themes: AnalysisTheme[];
  /** The newest release of the figures; null while none has been made (ADR 115). */
  release: { number: number; kind: ReleaseKind; pointAt: Date; releasedAt: Date } | null;
  /** The newest release's protected tables; null with it. */
  analysis: ConsultationAnalysis | null;
  /** While the consultation is open: the next point at which an interim release may be made. */
  nextPointAt: Date | null;
}

/**
 * A published consultation's figures for its staff and its downloads (issue 28 item 4; issue 54, ADR 115): its newest
 * release — made first if one is due — never a count of the responses as they stand. A draft has nothing to analyse
 * and is "not found" here.
 */
export async function loadConsultationAnalysis(input: { consultationId: string; now?: Date }, db: Database = getDatabase()): Promise<ConsultationAnalysisView> {
  if (!uuidPattern.test(input.consultationId)) throw new AppError("not_found");
  const consultation = await db.consultation.findUnique({
    where: { id: input.consultationId },
    select: {
      id: true,
      title: true,
      audiences: true,
      publishedAt: true,
      opensAt: true,
      closesAt: true,
      themes: { orderBy: { position: "asc" }, select: { id: true, position: true, label: true } },
    },
  });
  if (!consultation || consultation.publishedAt === null) throw new AppError("not_found");
  const now = input.now ?? new Date();
  const release = await releaseConsultationFigures({ consultationId: consultation.id, now }, db);
  const status = consultationStatus(consultation, now);
  const next = nextInterimPoint(now);
  return {
    consultation: {
      id: consultation.id,
      title: consultation.title as unknown as LocalizedText,
      status,
      opensAt: consultation.opensAt,
      closesAt: consultation.closesAt,
      audiences: consultation.audiences as ConsultationAudience[],
    },
    themes: consultation.themes.map((theme) => ({ id: theme.id, position: theme.position, label: theme.label as unknown as LocalizedText })),
    release: release ? { number: release.number, kind: release.kind, pointAt: release.pointAt, releasedAt: release.releasedAt } : null,
    analysis: release?.figures.analysis ?? null,
    nextPointAt: status === "open" || status === "scheduled" ? (next.getTime() < consultation.closesAt.getTime() ? next : null) : null,
  };
}
