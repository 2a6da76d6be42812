import ical from "ical-generator";
import type { SupportedLanguage } from "../../i18n/languages";

/**
 * A session as an iCalendar file (RFC 5545), with ical-generator: what a phone's calendar adds. Its UID is the
 * session's, so a second file (after a change) updates the same entry. The join link of an online session goes only
 * into the copy sent to someone with a place; the public file has the session's page instead.
 */
export function briefingCalendar(briefing: { id: string; title: string; description: string; startsAt: Date; endsAt: Date; place: string | null; pageUrl: string; joinUrl?: string | null; cancelled?: boolean }, language: SupportedLanguage): string {
  const calendar = ical({ prodId: { company: "Tsunagi", product: "briefings", language: language === "en" ? "EN" : "JA" }, name: briefing.title });
  calendar.createEvent({
    id: `${briefing.id}@tsunagi`,
    start: briefing.startsAt,
    end: briefing.endsAt,
    summary: briefing.title,
    description: [briefing.description, briefing.joinUrl ?? "", briefing.pageUrl].filter(Boolean).join("\n\n"),
    location: briefing.place ?? briefing.joinUrl ?? null,
    url: briefing.pageUrl,
    ...(briefing.cancelled ? { status: "CANCELLED" as never } : {}),
  });
  return calendar.toString();
}
