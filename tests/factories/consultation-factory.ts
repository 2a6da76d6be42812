import { randomUUID } from "node:crypto";
import type { ConsultationAudience } from "../../app/domain/consultations/consultation-model";
import { createConsultation } from "../../app/domain/consultations/create-consultation.server";
import { publishConsultation } from "../../app/domain/consultations/publish-consultation.server";
import { createUser, requestFrom } from "./user-factory";

const text = (ja: string, jaEasy: string, en: string) => ({ ja, "ja-easy": jaEasy, en });

/** A complete draft: every language, one question of each kind. Override what a test is about. */
export function consultationDraft(overrides: Record<string, unknown> = {}) {
  const day = 24 * 3600_000;
  return {
    title: text("ゲノムデータの企業利用について", "ゲノムの データを 会社が 使う こと", "Companies using genome data"),
    summary: text("企業による利用の条件について、ご意見をお聞かせください。", "会社が データを 使う ときの 約束に ついて、あなたの 考えを 教えて ください。", "Tell us what you think of the terms for companies' use."),
    audiences: ["participants", "public"] satisfies ConsultationAudience[],
    allowsProxy: false,
    opensAt: new Date(Date.now() - day),
    closesAt: new Date(Date.now() + 14 * day),
    questions: [
      {
        kind: "single_choice",
        required: true,
        prompt: text("企業の利用に賛成ですか。", "会社が 使う ことに 賛成ですか。", "Do you agree with companies' use?"),
        options: [
          { id: "yes", label: text("賛成", "賛成", "Yes") },
          { id: "no", label: text("反対", "反対", "No") },
        ],
      },
      {
        kind: "multiple_choice",
        prompt: text("重視する条件", "大事な 約束", "Terms that matter to you"),
        options: [
          { id: "privacy", label: text("プライバシー", "プライバシー", "Privacy") },
          { id: "benefit", label: text("利益の還元", "もうけを 返す こと", "Sharing benefits") },
          { id: "audit", label: text("監査", "チェック", "Audits") },
        ],
      },
      {
        kind: "scale",
        prompt: text("説明は分かりやすいですか。", "説明は わかりやすい ですか。", "Is the explanation clear?"),
        options: [
          { id: "low", label: text("分かりにくい", "わかりにくい", "Unclear") },
          { id: "high", label: text("分かりやすい", "わかりやすい", "Clear") },
        ],
      },
      {
        kind: "ranked",
        prompt: text("優先順位をつけてください。", "大事な 順に ならべて ください。", "Rank these."),
        options: [
          { id: "a", label: text("速さ", "はやさ", "Speed") },
          { id: "b", label: text("安全", "安全", "Safety") },
          { id: "c", label: text("費用", "お金", "Cost") },
        ],
      },
      { kind: "free_text", prompt: text("ご意見", "あなたの 考え", "Your views"), maxLength: 200 },
    ],
    ...overrides,
  };
}

export interface CreatedConsultation {
  id: string;
  questionIds: string[];
}

/** A published consultation (open now unless the draft's times say otherwise), by a fresh staff id. */
export async function createPublishedConsultation(overrides: Record<string, unknown> = {}): Promise<CreatedConsultation> {
  const actorUserId = randomUUID();
  const { getDatabase } = await import("../../app/db.server");
  const created = await createConsultation({ draft: consultationDraft(overrides), actorUserId, request: requestFrom() });
  await publishConsultation({ consultationId: created.id, expectedVersion: created.version, actorUserId, request: { ...requestFrom(), now: new Date(Date.now() - 2 * 24 * 3600_000) } });
  const questions = await getDatabase().consultationQuestion.findMany({ where: { consultationId: created.id }, orderBy: { position: "asc" }, select: { id: true } });
  return { id: created.id, questionIds: questions.map((question) => question.id) };
}

/**
 * A consultation that closed yesterday with version 1 of its "you said, we did" report published (ADR 063): a summary
 * in the three languages and one decision, nothing else.
 */
export async function createReportedConsultation(overrides: Record<string, unknown> = {}): Promise<CreatedConsultation> {
  const day = 24 * 3600_000;
  const consultation = await createPublishedConsultation({ opensAt: new Date(Date.now() - 5 * day), closesAt: new Date(Date.now() - day), ...overrides });
  const actorUserId = randomUUID();
  const { startConsultationReport } = await import("../../app/domain/consultations/report/start-consultation-report.server");
  const { saveConsultationReportDraft } = await import("../../app/domain/consultations/report/save-consultation-report-draft.server");
  const { saveConsultationDecision } = await import("../../app/domain/consultations/report/save-consultation-decision.server");
  const { publishConsultationReport } = await import("../../app/domain/consultations/report/publish-consultation-report.server");
  const { getDatabase } = await import("../../app/db.server");
  await startConsultationReport({ consultationId: consultation.id, actorUserId, request: requestFrom() });
  const draft = await getDatabase().consultationReportVersion.findFirstOrThrow({ where: { consultationId: consultation.id }, select: { updatedAt: true } });
  const saved = await saveConsultationReportDraft({
    consultationId: consultation.id,
    expectedUpdatedAt: draft.updatedAt,
    change: {
      kind: "summary",
      summary: text("多くの方から、企業利用には厳しい条件が必要とのご意見をいただきました。", "たくさんの 人が、会社が 使う ときは きびしい 約束が いると 答えました。", "Many of you said companies' use needs strict terms."),
      changeNote: text("", "", ""),
    },
    actorUserId,
    request: requestFrom(),
  });
  await saveConsultationDecision({
    consultationId: consultation.id,
    decision: {
      themeId: null,
      text: text("企業利用の審査に患者・市民の委員を加えます。", "会社が 使う ときの しんさに、かんじゃや 市民の 委員が 入ります。", "Patient and public members will join the review of companies' use."),
      reason: text("寄せられた意見の多くが求めていたためです。", "たくさんの 人が そう 答えたからです。", "Most of the answers asked for it."),
      links: [],
    },
    actorUserId,
    request: requestFrom(),
  });
  await publishConsultationReport({ consultationId: consultation.id, expectedUpdatedAt: saved.updatedAt, actorUserId, request: requestFrom() });
  return consultation;
}

/** One answer to a consultation's first question, as `responder` (an account or the public). */
export async function answerConsultation(consultation: CreatedConsultation, responder: import("../../app/domain/consultations/submit-consultation-response.server").Responder): Promise<void> {
  const { submitConsultationResponse } = await import("../../app/domain/consultations/submit-consultation-response.server");
  const [single] = consultation.questionIds;
  await submitConsultationResponse({ consultationId: consultation.id, responder, answers: { [single!]: "yes" }, request: requestFrom() });
}

/** An account of `role` reading in `language`, with the responder it answers consultations as. */
export async function responderAccount(role: "participant" | "family", language: "ja" | "ja_easy" | "en") {
  const { getDatabase } = await import("../../app/db.server");
  const user = await createUser({ role, password: null });
  await getDatabase().user.update({ where: { id: user.id }, data: { preferredLanguage: language } });
  return { ...user, responder: { kind: "account" as const, userId: user.id, roles: [role] } };
}
