import { z } from "zod";
import { freeTextSchema } from "../kernel/index";
import { AnswerThemesSchema } from "./theme-form";

export const moderationStates = ["pending", "approved", "hidden"] as const;
export type ModerationState = (typeof moderationStates)[number];

/**
 * The moderation queue's forms (issue 28 item 3): approve, hide with a reason, show one answer's original text, or
 * (item 4) give it its themes.
 */
const answer = { responseId: z.uuid(), questionId: z.uuid() };
const seen = { from: z.enum(moderationStates), fingerprint: z.string().regex(/^[0-9a-f]{32}$/) };

export const hiddenReasonLimit = 500;

export const ModerationActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), ...answer, ...seen }),
  z.object({ intent: z.literal("hide"), ...answer, ...seen, reason: freeTextSchema(hiddenReasonLimit).refine((value) => /[\p{L}\p{N}\p{P}\p{S}]/u.test(value), { params: { reason: "empty" } }) }),
  z.object({ intent: z.literal("original"), ...answer }),
  AnswerThemesSchema,
]);
