import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/app-error";
import { analyseConsultation, type AnalysisQuestion, type AnalysisTheme, type ConsultationAnalysis } from "./consultation-analysis";
import { consultationStatus, type ConsultationAudience, type ConsultationStatus, type LocalizedText, type QuestionKind } from "./consultation-model";
import { countConsultationAnswers } from "./count-consultation-answers.server";
import { uuidPattern } from "../kernel/uuid";

export interface ConsultationAnalysisView {
  consultation: { id: string; title: LocalizedText; status: ConsultationStatus; opensAt: Date; closesAt: Date; audiences: ConsultationAudience[] };
  themes: AnalysisTheme[];
  analysis: ConsultationAnalysis;
  /** When the counts were read: a download says so, since they change while the consultation is open. */
  countedAt: Date;
}

/**
 * A published consultation's analysis for its staff and its downloads (issue 28 item 4; ADR 062): its questions and
 * themes and every count through disclosure control. A draft has nothing to analyse and is "not found" here.
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
      questions: { orderBy: { position: "asc" }, select: { id: true, position: true, kind: true, prompt: true, options: true } },
      themes: { orderBy: { position: "asc" }, select: { id: true, position: true, label: true } },
    },
  });
  if (!consultation || consultation.publishedAt === null) throw new AppError("not_found");
  const countedAt = input.now ?? new Date();
  const counts = await countConsultationAnswers(consultation.id, db);
  const questions: AnalysisQuestion[] = consultation.questions.map((question) => ({
    id: question.id,
    position: question.position,
    kind: question.kind as QuestionKind,
    prompt: question.prompt as unknown as LocalizedText,
    options: question.options as unknown as AnalysisQuestion["options"],
  }));
  const themes: AnalysisTheme[] = consultation.themes.map((theme) => ({ id: theme.id, position: theme.position, label: theme.label as unknown as LocalizedText }));
  return {
    consultation: {
      id: consultation.id,
      title: consultation.title as unknown as LocalizedText,
      status: consultationStatus(consultation, countedAt),
      opensAt: consultation.opensAt,
      closesAt: consultation.closesAt,
      audiences: consultation.audiences as ConsultationAudience[],
    },
    themes,
    analysis: analyseConsultation({ audiences: consultation.audiences as ConsultationAudience[], questions, themes, counts }),
    countedAt,
  };
}
