import { z } from "zod";

// Free text shown back to staff and participants; React escapes it, so markup is harmless. Control characters
// are not: PostgreSQL refuses NUL in text, and the others only ever arrive from a broken or hostile client.
function hasControlCharacter(value: string): boolean {
  for (const character of value) {
    const code = character.codePointAt(0)!;
    if ((code < 0x20 && character !== "\n" && character !== "\r" && character !== "\t") || code === 0x7f) return true;
  }
  return false;
}
const freeText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !hasControlCharacter(value));

export const QuestionBodySchema = freeText(2000);
export const AnswerBodySchema = freeText(4000);

export const AskQuestionSchema = z.object({ body: QuestionBodySchema });
export const AnswerQuestionSchema = z.object({ questionId: z.uuid(), answer: AnswerBodySchema });
