import { z } from "zod";
import { emailField, freeTextSchema, integerField, isSafeLink, personNameSchema, singleLineTextSchema } from "../kernel/index";
import { japanLocalDateTime } from "../updates";

/**
 * Public sessions (issue 59 item 5; ADR 148), pure: what staff post and anyone registers with, checked before the
 * verbs, and how a session stands. Every text in three languages by the text rules (ADR 021); times as a
 * `datetime-local` input sends them, read as Japan time.
 */
export const briefingKinds = ["briefing", "seminar"] as const;
export type BriefingKind = (typeof briefingKinds)[number];
export const briefingFormats = ["online", "in_person"] as const;
export type BriefingFormat = (typeof briefingFormats)[number];
export const registrationStates = ["registered", "waitlisted", "cancelled"] as const;
export type RegistrationState = (typeof registrationStates)[number];

export const briefingTitleMax = 120;
export const briefingDescriptionMax = 4_000;
export const briefingMinutesMax = 20_000;
export const briefingCapacityMax = 1_000;

const httpsLink = z
  .string()
  .trim()
  .max(500)
  .refine((value) => /^https:\/\//i.test(value) && isSafeLink(value), { params: { reason: "linkTarget" } });

export const BriefingFieldsSchema = z
  .object({
    kind: z.enum(briefingKinds),
    format: z.enum(briefingFormats),
    startsAt: japanLocalDateTime,
    endsAt: japanLocalDateTime,
    capacity: integerField({ min: 1, max: briefingCapacityMax }),
    titleJa: singleLineTextSchema(briefingTitleMax),
    titleJaEasy: singleLineTextSchema(briefingTitleMax),
    titleEn: singleLineTextSchema(briefingTitleMax),
    descriptionJa: freeTextSchema(briefingDescriptionMax),
    descriptionJaEasy: freeTextSchema(briefingDescriptionMax),
    descriptionEn: freeTextSchema(briefingDescriptionMax),
    /** In person: where (as written; shown to everyone). */
    place: singleLineTextSchema(200).optional(),
    /** Online: the meeting's link, sent only to those with a place. */
    joinUrl: httpsLink.optional(),
  })
  .superRefine((value, context) => {
    if (value.endsAt.getTime() <= value.startsAt.getTime()) context.addIssue({ code: "custom", path: ["endsAt"], params: { reason: "endBeforeStart" } });
    if (value.format === "in_person" && !value.place) context.addIssue({ code: "custom", path: ["place"], params: { reason: "required" } });
    if (value.format === "online" && !value.joinUrl) context.addIssue({ code: "custom", path: ["joinUrl"], params: { reason: "required" } });
  });
export type BriefingFields = z.output<typeof BriefingFieldsSchema>;

export const MinutesSchema = z.object({
  minutesJa: freeTextSchema(briefingMinutesMax),
  minutesJaEasy: freeTextSchema(briefingMinutesMax),
  minutesEn: freeTextSchema(briefingMinutesMax),
  recordingUrl: httpsLink.optional(),
});

/** `/staff/briefings/:id`: who came, the minutes after, or call it off before. */
export const StaffBriefingFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("attendance"), attended: z.array(z.uuid()).max(briefingCapacityMax).default([]) }),
  MinutesSchema.extend({ intent: z.literal("minutes") }),
  z.object({ intent: z.literal("cancel"), confirm: z.literal("yes") }),
]);

/** Anyone registers: a name to be called by and an address for the confirmation, the calendar file and the reminder. */
export const RegisterSchema = z.object({ name: personNameSchema(), email: emailField() });

/** A session as people read it. */
export type BriefingState = "open" | "full" | "started" | "held" | "minuted" | "cancelled";

export function briefingState(briefing: { startsAt: Date; endsAt: Date; cancelledAt: Date | null; minutesPublishedAt: Date | null; capacity: number }, registered: number, now: Date): BriefingState {
  if (briefing.cancelledAt) return "cancelled";
  if (briefing.minutesPublishedAt) return "minuted";
  if (briefing.endsAt.getTime() <= now.getTime()) return "held";
  if (briefing.startsAt.getTime() <= now.getTime()) return "started";
  return registered >= briefing.capacity ? "full" : "open";
}

/** Whether someone may still register (a full session takes names for its waiting list). */
export function takesRegistrations(state: BriefingState): boolean {
  return state === "open" || state === "full";
}
