import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { consultationStatus, type ConsultationAudience, type ConsultationStatus, type LocalizedText, type QuestionKind } from "./consultation-model";
import { uuidPattern } from "../kernel/index";

export interface StaffConsultation {
  id: string;
  version: number;
  status: ConsultationStatus;
  title: LocalizedText;
  summary: LocalizedText;
  audiences: ConsultationAudience[];
  allowsProxy: boolean;
  opensAt: Date;
  closesAt: Date;
  publishedAt: Date | null;
  questions: {
    id: string;
    kind: QuestionKind;
    required: boolean;
    prompt: LocalizedText;
    options: { id: string; label: LocalizedText }[];
    maxLength: number | null;
  }[];
}

/**
 * A consultation as the staff editor shows it (issue 28; ADR 059): all its text in the three languages, its questions
 * in order and the version an edit or publication must name. `not_found` for an id that names none.
 */
export async function loadConsultationDraft(input: { consultationId: string; now?: Date }, db: Database = getDatabase()): Promise<StaffConsultation> {
  if (!uuidPattern.test(input.consultationId)) throw new AppError("not_found");
  const consultation = await db.consultation.findUnique({
    where: { id: input.consultationId },
    include: { questions: { orderBy: { position: "asc" } } },
  });
  if (!consultation) throw new AppError("not_found");
  return {
    id: consultation.id,
    version: consultation.version,
    status: consultationStatus(consultation, input.now ?? new Date()),
    title: consultation.title as unknown as LocalizedText,
    summary: consultation.summary as unknown as LocalizedText,
    audiences: consultation.audiences,
    allowsProxy: consultation.allowsProxy,
    opensAt: consultation.opensAt,
    closesAt: consultation.closesAt,
    publishedAt: consultation.publishedAt,
    questions: consultation.questions.map((question) => ({
      id: question.id,
      kind: question.kind,
      required: question.required,
      prompt: question.prompt as unknown as LocalizedText,
      options: question.options as unknown as { id: string; label: LocalizedText }[],
      maxLength: question.maxLength,
    })),
  };
}
