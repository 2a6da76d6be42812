/**
 * The calendar day of an instant in Japan, "YYYY-MM-DD": the programme's clinics, participants and paper forms all
 * count days there (Asia/Tokyo, +09:00 all year; no daylight saving time since 1951). A download named with the UTC
 * date would carry yesterday's date every Japanese morning before nine (issue 29 item 8).
 */
export function japanDate(at: Date | string | number): string {
  const ms = at instanceof Date ? at.getTime() : typeof at === "string" ? Date.parse(at) : at;
  return new Date(ms + 9 * 3600_000).toISOString().slice(0, 10);
}

/**
 * The instant of a time written as Japan's clock shows it, "YYYY-MM-DDTHH:MM" (a `datetime-local` value, an
 * appointment the counsellor typed). Never `new Date(value)` alone: that reads it in the server's own zone (UTC on
 * the programme's servers), nine hours late.
 */
export function instantOfJapanTime(value: string): Date {
  return new Date(`${value}:00+09:00`);
}
