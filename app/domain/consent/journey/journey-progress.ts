import { z } from "zod";

/**
 * What a journey has recorded so far, kept as JSON on the ConsentJourney row. Rows are read leniently: a value
 * that does not parse counts as "nothing recorded yet", which only ever asks the participant to do a step again.
 */
const QuestionProgressSchema = z.object({
  wrongAttempts: z.number().int().nonnegative(),
  passed: z.boolean(),
  /** The last wrong answer, so the explanation can say what was chosen. */
  lastWrongAnswer: z.string().optional(),
});
export type QuestionProgress = z.infer<typeof QuestionProgressSchema>;

const ComprehensionProgressSchema = z.record(z.string(), QuestionProgressSchema);
export type ComprehensionProgress = z.infer<typeof ComprehensionProgressSchema>;

const ChoiceProgressSchema = z.record(z.string(), z.string());
export type ChoiceProgress = z.infer<typeof ChoiceProgressSchema>;

export interface JourneyProgress {
  /** How many sections, from the first, have been read. */
  sectionsRead: number;
  comprehension: ComprehensionProgress;
  choices: ChoiceProgress;
}

export function readComprehension(value: unknown): ComprehensionProgress {
  const parsed = ComprehensionProgressSchema.safeParse(value);
  return parsed.success ? parsed.data : {};
}

export function readChoices(value: unknown): ChoiceProgress {
  const parsed = ChoiceProgressSchema.safeParse(value);
  return parsed.success ? parsed.data : {};
}

export function progressOf(row: { sectionsRead: number; comprehension: unknown; choices: unknown }): JourneyProgress {
  return { sectionsRead: row.sectionsRead, comprehension: readComprehension(row.comprehension), choices: readChoices(row.choices) };
}
