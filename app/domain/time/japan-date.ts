/**
 * The calendar day of an instant in Japan, "YYYY-MM-DD": the programme's clinics, participants and paper forms all
 * count days there (Asia/Tokyo, +09:00 all year; no daylight saving time since 1951). A download named with the UTC
 * date would carry yesterday's date every Japanese morning before nine (issue 29 item 8).
 */
export function japanDate(at: Date | string | number): string {
  const ms = at instanceof Date ? at.getTime() : typeof at === "string" ? Date.parse(at) : at;
  return new Date(ms + 9 * 3600_000).toISOString().slice(0, 10);
}
