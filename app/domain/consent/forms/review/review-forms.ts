import { z } from "zod";
import { emailField } from "../../../kernel/index";
import { supportedLanguages } from "../../../../i18n/languages";
import { freeTextSchema, personNameSchema } from "../../../kernel/index";
import { uuidPattern } from "../../../kernel/index";

/** The co-review pages' forms (issue 28 item 6; ADR 061), pure: what staff and reviewers post, checked before the verbs. */
export const reviewTextMax = 2_000;
export const reviewAnswers = ["accepted", "changed", "declined"] as const;

const id = z.string().regex(uuidPattern);

export const StaffReviewFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("open"), confirm: z.literal("yes") }),
  z.object({ intent: z.literal("close"), roundId: id, confirm: z.literal("yes") }),
  z.object({ intent: z.literal("answer"), roundId: id, commentId: id, answer: z.enum(reviewAnswers), text: freeTextSchema(reviewTextMax) }),
  // A patient outside the panel, invited to the open round by mail (ADR 064).
  z.object({ intent: z.literal("invite"), roundId: id, fullName: personNameSchema(100), email: emailField(), language: z.enum(supportedLanguages) }),
  z.object({ intent: z.literal("withdraw_invitation"), roundId: id, invitationId: id, confirm: z.literal("yes") }),
]);

/** An invitation's link secret as it travels in the URL (`/review-invitation/<secret>`): 32 characters of the secure alphabet. */
export const reviewInvitationTokenPattern = /^[a-z2-9]{32}$/;

export const ReviewerCommentFormSchema = z.object({
  intent: z.literal("comment"),
  // "" or absent: the document as a whole.
  sectionId: z.preprocess((value) => (value === "" ? undefined : value), z.string().max(80).optional()),
  text: freeTextSchema(reviewTextMax),
  showName: z.preprocess((value) => value === "yes" || value === true, z.boolean()),
});
