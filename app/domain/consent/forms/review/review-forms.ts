import { z } from "zod";
import { freeTextSchema } from "../../../text/text-rules";
import { uuidPattern } from "../../../uuid";

/** The co-review pages' forms (issue 28 item 6; ADR 061), pure: what staff and reviewers post, checked before the verbs. */
export const reviewTextMax = 2_000;
export const reviewAnswers = ["accepted", "changed", "declined"] as const;

const id = z.string().regex(uuidPattern);

export const StaffReviewFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("open"), confirm: z.literal("yes") }),
  z.object({ intent: z.literal("close"), roundId: id, confirm: z.literal("yes") }),
  z.object({ intent: z.literal("answer"), roundId: id, commentId: id, answer: z.enum(reviewAnswers), text: freeTextSchema(reviewTextMax) }),
]);

export const ReviewerCommentFormSchema = z.object({
  intent: z.literal("comment"),
  // "" or absent: the document as a whole.
  sectionId: z.preprocess((value) => (value === "" ? undefined : value), z.string().max(80).optional()),
  text: freeTextSchema(reviewTextMax),
  showName: z.preprocess((value) => value === "yes" || value === true, z.boolean()),
});
