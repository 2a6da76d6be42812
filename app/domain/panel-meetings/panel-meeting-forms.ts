import { z } from "zod";
import { integerField } from "../kernel/index";
import { freeTextSchema } from "../kernel/index";
import { japanLocalDateTime } from "../updates";

/**
 * The panel's meetings (issue 28 item 7; ADR 065), pure: what staff post, checked before the verbs, and how an agenda
 * reads. Every text in three languages, by the text rules (ADR 021); times as a `datetime-local` input sends them,
 * read as Japan time.
 */
export const meetingTitleMax = 120;
export const meetingPlaceMax = 200;
export const meetingAgendaMax = 4_000;
export const meetingMinutesMax = 20_000;
export const meetingAttendeesMax = 500;

export const MeetingFieldsSchema = z.object({
  scheduledAt: japanLocalDateTime,
  place: freeTextSchema(meetingPlaceMax),
  /** The place in English, when its name needs one ("Tokyo venue and online"); empty: the place as written. */
  placeEn: freeTextSchema(meetingPlaceMax)
    .optional()
    .transform((value) => value ?? null),
  titleJa: freeTextSchema(meetingTitleMax),
  titleJaEasy: freeTextSchema(meetingTitleMax),
  titleEn: freeTextSchema(meetingTitleMax),
  agendaJa: freeTextSchema(meetingAgendaMax),
  agendaJaEasy: freeTextSchema(meetingAgendaMax),
  agendaEn: freeTextSchema(meetingAgendaMax),
});
export type MeetingFields = z.output<typeof MeetingFieldsSchema>;
/** What the verbs take: the English place may be left out (the place as written is shown). */
export type MeetingFieldsInput = Omit<MeetingFields, "placeEn"> & { placeEn?: string | null };

export const MinutesFieldsSchema = z.object({
  textJa: freeTextSchema(meetingMinutesMax),
  textJaEasy: freeTextSchema(meetingMinutesMax),
  textEn: freeTextSchema(meetingMinutesMax),
  attendees: integerField({ min: 0, max: meetingAttendeesMax }),
});
export type MinutesFields = z.output<typeof MinutesFieldsSchema>;

/** `/staff/panel-meetings`: announce a meeting. */
export const ScheduleMeetingFormSchema = MeetingFieldsSchema.extend({ intent: z.literal("schedule") });

/** `/staff/panel-meetings/:id`: change it, cancel it, or publish its minutes. */
export const StaffMeetingFormSchema = z.discriminatedUnion("intent", [
  MeetingFieldsSchema.extend({ intent: z.literal("save") }),
  z.object({ intent: z.literal("cancel"), confirm: z.literal("yes") }),
  MinutesFieldsSchema.extend({ intent: z.literal("publish_minutes"), confirm: z.literal("yes") }),
]);

/** An agenda's items: one per line, blank lines dropped. */
export function agendaItems(agenda: string): string[] {
  return agenda
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** A meeting as people read it: announced, held and awaiting minutes, minutes published, or cancelled. */
export type MeetingState = "upcoming" | "awaiting_minutes" | "minuted" | "cancelled";

export function meetingState(meeting: { scheduledAt: Date; cancelledAt: Date | null; minutesPublishedAt: Date | null }, now: Date): MeetingState {
  if (meeting.cancelledAt) return "cancelled";
  if (meeting.minutesPublishedAt) return "minuted";
  return meeting.scheduledAt.getTime() > now.getTime() ? "upcoming" : "awaiting_minutes";
}
