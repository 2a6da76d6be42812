import { z } from "zod";
import { freeTextSchema } from "../kernel/index";

/**
 * A person's requests about their data (issue 58 items 2 and 6, ADR 142): deletion of what was provided under the 2024
 * law (既に提供された情報の削除の求め), correction (訂正等) and stop of use (利用停止等) under the APPI. Disclosure (開示) is the
 * data download the person already has (/consent/my-data).
 */
export const rightsRequestKinds = ["deletion", "correction", "stop_use"] as const;
export type RightsRequestKind = (typeof rightsRequestKinds)[number];
export const rightsRequestStates = ["received", "in_progress", "answered"] as const;
export type RightsRequestState = (typeof rightsRequestStates)[number];
export const rightsRequestOutcomes = ["done", "partly_done", "refused"] as const;
export type RightsRequestOutcome = (typeof rightsRequestOutcomes)[number];

/**
 * The answer is due within 14 days of receipt (ADR 142). The APPI says "遅滞なく" (without delay) and names no number;
 * two weeks is what the programme office commits to, and a request past it is shown as overdue to staff and to the
 * person.
 */
export const rightsAnswerDays = 14;

export function rightsDueAt(receivedAt: Date): Date {
  return new Date(receivedAt.getTime() + rightsAnswerDays * 24 * 60 * 60_000);
}

export const rightsDetailsMax = 2000;

/** What the person writes: required for a correction (what is wrong, what it should be) and a stop of use (which use). */
export const MakeRightsRequestSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("deletion"), details: freeTextSchema(rightsDetailsMax).optional(), confirm: z.literal("yes") }),
  z.object({ kind: z.literal("correction"), details: freeTextSchema(rightsDetailsMax) }),
  z.object({ kind: z.literal("stop_use"), details: freeTextSchema(rightsDetailsMax) }),
]);
export type MakeRightsRequestInput = z.infer<typeof MakeRightsRequestSchema>;

/** A coordinator's step: work begun (a note optional), or the answer (an outcome and words to the person). */
export const RecordRightsStepSchema = z.discriminatedUnion("state", [
  z.object({ state: z.literal("in_progress"), note: freeTextSchema(rightsDetailsMax).optional() }),
  z.object({ state: z.literal("answered"), outcome: z.enum(rightsRequestOutcomes), note: freeTextSchema(rightsDetailsMax) }),
]);
export type RecordRightsStepInput = z.infer<typeof RecordRightsStepSchema>;

export function isRightsRequestKind(value: string): value is RightsRequestKind {
  return (rightsRequestKinds as readonly string[]).includes(value);
}
