import { Prisma } from "../../generated/prisma/client";
import { getDatabase, type Database, type Transaction } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { accountCapacity, consultationStatus, type ConsultationAudience } from "./consultation-model";
import { lockConsultation } from "./lock-consultation.server";
import { redactPersonalData } from "./personal-data";
import { readAnswers, type AnswerIssue, type AnswerableQuestion } from "./read-answers";
import { accountResponderKey, newReceiptCode, publicResponderKey } from "./responder-key.server";

/** Who is answering: an account (its roles say in what capacity), or the public through its browser's token. */
export type Responder = { kind: "account"; userId: string; roles: readonly string[] } | { kind: "public"; browserToken: string };

/** The answers did not read: which question, and why (nothing was stored). An `invalid_input` refusal (400). */
export class AnswersRefusedError extends AppError {
  constructor(readonly issues: AnswerIssue[]) {
    super("invalid_input", "answers refused");
    this.name = "AnswersRefusedError";
  }
}

interface Identified {
  key: string;
  capacity: ConsultationAudience;
  userId: string | null;
}

/** The responder's key and capacity for this consultation, or a refusal when it does not ask them. */
export function identifyResponder(consultation: { id: string; audiences: readonly ConsultationAudience[]; allowsProxy: boolean }, responder: Responder): Identified {
  if (responder.kind === "account") {
    const capacity = accountCapacity(responder.roles, consultation);
    if (!capacity) throw new AppError("consultation_not_for_you");
    return { key: accountResponderKey(consultation.id, responder.userId), capacity, userId: responder.userId };
  }
  if (!consultation.audiences.includes("public")) throw new AppError("consultation_not_for_you");
  return { key: publicResponderKey(consultation.id, responder.browserToken), capacity: "public", userId: null };
}

/** The questions as answers are read against them. */
export async function answerableQuestions(tx: Transaction | Database, consultationId: string): Promise<AnswerableQuestion[]> {
  const questions = await tx.consultationQuestion.findMany({ where: { consultationId }, orderBy: { position: "asc" }, select: { id: true, kind: true, required: true, options: true, maxLength: true } });
  return questions.map((question) => ({ ...question, options: Array.isArray(question.options) ? (question.options as { id: string }[]) : [] }));
}

/**
 * Records a response, or replaces the responder's earlier one (ADR 059): one response per account, or per browser for
 * the public, kept by a unique key and an insert that does nothing on a second — two submits at once leave one
 * response. Only while the consultation is open, checked under a share lock on it. Free-text answers are stored with
 * personal data redacted beside the original and go (back) to moderation when their text changes. The audit row
 * names an account responder, and nobody for the public: no address is kept of them either.
 */
export async function submitConsultationResponse(
  input: { consultationId: string; responder: Responder; answers: Readonly<Record<string, unknown>>; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ responseId: string; receiptCode: string; change: "submitted" | "edited" }> {
  const now = input.request.now ?? new Date();
  return db.$transaction(async (tx) => {
    const consultation = await lockConsultation(tx, input.consultationId, "share");
    if (!consultation || consultation.publishedAt === null) throw new AppError("not_found");
    if (consultationStatus(consultation, now) !== "open") throw new AppError("consultation_not_open");
    const responder = identifyResponder(consultation, input.responder);
    const read = readAnswers(await answerableQuestions(tx, consultation.id), input.answers);
    if (!read.ok) throw new AnswersRefusedError(read.issues);

    const inserted = await tx.$queryRaw<{ id: string; receiptCode: string }[]>`
      INSERT INTO "ConsultationResponse" ("id", "consultationId", "responderKey", "userId", "capacity", "answers", "receiptCode", "submittedAt", "updatedAt")
      VALUES (gen_random_uuid(), ${consultation.id}::uuid, ${responder.key}, ${responder.userId}::uuid, ${responder.capacity}::"ConsultationAudience",
              ${JSON.stringify(read.choices)}::jsonb, ${newReceiptCode()}, ${now}, ${now})
      ON CONFLICT ("consultationId", "responderKey") DO NOTHING
      RETURNING "id"::text, "receiptCode"`;
    let response: { id: string; receiptCode: string };
    let change: "submitted" | "edited";
    if (inserted[0]) {
      response = inserted[0];
      change = "submitted";
    } else {
      const [existing] = await tx.$queryRaw<{ id: string; receiptCode: string; withdrawnAt: Date | null }[]>`
        SELECT "id"::text, "receiptCode", "withdrawnAt" FROM "ConsultationResponse"
        WHERE "consultationId" = ${consultation.id}::uuid AND "responderKey" = ${responder.key} FOR UPDATE`;
      if (!existing) throw new Error("a response both exists and does not");
      // Answering again after withdrawing counts as a new response; otherwise it is an edit of the one held.
      change = existing.withdrawnAt === null ? "edited" : "submitted";
      await tx.consultationResponse.update({
        where: { id: existing.id },
        data: { answers: read.choices as Prisma.InputJsonValue, capacity: responder.capacity, version: { increment: 1 }, updatedAt: now, withdrawnAt: null, ...(change === "submitted" ? { submittedAt: now } : {}) },
      });
      response = existing;
    }
    await writeTexts(tx, response.id, read.texts);
    await recordAuditEvent(
      tx,
      { type: "consultation.response_changed", outcome: "success", detail: { consultationId: consultation.id, responseId: response.id, change, capacity: responder.capacity } },
      responder.userId ? { actorUserId: responder.userId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent } : { actorUserId: null, ipAddress: null, userAgent: null },
    );
    return { responseId: response.id, receiptCode: response.receiptCode, change };
  });
}

/**
 * The free-text answers after this submit: new or changed ones redacted and held for moderation, cleared ones gone.
 * A changed or cleared answer loses the themes staff gave it (ADR 062): they were given to words it no longer holds.
 */
async function writeTexts(tx: Transaction, responseId: string, texts: Readonly<Record<string, string>>): Promise<void> {
  const held = await tx.consultationAnswerText.findMany({ where: { responseId }, select: { questionId: true, text: true } });
  const gone = held.filter((row) => !(row.questionId in texts)).map((row) => row.questionId);
  if (gone.length > 0) await tx.consultationAnswerText.deleteMany({ where: { responseId, questionId: { in: gone } } });
  for (const [questionId, text] of Object.entries(texts)) {
    if (held.some((row) => row.questionId === questionId && row.text === text)) continue;
    const redacted = redactPersonalData(text);
    const flags = [...new Set(redacted.matches.map((match) => match.kind))];
    const data = { text, redactedText: redacted.text, flags, moderation: "pending" as const, moderatedById: null, moderatedAt: null, hiddenReason: null };
    if (held.some((row) => row.questionId === questionId)) await tx.consultationAnswerTheme.deleteMany({ where: { responseId, questionId } });
    await tx.consultationAnswerText.upsert({ where: { responseId_questionId: { responseId, questionId } }, create: { responseId, questionId, ...data }, update: data });
  }
}
