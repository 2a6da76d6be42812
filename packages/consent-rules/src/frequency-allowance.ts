/**
 * How often a participant may be recontacted (BRIEF.md §2, `recontact.frequency`; ADR 033). Pure: the caller passes
 * the times of every campaign message already claimed for the participant, across all campaigns, and the time now.
 */

export const recontactFrequencies = ["once_only", "yearly", "as_needed"] as const;
export type RecontactFrequency = (typeof recontactFrequencies)[number];

/** The programme's default for `as_needed` (RECONTACT_AS_NEEDED_CAP). */
export const DEFAULT_AS_NEEDED_CAP = 4;

export interface FrequencyAllowance {
  allowed: boolean;
  /** How many messages the frequency allows in the window that applies (one ever, or per rolling 12 months). */
  limit: number;
  /** How many earlier messages count against it now. */
  counted: number;
}

/**
 * The participant's frequency as stored in their choices. Anything else — the choice not offered by the version they
 * signed, or a value this code does not know — is read as the strictest, `once_only`: a preference we cannot read
 * must not allow more contact than the participant may have asked for.
 */
export function readRecontactFrequency(value: unknown): RecontactFrequency {
  return typeof value === "string" && (recontactFrequencies as readonly string[]).includes(value) ? (value as RecontactFrequency) : "once_only";
}

// Japan has one offset all year (no daylight saving), so Japan's calendar is UTC's shifted by nine hours.
const JAPAN_OFFSET_MS = 9 * 60 * 60 * 1000;

/**
 * The same wall-clock instant in Japan a number of calendar months later, on the same day of the month or, where the
 * later month is shorter, its last day (a message on 29 February 2028, Japan time, counts until 28 February 2029 at
 * the same time of day).
 */
export function addJapanCalendarMonths(instant: Date, months: number): Date {
  const local = new Date(instant.getTime() + JAPAN_OFFSET_MS);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const shifted = Date.UTC(year, month, Math.min(local.getUTCDate(), lastDay), local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds(), local.getUTCMilliseconds());
  return new Date(shifted - JAPAN_OFFSET_MS);
}

/**
 * Whether a message sent (claimed) at `sentAt` still counts against a rolling 12-month window at `now`: it does until
 * 12 Japan calendar months after it, and no longer at that instant. A time after `now` (another server's clock) counts.
 */
export function countsInRollingYear(sentAt: Date, now: Date): boolean {
  return addJapanCalendarMonths(sentAt, 12).getTime() > now.getTime();
}

/** May one more campaign message go to this participant now? */
export function frequencyAllowance(frequency: RecontactFrequency, sentAt: readonly Date[], now: Date, programmeCap: number = DEFAULT_AS_NEEDED_CAP): FrequencyAllowance {
  if (frequency === "once_only") return verdict(1, sentAt.length);
  const counted = sentAt.filter((at) => countsInRollingYear(at, now)).length;
  return verdict(frequency === "yearly" ? 1 : programmeCap, counted);
}

function verdict(limit: number, counted: number): FrequencyAllowance {
  return { allowed: counted < limit, limit, counted };
}
