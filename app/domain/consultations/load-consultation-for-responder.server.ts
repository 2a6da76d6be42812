import { getDatabase, type Database } from "../../db.server";
import type { SupportedLanguage } from "../../i18n/languages";
import { AppError } from "../kernel/index";
import { storedReadingCorrections } from "../updates";
import { answersAsProxy, consultationStatus, freeTextDefaultMax, type ConsultationAudience, type ConsultationStatus, type QuestionKind } from "./consultation-model";
import { textIn, type ConsultationViewer } from "./list-consultations.server";
import { responderFor, responderKeyOf } from "./responder-for.server";
import type { Responder } from "./submit-consultation-response.server";
import { uuidPattern } from "../kernel/index";

export interface ResponderQuestion {
  id: string;
  kind: QuestionKind;
  required: boolean;
  prompt: string;
  /** Choices; for a scale, its two ends ("low", "high"). */
  options: { id: string; label: string }[];
  /** Free text only: the most characters an answer may hold. */
  maxLength: number | null;
}

export interface OwnResponse {
  receiptCode: string;
  /** Per question, the values as the form sends them: option ids (ranked in rank order), a scale point, a text. */
  values: Record<string, string[]>;
  withdrawn: boolean;
  updatedAt: Date;
}

export interface ConsultationForResponder {
  id: string;
  title: string;
  summary: string;
  readingCorrections: Record<string, string>;
  audiences: ConsultationAudience[];
  status: Exclude<ConsultationStatus, "draft">;
  opensAt: Date;
  closesAt: Date;
  /** The capacity this viewer answers in: their own (participants, families, panel), or the public's. */
  answeringAs: ConsultationAudience;
  /** A proxy answering for the person they represent (only where the consultation allows it). */
  asProxy: boolean;
  questions: ResponderQuestion[];
  /** This responder's current response, withdrawn or not; null when they have none (or, for the public, no token). */
  response: OwnResponse | null;
  /** The newest published version of its "you said, we did" report (ADR 063), if any. */
  reportVersion: number | null;
}

/**
 * One published consultation as its responder sees it: the text in their language, the questions in order, and
 * their own current response found by their responder key. Not found for a draft, an unknown id, or a consultation
 * that asks neither the viewer's capacities nor the public.
 */
export async function loadConsultationForResponder(
  input: { consultationId: string; viewer: ConsultationViewer | null; browserToken: string | null; language: SupportedLanguage; now?: Date },
  db: Database = getDatabase(),
): Promise<ConsultationForResponder> {
  if (!uuidPattern.test(input.consultationId)) throw new AppError("not_found");
  const consultation = await db.consultation.findUnique({
    where: { id: input.consultationId },
    select: {
      id: true,
      title: true,
      summary: true,
      readingCorrections: true,
      audiences: true,
      allowsProxy: true,
      publishedAt: true,
      opensAt: true,
      closesAt: true,
      questions: { orderBy: { position: "asc" }, select: { id: true, kind: true, required: true, prompt: true, options: true, maxLength: true } },
      reportVersions: { where: { status: "published" }, orderBy: { version: "desc" }, take: 1, select: { version: true } },
    },
  });
  if (!consultation || consultation.publishedAt === null) throw new AppError("not_found");
  const who = responderFor(input.viewer, consultation, input.browserToken);
  if (!who) throw new AppError("not_found");
  const language = input.language;
  const questions: ResponderQuestion[] = consultation.questions.map((question) => ({
    id: question.id,
    kind: question.kind,
    required: question.required,
    prompt: textIn(question.prompt, language),
    options: (Array.isArray(question.options) ? (question.options as { id: string; label: unknown }[]) : []).map((option) => ({ id: option.id, label: textIn(option.label, language) })),
    maxLength: question.kind === "free_text" ? (question.maxLength ?? freeTextDefaultMax) : null,
  }));
  return {
    id: consultation.id,
    title: textIn(consultation.title, language),
    summary: textIn(consultation.summary, language),
    readingCorrections: storedReadingCorrections(consultation.readingCorrections),
    audiences: consultation.audiences,
    status: consultationStatus(consultation, input.now ?? new Date()) as Exclude<ConsultationStatus, "draft">,
    opensAt: consultation.opensAt,
    closesAt: consultation.closesAt,
    answeringAs: who.capacity,
    asProxy: answersAsProxy(input.viewer?.roles ?? [], who.capacity),
    questions,
    response: who.responder ? await ownResponse(db, consultation.id, who.responder) : null,
    reportVersion: consultation.reportVersions[0]?.version ?? null,
  };
}

async function ownResponse(db: Database, consultationId: string, responder: Responder): Promise<OwnResponse | null> {
  const responderKey = responderKeyOf(consultationId, responder);
  const response = await db.consultationResponse.findUnique({
    where: { consultationId_responderKey: { consultationId, responderKey } },
    select: { receiptCode: true, answers: true, withdrawnAt: true, updatedAt: true, texts: { select: { questionId: true, text: true } } },
  });
  if (!response) return null;
  const values: Record<string, string[]> = {};
  const answers = response.answers && typeof response.answers === "object" && !Array.isArray(response.answers) ? (response.answers as Record<string, unknown>) : {};
  for (const [questionId, answer] of Object.entries(answers)) {
    values[questionId] = (Array.isArray(answer) ? answer : [answer]).filter((value) => typeof value === "string" || typeof value === "number").map(String);
  }
  for (const text of response.texts) values[text.questionId] = [text.text];
  return { receiptCode: response.receiptCode, values, withdrawn: response.withdrawnAt !== null, updatedAt: response.updatedAt };
}
