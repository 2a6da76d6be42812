import { z } from "zod";

/**
 * What a transparency snapshot holds (issue 16 item 1; ADR 045): the published figures — every count already through
 * disclosure control (ADR 044), never a raw count — the public release log, and the chain head at the time. The
 * dashboard, the downloads and the reports read only this; a report embeds one snapshot and its numbers never change.
 * Stored as JSON in TransparencySnapshot.figures and parsed with these schemas on every read.
 */

export const PublishedCountSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("count"), value: z.number().int().nonnegative() }),
  z.object({ kind: z.literal("small") }),
  z.object({ kind: z.literal("withheld") }),
]);

export const PublishedTableSchema = z.object({
  rows: z.array(z.string()),
  columns: z.array(z.string()),
  cells: z.array(z.array(PublishedCountSchema)),
  rowTotals: z.array(PublishedCountSchema).nullable(),
  columnTotals: z.array(PublishedCountSchema).nullable(),
  /** Null for a table of questions (ADR 044): a sum across questions counts people several times. */
  total: PublishedCountSchema.nullable(),
});

/** The figures the dashboard shows, in its order. Ids are stable: they are URLs (/transparency/figures/<id>.csv). */
export const figureIds = [
  "enrolments",
  "consent-choices",
  "findings-preferences",
  "withdrawals",
  "reconsent",
  "bridge-decisions",
  "releases",
  "findings-returned",
  "recontact-responses",
  "study-registration",
  "enquiries",
  "consent-experience",
  "panel-makeup-area",
  "panel-makeup-region",
  "panel-makeup-age",
] as const;
export const FigureIdSchema = z.enum(figureIds);
export type FigureId = z.infer<typeof FigureIdSchema>;

/**
 * How a dimension's keys are named on the page: `figures:dimensions.<dimension>.<key>`, except `month` (YYYY-MM,
 * written as a date in the reader's language) and `version` (a form version, shown as it is).
 */
export const dimensions = ["cohort", "month", "choice", "answer", "withdrawalLevel", "version", "reconsentState", "decision", "recipient", "findingOutcome", "campaign", "response", "registration", "enquiryOutcome", "surveyBand", "facilityQuestion", "population", "programmeArea", "region", "ageBand"] as const;
export const DimensionSchema = z.enum(dimensions);
export type Dimension = z.infer<typeof DimensionSchema>;

export const FigureSchema = z.object({
  id: FigureIdSchema,
  /** What is counted: title and description come from `figures:<id>.title` / `.description`. */
  unit: z.enum(["participants", "samples", "decisions", "releases", "findings", "letters", "questions", "answers"]),
  rowDimension: DimensionSchema,
  columnDimension: DimensionSchema,
  /** How the chart draws it: a line per row over months, bars per column stacked by row, or grouped bars. */
  chart: z.enum(["lines", "stacked-bars", "grouped-bars"]),
  table: PublishedTableSchema,
  /**
   * "protected": through disclosure control (ADR 044). "public": exact, because the public already reads the same
   * things one by one elsewhere (every release is in the release log). Read as "protected" from snapshots stored
   * before the field.
   */
  disclosure: z.enum(["protected", "public"]).default("protected"),
  /**
   * A goal the programme set for a row's share of each column (the seeds' "全体の50%以上の症例" registered in studies,
   * 002_…): the page says the share reached beside it, worked out from the published counts only.
   */
  target: z.object({ row: z.string(), share: z.number().min(0).max(1) }).optional(),
  /**
   * Names of keys that are data, not words the locales hold (ADR 150): a facility's name in Japanese and English, by
   * its code, for the `facilityQuestion` dimension (`<code>:<question>`). As they stood when the snapshot was computed.
   */
  keyNames: z.record(z.string(), z.object({ ja: z.string(), en: z.string() })).optional(),
});
export type Figure = z.infer<typeof FigureSchema>;

/** One release, as the public log shows it (OpenSAFELY logs every job; we log every release). */
export const ReleaseLogEntrySchema = z.object({
  releaseId: z.uuid(),
  createdAt: z.iso.datetime(),
  /** The register's reference of the approval (e.g. DA-2026-0005), null for a public release. */
  approvalReference: z.string().nullable(),
  datasetId: z.string(),
  recipient: z.string(),
  /** Samples released and excluded, through disclosure control as one-row tables. */
  released: PublishedCountSchema,
  excluded: PublishedCountSchema,
  /** SHA-256 (hex) of the signed manifest's JSON exactly as signed (the JWS payload). */
  manifestSha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ReleaseLogEntry = z.infer<typeof ReleaseLogEntrySchema>;

/** The register's approved uses by status: projects, public one by one on /register, so not suppressed. */
export const ApprovedUsesSchema = z.object({
  active: z.number().int().nonnegative(),
  /** Approved, starting later (the register's "upcoming"); read as 0 from a snapshot stored before it was counted. */
  upcoming: z.number().int().nonnegative().default(0),
  expired: z.number().int().nonnegative(),
  suspended: z.number().int().nonnegative(),
  revoked: z.number().int().nonnegative(),
});

/**
 * What a snapshot was computed at: the newest published checkpoint's number (null before the first). Nothing that
 * counts or dates consent events (issue 54 item 3): no ledger position, audit id or chain hash — a chain hash that
 * changed between two hourly snapshots would say that someone's consent changed in that hour. The checkpoint's own
 * statement commits to the heads without showing them (ADR 114). Snapshots stored before this held the heads too; they
 * are read without them.
 */
export const ChainHeadSchema = z.object({
  checkpointSeq: z.string().nullable(),
});
export type ChainHead = z.infer<typeof ChainHeadSchema>;

/**
 * How fast the consultation desk answers (issue 59 item 1; ADR 146): the median days from a question to its answer, by
 * the month it was answered (Japan's calendar, complete months only, as the figures), and over the twelve months to
 * `throughMonth`. A median of fewer than ten answers is not published (null): with a handful, it would be one asker's
 * wait. Questions closed without an answer are not in it (a spam closed in a minute is not a fast answer).
 */
export const AnswerTimesSchema = z.object({
  months: z.array(z.object({ month: z.string().regex(/^\d{4}-\d{2}$/), medianDays: z.number().nonnegative().nullable() })),
  lastTwelveMonths: z.number().nonnegative().nullable(),
});
export type AnswerTimes = z.infer<typeof AnswerTimesSchema>;

export const SnapshotContentSchema = z.object({
  version: z.literal(1),
  /** The last complete month the time series include (YYYY-MM); the current month is never published. */
  throughMonth: z.string().regex(/^\d{4}-\d{2}$/),
  figures: z.array(FigureSchema),
  releaseLog: z.array(ReleaseLogEntrySchema),
  approvedUses: ApprovedUsesSchema,
  /** Read as empty from a snapshot stored before the desk was counted. */
  enquiryAnswerTimes: AnswerTimesSchema.default({ months: [], lastTwelveMonths: null }),
});
export type SnapshotContent = z.infer<typeof SnapshotContentSchema>;

/** A snapshot as read back: the row's id and times with its parsed content. */
export interface TransparencySnapshotView {
  id: string;
  computedAt: Date;
  reason: string;
  chainHead: ChainHead;
  content: SnapshotContent;
}
