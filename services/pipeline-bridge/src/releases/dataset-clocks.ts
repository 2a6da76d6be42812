import type { Recipient } from "@tsunagi/consent-rules/choice-catalogue";

/**
 * A dataset's embargo clocks, from the data-sharing rules of Japan's whole-genome programme (industry forum:
 * publication restricted for at least 24 and at most 36 months from the starting point — about 100 registered cases
 * of a cancer type — shortened below 24 where the data producers agree; genome and basic clinical data move to a
 * public database after 24–30 months). docs/pipeline-bridge.md, "Releases", says how the bridge reads them.
 */
export interface DatasetClocks {
  clockStartsAt: Date;
  /** Industry recipients may not publish results before this; null: no moratorium. */
  publicationMoratoriumUntil: Date | null;
  /** Public-database releases are possible from this moment on; null: never. */
  publicDatabaseFrom: Date | null;
}

export const MAX_PUBLICATION_MORATORIUM_MONTHS = 36;
export const MAX_PUBLIC_DATABASE_AFTER_MONTHS = 60;

/**
 * `months` calendar months after `start`, in UTC, at the same time of day. A day the target month lacks (31 January
 * + 1 month) becomes that month's last day: the period never spills into the month after.
 */
export function addCalendarMonthsUtc(start: Date, months: number): Date {
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(start.getUTCDate(), lastDay);
  return new Date(Date.UTC(year, month, day, start.getUTCHours(), start.getUTCMinutes(), start.getUTCSeconds(), start.getUTCMilliseconds()));
}

export function computeDatasetClocks(clockStartsAt: Date, publicationMoratoriumMonths: number | null, publicDatabaseAfterMonths: number | null): DatasetClocks {
  return {
    clockStartsAt,
    publicationMoratoriumUntil: publicationMoratoriumMonths === null ? null : addCalendarMonthsUtc(clockStartsAt, publicationMoratoriumMonths),
    publicDatabaseFrom: publicDatabaseAfterMonths === null ? null : addCalendarMonthsUtc(clockStartsAt, publicDatabaseAfterMonths),
  };
}

export type ReleaseEmbargo =
  /** Nothing may go to this recipient yet: every sample is excluded with this reason. */
  | { blocked: true; reason: "embargo_public_database" }
  /** Consent decides; the terms travel with the manifest. */
  | { blocked: false; publicationNotBefore: Date | null };

/**
 * What the clocks mean for one recipient at one moment. Public: nothing before the move to a public database (or
 * ever, when the dataset has no such date). Industry: consent decides, and results may not be published before the
 * moratorium ends. Academia and international recipients carry no embargo term.
 */
export function releaseEmbargo(clocks: DatasetClocks, recipient: Recipient, now: number): ReleaseEmbargo {
  if (recipient === "public") {
    const from = clocks.publicDatabaseFrom;
    return from !== null && now >= from.getTime() ? { blocked: false, publicationNotBefore: null } : { blocked: true, reason: "embargo_public_database" };
  }
  if (recipient === "industry") return { blocked: false, publicationNotBefore: clocks.publicationMoratoriumUntil };
  return { blocked: false, publicationNotBefore: null };
}
