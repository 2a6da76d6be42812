import { getDatabase, type Database } from "../../../db.server";
import type { SupportedLanguage } from "../../../i18n/languages";
import { consultationStatus, type ConsultationAudience, type ConsultationStatus } from "../consultation-model";
import { decisionStates, type DecisionState } from "../consultation-report";
import { textIn } from "../list-consultations.server";

export interface ConsultationOutcome {
  id: string;
  title: string;
  audiences: ConsultationAudience[];
  status: Exclude<ConsultationStatus, "draft">;
  closesAt: Date;
  /** The newest published report version, if any. */
  report: { version: number; publishedAt: Date } | null;
  /** How many decisions stand in each state now. */
  decisions: Record<DecisionState, number>;
}

/**
 * Every published consultation, whoever it asked, with where it stands and what became of it (issue 28 item 5;
 * ADR 063; Decidim's accountability idea): its report, and its decisions by state until each is done. Public: a
 * consultation's title and its outcome are the programme's account of itself; the questions stay with their audiences.
 */
export async function listConsultationOutcomes(input: { language: SupportedLanguage; now?: Date }, db: Database = getDatabase()): Promise<ConsultationOutcome[]> {
  const now = input.now ?? new Date();
  const rows = await db.consultation.findMany({
    where: { publishedAt: { not: null } },
    orderBy: [{ closesAt: "desc" }, { id: "asc" }],
    select: {
      id: true,
      title: true,
      audiences: true,
      publishedAt: true,
      opensAt: true,
      closesAt: true,
      reportVersions: { where: { status: "published" }, orderBy: { version: "desc" }, take: 1, select: { version: true, publishedAt: true } },
      decisions: { select: { state: true } },
    },
  });
  return rows.map((row) => {
    const decisions = Object.fromEntries(decisionStates.map((state) => [state, 0])) as Record<DecisionState, number>;
    for (const decision of row.decisions) decisions[decision.state as DecisionState] += 1;
    const report = row.reportVersions[0];
    return {
      id: row.id,
      title: textIn(row.title, input.language),
      audiences: row.audiences as ConsultationAudience[],
      status: consultationStatus(row, now) as Exclude<ConsultationStatus, "draft">,
      closesAt: row.closesAt,
      report: report ? { version: report.version, publishedAt: report.publishedAt! } : null,
      decisions,
    };
  });
}
