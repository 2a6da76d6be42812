import type { Transaction } from "../../db.server";
import type { QuestionDraft } from "./consultation-model";

/** Replaces a draft's questions with these, in order (a trigger refuses it once the consultation is published). */
export async function writeQuestions(tx: Transaction, consultationId: string, questions: readonly QuestionDraft[]): Promise<void> {
  await tx.consultationQuestion.deleteMany({ where: { consultationId } });
  if (questions.length === 0) return;
  await tx.consultationQuestion.createMany({
    data: questions.map((question, index) => ({
      consultationId,
      position: index + 1,
      kind: question.kind,
      required: question.required,
      prompt: question.prompt,
      options: question.options,
      maxLength: question.kind === "free_text" ? (question.maxLength ?? null) : null,
    })),
  });
}
