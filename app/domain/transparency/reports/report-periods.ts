import type { ReportSchedule } from "./report-content";

/**
 * The periods of a recurring report (ADR 048), on Japan's calendar: a month, a quarter (January–March, …) or a year.
 * Pure. A period runs from `start` up to, not including, `end`.
 */
export interface ReportPeriod {
  start: Date;
  end: Date;
}

const japanOffsetMs = 9 * 3_600_000;
const monthsIn: Record<ReportSchedule, number> = { monthly: 1, quarterly: 3, yearly: 12 };

/** Midnight Japan time on the first of a month (months past 11 roll into later years). */
function japanMonthStart(year: number, month: number): Date {
  return new Date(Date.UTC(year, month, 1) - japanOffsetMs);
}

/** The period of `schedule` that `date` falls in, in Japan time. */
export function periodContaining(schedule: ReportSchedule, date: Date): ReportPeriod {
  const japan = new Date(date.getTime() + japanOffsetMs);
  const length = monthsIn[schedule];
  const firstMonth = Math.floor(japan.getUTCMonth() / length) * length;
  return { start: japanMonthStart(japan.getUTCFullYear(), firstMonth), end: japanMonthStart(japan.getUTCFullYear(), firstMonth + length) };
}

/**
 * The period the next edition covers, after an edition published at `publishedAt`: the one the publication fell in
 * (an edition is published after the period it reports on has ended, in the next one). Its edition is due when it
 * ends; `suggestedPublishAt` is 10:00 Japan time that day, a working hour for the staff who check it.
 */
export function nextEdition(schedule: ReportSchedule, publishedAt: Date): { period: ReportPeriod; suggestedPublishAt: Date } {
  const period = periodContaining(schedule, publishedAt);
  return { period, suggestedPublishAt: new Date(period.end.getTime() + 10 * 3_600_000) };
}
