import { z } from "zod";
import { integerField, typedString } from "../../kernel/index";
import { freeTextSchema } from "../../kernel/index";

/** The committee page's forms (issue 15 item 3), one per intent; every text bounded and checked like any form's. */
export const ReviewActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("declare"), conflicted: z.enum(["yes", "no"]), note: freeTextSchema(1000).default("") }),
  z.object({ intent: z.literal("comment"), body: freeTextSchema(4000).pipe(z.string().min(1)) }),
  // A participant-panel member's public flag that the purpose could stigmatise a group (ADR 139).
  z.object({ intent: z.literal("flag"), reason: freeTextSchema(1000).pipe(z.string().min(1)) }),
  z.object({
    intent: z.literal("vote"),
    choice: z.enum(["approve", "approve_with_conditions", "reject", "abstain"]),
    rationale: freeTextSchema(4000).pipe(z.string().min(1)),
    conditions: freeTextSchema(2000).default(""),
  }),
  // Closing and deciding cannot be undone (issue 29 item 6): each asks for a ticked box that states what it ends or
  // reaches; closing also carries the number of votes the page showed, and is refused if another was cast meanwhile.
  z.object({ intent: z.literal("close"), confirm: z.literal("yes"), expectedCast: integerField({ min: 0, max: 1000 }) }),
  z.object({
    intent: z.literal("decide"),
    confirm: z.literal("yes"),
    outcome: z.enum(["approved", "rejected", "deferred"]),
    rationale: freeTextSchema(4000).default(""),
    conditions: freeTextSchema(2000).default(""),
    datasets: z.array(z.string().max(64)).max(20).default([]),
    endsOn: typedString("date").pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).optional(),
  }),
  z.object({ intent: z.literal("return"), note: freeTextSchema(2000).pipe(z.string().min(1)) }),
  z.object({ intent: z.literal("open") }),
]);
export type ReviewAction = z.infer<typeof ReviewActionSchema>;

export const SeatMemberSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("seat"),
    userId: z.uuid(),
    seat: z.enum(["chair", "expert", "panel"]),
    sex: z.enum(["female", "male", "other", "undisclosed"]),
    expertise: freeTextSchema(200).default(""),
    endsOn: typedString("date").pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).optional(),
  }),
  z.object({ intent: z.literal("end"), memberId: z.uuid() }),
  // The vice-chair (ADR 040, 2026-12-02): a seated expert's member id, or "none" to designate no one.
  z.object({ intent: z.literal("vice_chair"), memberId: z.union([z.uuid(), z.literal("none")]) }),
  z.object({
    intent: z.literal("rule"),
    quorumPercent: integerField({ min: 0, max: 99 }),
    majorityPercent: integerField({ min: 0, max: 99 }),
    majorityInclusive: z.literal("on").optional().transform((value) => value === "on"),
    requirePanelVote: z.literal("on").optional().transform((value) => value === "on"),
  }),
]);
export type SeatMemberAction = z.infer<typeof SeatMemberSchema>;
