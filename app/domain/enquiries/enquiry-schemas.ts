import { z } from "zod";
import { emailField, freeTextSchema } from "../kernel/index";

/** Who is asking, as they say (issue 59 item 1; ADR 145): it routes nothing, and tells staff how to word the answer. */
export const enquiryAskers = ["participant", "family", "public", "professional"] as const;
export type EnquiryAsker = (typeof enquiryAskers)[number];
export const enquiryStates = ["received", "answered", "closed"] as const;
export type EnquiryState = (typeof enquiryStates)[number];

/**
 * Staff answer within 14 days (ADR 145): the same two weeks the office keeps for requests about one's data (ADR 142). A
 * question past it is shown as overdue to staff and to the asker.
 */
export const enquiryAnswerDays = 14;

export function enquiryDueAt(receivedAt: Date): Date {
  return new Date(receivedAt.getTime() + enquiryAnswerDays * 24 * 60 * 60_000);
}

export const enquiryBodyMax = 4000;
export const enquiryAnswerMax = 8000;

/** The question, who is asking, and an address if the asker wants to be told when it is answered. */
export const AskEnquirySchema = z.object({
  body: freeTextSchema(enquiryBodyMax),
  asker: z.enum(enquiryAskers),
  email: emailField().optional(),
});
export type AskEnquiryInput = z.infer<typeof AskEnquirySchema>;

/** Staff answer it, or close it without an answer (abuse, spam, nothing to answer), in words the asker reads. */
export const AnswerEnquirySchema = z.object({
  intent: z.enum(["answer", "close"]),
  answer: freeTextSchema(enquiryAnswerMax),
});
export type AnswerEnquiryInput = z.infer<typeof AnswerEnquirySchema>;

/** The FAQ entry staff write from an answered question the asker agreed to share, every personal detail left out. */
export const PublishFaqSchema = z.object({
  intent: z.literal("publish"),
  question: freeTextSchema(enquiryBodyMax),
  answer: freeTextSchema(enquiryAnswerMax),
});
export type PublishFaqInput = z.infer<typeof PublishFaqSchema>;
