import { z } from "zod";
import { freeTextSchema, singleLineTextSchema } from "../kernel/index";
import type { CaseStep } from "./case-workflow";
import { closeReasons } from "./close-reasons";

/**
 * A counselling case's events (ADR 034): one zod schema per type for the stored payload, so a case written today
 * still reads in ten years. The same schemas check what a counsellor posts (the forms on /staff/findings/<id>), so a
 * payload that reaches the table has passed them. Free text is short: what was understood, who attended — a case
 * note, never the clinical report, which stays the lab's.
 */

export const caseEventTypes = [
  "claimed",
  "released",
  "appointment_scheduled",
  "counselling_recorded",
  "disclosure_recorded",
  "relatives_wishes_recorded",
  "closed",
  "reopened",
  "sealed_content_opened",
] as const;
export type CaseEventType = (typeof caseEventTypes)[number];

export const appointmentModes = ["in_person", "video"] as const;
export const appointmentLanguages = ["ja", "ja-easy", "en"] as const;
export const relativesWishes = ["inform_relatives", "participant_will_inform", "do_not_inform", "undecided"] as const;
export { closeReasons, type CloseReason } from "./close-reasons";

export const caseNoteMax = 500;
export const caseLineMax = 200;

/** A local date-time as a `datetime-local` input sends it (minutes), read as Japan time. */
const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { message: "format" })
  .refine((value) => {
    const date = new Date(`${value}:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 16) === value;
  }, { params: { reason: "dateNotReal" } });

const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "format" })
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, { params: { reason: "dateNotReal" } });

export const AppointmentSchema = z
  .object({
    at: localDateTime,
    mode: z.enum(appointmentModes),
    place: singleLineTextSchema(caseLineMax).optional(),
    language: z.enum(appointmentLanguages),
  })
  .superRefine((value, ctx) => {
    // A visit needs a place; a video call's link is sent by the clinic, not stored here.
    if (value.mode === "in_person" && !value.place) ctx.addIssue({ code: "invalid_type", expected: "string", input: undefined, path: ["place"] });
  });
export type Appointment = z.infer<typeof AppointmentSchema>;

export const SessionRecordSchema = z.object({
  date: calendarDate,
  attendees: singleLineTextSchema(caseLineMax),
  understood: freeTextSchema(caseNoteMax),
});
export type SessionRecord = z.infer<typeof SessionRecordSchema>;

export const RelativesWishesSchema = z.object({
  wishes: z.enum(relativesWishes),
  note: freeTextSchema(caseNoteMax).optional(),
});

export const CloseSchema = z.object({
  reason: z.enum(closeReasons),
  note: freeTextSchema(caseNoteMax).optional(),
});

export const OpeningReasonSchema = z.object({ reason: freeTextSchema(caseNoteMax) });

const Empty = z.object({}).strict();

/** The stored event: its type and its payload, checked together. */
export const CaseEventPayloadSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("claimed"), payload: Empty }),
  z.object({ type: z.literal("released"), payload: Empty }),
  z.object({ type: z.literal("appointment_scheduled"), payload: AppointmentSchema }),
  z.object({ type: z.literal("counselling_recorded"), payload: SessionRecordSchema }),
  z.object({ type: z.literal("disclosure_recorded"), payload: SessionRecordSchema }),
  z.object({ type: z.literal("relatives_wishes_recorded"), payload: RelativesWishesSchema }),
  z.object({ type: z.literal("closed"), payload: CloseSchema }),
  // Written by the system when a re-interpretation reopens a closed case (item 6): which version did.
  z.object({ type: z.literal("reopened"), payload: z.object({ version: z.number().int().positive() }) }),
  z.object({ type: z.literal("sealed_content_opened"), payload: OpeningReasonSchema }),
]);
export type CaseEventPayload = z.infer<typeof CaseEventPayloadSchema>;

/** The input each counsellor step takes, and the event it writes. */
export const stepInputSchemas = {
  claim: Empty,
  release: Empty,
  schedule_appointment: AppointmentSchema,
  record_counselling: SessionRecordSchema,
  record_disclosure: SessionRecordSchema,
  record_relatives_wishes: RelativesWishesSchema,
  close: CloseSchema,
} as const satisfies Record<CaseStep, z.ZodType>;

export const stepEventType = {
  claim: "claimed",
  release: "released",
  schedule_appointment: "appointment_scheduled",
  record_counselling: "counselling_recorded",
  record_disclosure: "disclosure_recorded",
  record_relatives_wishes: "relatives_wishes_recorded",
  close: "closed",
} as const satisfies Record<CaseStep, CaseEventType>;

/** An event as the fold reads it. */
export interface CaseEvent {
  seq: number;
  type: CaseEventType;
  actorUserId: string | null;
  payload: unknown;
  at: Date;
}
