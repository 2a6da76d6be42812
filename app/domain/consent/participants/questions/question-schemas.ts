import { z } from "zod";
import { freeTextSchema } from "../../../kernel/index";

// Free text shown back to staff and participants; React escapes it, so markup is harmless. Control characters,
// broken characters and controls that reorder text are refused with a sentence naming them (app/domain/kernel/text-rules.ts).
export const QuestionBodySchema = freeTextSchema(2000);
export const AnswerBodySchema = freeTextSchema(4000);

export const AskQuestionSchema = z.object({ body: QuestionBodySchema });
export const AnswerQuestionSchema = z.object({ questionId: z.uuid(), answer: AnswerBodySchema });
