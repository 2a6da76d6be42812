import { z } from "zod";
import { freeTextSchema } from "../kernel/index";

/**
 * How consent felt (issue 59 item 4; ADR 149), pure: the survey a participant is asked two weeks after first signing,
 * once. Four statements on a five-point scale of agreement — "I understood what I agreed to", "I had enough time",
 * "I felt free to say no", "The explanation was clear" (all worded so that agreeing is good: the pressure question as
 * freedom to decline) — and a comment staff read before anyone else does.
 */
export const surveyQuestions = ["understood", "enoughTime", "freeToDecline", "clear"] as const;
export type SurveyQuestion = (typeof surveyQuestions)[number];
export const surveyScale = ["1", "2", "3", "4", "5"] as const;
/** What is counted and published: agreement (4–5), neither (3), disagreement (1–2). */
export const surveyBands = ["agree", "neither", "disagree"] as const;
export type SurveyBand = (typeof surveyBands)[number];

export function bandOf(score: number): SurveyBand {
  return score >= 4 ? "agree" : score === 3 ? "neither" : "disagree";
}

export const surveyCommentMax = 1_000;
/** Asked this many days after the first signature; not asked at all once this many have passed (older participants). */
export const SURVEY_DELAY_DAYS = 14;
export const SURVEY_INVITE_WINDOW_DAYS = 60;
/** Answered within this many days of the invitation, or not at all. */
export const SURVEY_ANSWER_DAYS = 60;

export const SurveyAnswerSchema = z.object({
  ...(Object.fromEntries(surveyQuestions.map((question) => [question, z.enum(surveyScale).transform(Number)])) as Record<SurveyQuestion, z.ZodPipe<z.ZodEnum<{ [K in (typeof surveyScale)[number]]: K }>, z.ZodTransform<number, string>>>),
  comment: freeTextSchema(surveyCommentMax).optional(),
});
export type SurveyAnswer = z.output<typeof SurveyAnswerSchema>;

export const commentStates = ["pending", "approved", "hidden"] as const;
export type CommentState = (typeof commentStates)[number];
export const ModerateCommentSchema = z.object({ surveyId: z.uuid(), decision: z.enum(["approved", "hidden"]) });
