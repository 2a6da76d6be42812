import { getDatabase, type Database } from "../../db.server";
import type { SupportedLanguage } from "../../i18n/languages";
import { AppError } from "../kernel/index";
import { uuidPattern } from "../kernel/index";
import { agendaItems, meetingState, type MeetingFields, type MeetingState } from "./panel-meeting-forms";

/** A meeting as the public reads it, in one language. */
export interface PanelMeetingView {
  id: string;
  scheduledAt: Date;
  place: string;
  title: string;
  agenda: string[];
  state: MeetingState;
  minutes: { text: string; attendees: number; publishedAt: Date } | null;
}

/** The same with every language, as staff edit it: the fields of the staff form, with its state and minutes. */
export type PanelMeetingRecord = MeetingFields & {
  id: string;
  state: MeetingState;
  minutes: { textJa: string; textJaEasy: string; textEn: string; attendees: number; publishedAt: Date } | null;
};

const include = { minutes: true } as const;
type Row = NonNullable<Awaited<ReturnType<Database["panelMeeting"]["findFirst"]>>> & { minutes: { textJa: string; textJaEasy: string; textEn: string; attendees: number; publishedAt: Date } | null };

function inLanguage(row: Row, language: SupportedLanguage, now: Date): PanelMeetingView {
  const pick = (ja: string, jaEasy: string, en: string) => (language === "en" ? en : language === "ja-easy" ? jaEasy : ja);
  return {
    id: row.id,
    scheduledAt: row.scheduledAt,
    place: language === "en" ? (row.placeEn ?? row.place) : row.place,
    title: pick(row.titleJa, row.titleJaEasy, row.titleEn),
    agenda: agendaItems(pick(row.agendaJa, row.agendaJaEasy, row.agendaEn)),
    state: meetingState({ scheduledAt: row.scheduledAt, cancelledAt: row.cancelledAt, minutesPublishedAt: row.minutes?.publishedAt ?? null }, now),
    minutes: row.minutes ? { text: pick(row.minutes.textJa, row.minutes.textJaEasy, row.minutes.textEn), attendees: row.minutes.attendees, publishedAt: row.minutes.publishedAt } : null,
  };
}

/**
 * The panel's meetings (issue 28 item 7; ADR 065), public: the next ones first (soonest first), then those held, the
 * latest first, each with its agenda and its minutes once published. Cancelled meetings stay listed, marked.
 */
export async function listPanelMeetings(input: { language: SupportedLanguage; now?: Date }, db: Database = getDatabase()): Promise<{ upcoming: PanelMeetingView[]; past: PanelMeetingView[] }> {
  const now = input.now ?? new Date();
  const rows = (await db.panelMeeting.findMany({ include, orderBy: [{ scheduledAt: "desc" }, { id: "asc" }], take: 500 })) as Row[];
  const views = rows.map((row) => inLanguage(row, input.language, now));
  return { upcoming: views.filter((view) => view.scheduledAt > now).reverse(), past: views.filter((view) => view.scheduledAt <= now) };
}

export async function loadPanelMeeting(input: { meetingId: string; language: SupportedLanguage; now?: Date }, db: Database = getDatabase()): Promise<PanelMeetingView> {
  if (!uuidPattern.test(input.meetingId)) throw new AppError("not_found");
  const row = (await db.panelMeeting.findUnique({ where: { id: input.meetingId }, include })) as Row | null;
  if (!row) throw new AppError("not_found");
  return inLanguage(row, input.language, input.now ?? new Date());
}

/** Every meeting with every language, for staff: the next ones and the latest held first. */
export async function loadPanelMeetingRecord(meetingId: string, now = new Date(), db: Database = getDatabase()): Promise<PanelMeetingRecord> {
  if (!uuidPattern.test(meetingId)) throw new AppError("not_found");
  const row = (await db.panelMeeting.findUnique({ where: { id: meetingId }, include })) as Row | null;
  if (!row) throw new AppError("not_found");
  return {
    id: row.id,
    scheduledAt: row.scheduledAt,
    place: row.place,
    placeEn: row.placeEn,
    titleJa: row.titleJa,
    titleJaEasy: row.titleJaEasy,
    titleEn: row.titleEn,
    agendaJa: row.agendaJa,
    agendaJaEasy: row.agendaJaEasy,
    agendaEn: row.agendaEn,
    state: meetingState({ scheduledAt: row.scheduledAt, cancelledAt: row.cancelledAt, minutesPublishedAt: row.minutes?.publishedAt ?? null }, now),
    minutes: row.minutes ? { textJa: row.minutes.textJa, textJaEasy: row.minutes.textJaEasy, textEn: row.minutes.textEn, attendees: row.minutes.attendees, publishedAt: row.minutes.publishedAt } : null,
  };
}
