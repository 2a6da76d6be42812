import { z } from "zod";
import { singleLineTextSchema } from "../kernel/index";

/** The analysis's forms (issue 28 item 4; ADR 062, 115): a theme's label in the three languages, and an answer's themes. */
export const themeLabelMax = 80;
export const themesMax = 30;

export const ThemeFormSchema = z.object({
  intent: z.literal("add-theme"),
  label: z.object({ ja: singleLineTextSchema(themeLabelMax), "ja-easy": singleLineTextSchema(themeLabelMax), en: singleLineTextSchema(themeLabelMax) }),
});

/** The analysis page's forms: add a theme, or (after the close) count the themes again in a release (ADR 115). */
export const AnalysisFormSchema = z.discriminatedUnion("intent", [ThemeFormSchema, z.object({ intent: z.literal("recount-themes") })]);

/** The moderation queue's theme form: the answer, and every theme ticked (none clears them). */
export const AnswerThemesSchema = z.object({
  intent: z.literal("themes"),
  responseId: z.uuid(),
  questionId: z.uuid(),
  themeIds: z.array(z.uuid()).max(themesMax).default([]),
});
