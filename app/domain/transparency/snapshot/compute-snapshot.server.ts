import { choiceCatalogue, choiceIds, gateActions, recipients, type ChoiceId } from "@tsunagi/consent-rules/choice-catalogue";
import { decisionReasons } from "@tsunagi/consent-rules/decide-action";
import { releaseApprovalDenials } from "@tsunagi/consent-rules/decide-release-approval";
import { withdrawalLevels } from "@tsunagi/consent-rules/ledger-event";
import { getDatabase, type Database, type Transaction } from "../../../db.server";
import { registerStatus, registerStatuses, type RegisterStatus } from "../../access";
import { programmeAreas } from "../../consent";
import { regionOf, regions } from "../../kernel/index";
import { closeReasons } from "../../findings";
import { Prisma } from "../../../generated/prisma/client";
import { protectTable, type PublishedTable } from "../disclosure/disclosure-control";
import { positionKey, recordKeySum } from "./record-keys.server";
import { SnapshotContentSchema, type Dimension, type Figure, type FigureId, type ReleaseLogEntry, type SnapshotContent } from "./snapshot-figures";

/**
 * The transparency snapshot's figures (issue 16 item 1; ADRs 044, 045), computed from the database as it stands at
 * one moment. Every count is grouped in PostgreSQL (one statement per figure, a GROUP BY each: the refresh must keep up
 * with a million participants and a hundred million bridge decisions, the decisions read from monthly roll-ups, ADR
 * 072) and reaches the snapshot only through `protectTable`: nothing here returns a raw count.
 *
 * Time series hold complete months of Japan's calendar only, from the month of the programme's first event to the
 * month before `now`; the current month is never published (ADR 044: a past month's count does not change, a running
 * month's would, and two of its snapshots would give its small counts away by subtraction). Figures of how things
 * stand (consent choices, findings preferences, re-consent, recontact answers) stand as at the end of that same month,
 * for the same reason (issue 27): two refreshes in one month publish the same figures, to the digit.
 *
 * Every count of records comes with the sum of its records' secret keys (record-keys.server.ts), which chooses its
 * perturbation (ADR 044's cell key method); the bridge's decisions, tallied without records, take position keys.
 * Releases are not protected at all: the public release log lists every one, and pretending otherwise protects nothing.
 */

/** Where the figures are read: a transaction (REPEATABLE READ, so they all see one moment). */
type SnapshotReader = Transaction;

/** One read-only REPEATABLE READ transaction: every figure sees the same moment. Generous for the benchmark's scale. */
export const SNAPSHOT_TRANSACTION = { isolationLevel: "RepeatableRead", timeout: 15 * 60_000, maxWait: 30_000 } as const;

// ---------------------------------------------------------------------------------------------------------------
// Months (Asia/Tokyo has had no daylight saving time since 1951: a fixed +09:00).

const TOKYO_OFFSET_MS = 9 * 3_600_000;

/** The Japan calendar month (YYYY-MM) an instant falls in. */
export function tokyoMonthOf(instant: Date): string {
  return new Date(instant.getTime() + TOKYO_OFFSET_MS).toISOString().slice(0, 7);
}

/** The instant a Japan calendar month (YYYY-MM) begins. */
export function tokyoMonthStart(month: string): Date {
  return new Date(`${month}-01T00:00:00+09:00`);
}

/** The month `offset` months after (or before) `month`. */
export function addMonths(month: string, offset: number): string {
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  const index = year * 12 + (monthNumber - 1) + offset;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** Every month from `first` to `last`, both included; none when `first` is after `last`. */
export function monthRange(first: string, last: string): string[] {
  const months: string[] = [];
  for (let month = first; month <= last; month = addMonths(month, 1)) months.push(month);
  return months;
}

// ---------------------------------------------------------------------------------------------------------------
// The bridge's decisions as published rows: action and result, denials grouped by why (a reason per row would be
// dozens of rows, most of them "<10" in every month).

export const decisionDenialGroups = ["withdrawn", "not_consented", "reconsent_pending", "unknown_subject", "approval", "invalid_request", "fail_closed", "none_included", "other"] as const;
export type DecisionDenialGroup = (typeof decisionDenialGroups)[number];

const denialGroupOf = new Map<string, DecisionDenialGroup>([
  ...(["withdrawn_destroy", "withdrawn_no_further_use", "withdrawn_no_contact", "sample_destroyed"] as const).map((reason) => [reason, "withdrawn"] as const),
  // After a death or loss of capacity, the person's own disposition stops what it stops: counted with the withdrawals'
  // (ADR 143), whose reach each disposition takes.
  ...(["life_event_destroy", "life_event_no_further_use", "life_event_no_contact"] as const).map((reason) => [reason, "withdrawn"] as const),
  // The 2024 law's refusals count with the consent's: the person stopped provision, or was never told of it (ADR 140).
  ...(["choice_declined", "choice_undecided", "choice_not_offered", "purpose_not_permitted", "recipient_not_covered", "notice_not_given", "provision_stopped"] as const).map((reason) => [reason, "not_consented"] as const),
  ["reconsent_pending", "reconsent_pending"],
  ["unknown_subject", "unknown_subject"],
  ...releaseApprovalDenials.map((reason) => [reason, "approval"] as const),
  ...(["malformed_request", "scope_missing", "purpose_required", "recipient_required", "findings_category_required"] as const).map((reason) => [reason, "invalid_request"] as const),
  // The bridge could not vouch for the answer (ADR 011): a stale projection, its database, a parked message.
  ...(["projection_stale", "database_unavailable", "message_parked"] as const).map((reason) => [reason, "fail_closed"] as const),
  // A release signed (or re-checked) with every sample left out is logged as one line, not allowed.
  ...(["release_signed", "release_rechecked"] as const).map((reason) => [reason, "none_included"] as const),
]);
// Every reason the consent rule can give is placed in a group (checked when the module loads, so a new reason in
// decide-action cannot silently land in "other" on the public page).
for (const reason of decisionReasons) if (reason !== "consented" && reason !== "notified_not_stopped" && !denialGroupOf.has(reason)) throw new Error(`decision reason ${reason} has no published group`);

/** The action as published: a gate action, or "unrecognised" for what a malformed request named (never echoed). */
const knownActions = new Set<string>(gateActions);

/** The published row of a logged decision: `analyze:allowed`, `release:denied:withdrawn`, … */
export function decisionRowKey(action: string | null, allowed: boolean, reason: string): string {
  if (action === null || !knownActions.has(action)) return "unrecognised:denied:invalid_request";
  if (allowed) return `${action}:allowed`;
  return `${action}:denied:${denialGroupOf.get(reason) ?? "other"}`;
}

/** Rows in a stable order: by action as the catalogue lists them, allowed first, then the groups in their order. */
function decisionRowOrder(key: string): number {
  const [action, result, group] = key.split(":") as [string, string, string | undefined];
  const actionIndex = knownActions.has(action) ? gateActions.indexOf(action as (typeof gateActions)[number]) : gateActions.length;
  const resultIndex = result === "allowed" ? 0 : 1 + decisionDenialGroups.indexOf(group as DecisionDenialGroup);
  return actionIndex * 100 + resultIndex;
}

// ---------------------------------------------------------------------------------------------------------------
// Row and column keys.

/** Consent choices published as yes/no rates: every choice but the required one and the contact preferences. */
export const sharingChoiceIds = choiceIds.filter((id) => {
  const definition = choiceCatalogue[id] as { options: readonly string[]; requiredValue?: string; preference?: boolean };
  return !definition.requiredValue && !definition.preference && definition.options.join() === "yes,no";
});
export const findingsChoiceIds = choiceIds.filter((id) => id.startsWith("findings.secondary."));
const findingsAnswers = choiceCatalogue["findings.secondary.hereditary_cancer"].options;

export const cohortKeys = [...programmeAreas, "not_recorded"] as const;
export const reconsentStates = ["reconsented", "pending", "withdrew"] as const;
export const findingOutcomes = closeReasons;
export const recontactResponses = ["responded", "no_response"] as const;
export const registrationStates = ["registered", "not_registered"] as const;
/** What became of the consultation desk's questions, by the month it happened (ADR 146): a question still waiting is in no month yet. */
export const enquiryOutcomes = ["answered_in_time", "answered_late", "closed"] as const;
/**
 * How consent felt (ADR 149, 150): the survey's four statements and its three bands, as the surveys concept defines
 * them (surveys imports transparency, not the other way; its test holds these to its own lists).
 */
export const experienceQuestions = ["understood", "enoughTime", "freeToDecline", "clear"] as const;
export const experienceBands = ["agree", "neither", "disagree"] as const;
/**
 * The participant panel's make-up against the cohort's (issue 59 item 3; ADR 151): two populations, each its own
 * column — the members seated at the month's end, and the participants whose consent was in force then — by programme
 * area, region and age band. Each is a table of questions (a total per column, none across: a member may also be a
 * participant, and the two are not one population).
 */
export const populations = ["panel", "cohort"] as const;
export const makeupAreas = ["cancer", "rare_disease", "other"] as const;
/** The cohort's bands; the panel's members are adults, so its first is "<10" always. */
export const makeupAgeBands = ["under_18", "18_39", "40_59", "60_74", "75_plus"] as const;
/** A median of fewer answers than this is not published: it would be a few askers' own waits. */
export const ANSWER_TIME_MINIMUM = 10;
/** The programme's goal for the share of cases registered in studies (002_…, A班②: "全体の50%以上の症例"). */
export const STUDY_REGISTRATION_TARGET = 0.5;

// ---------------------------------------------------------------------------------------------------------------
// Tables.

/** Grouped counts keyed by row and column, each with the sum of its records' keys. */
class Counts {
  private readonly values = new Map<string, { count: number; key: number }>();
  add(row: string, column: string, count: number, keySum: bigint | number = 0): void {
    const at = `${row}\u0000${column}`;
    const value = this.values.get(at) ?? { count: 0, key: 0 };
    value.count += count;
    // Kept within 2^32 as it grows: a key is read modulo 2^32.
    value.key = (value.key + Number(BigInt(keySum) % 4_294_967_296n)) % 4_294_967_296;
    this.values.set(at, value);
  }
  get(row: string, column: string): number {
    return this.values.get(`${row}\u0000${column}`)?.count ?? 0;
  }
  key(row: string, column: string): number {
    return this.values.get(`${row}\u0000${column}`)?.key ?? 0;
  }
}

/**
 * Through disclosure control. A table with no rows or no columns (no complete month yet, no major version yet) has
 * nothing to protect and cannot be given to `protectTable`: it is published empty, its total "<10" (it is 0).
 * `keys` overrides the counts' own keys (a tally without records, keyed by position).
 */
export function publishCounts(
  rows: readonly string[],
  columns: readonly string[],
  counts: { get(row: string, column: string): number; key(row: string, column: string): number },
  options: { shape?: "crosstab" | "questions"; keys?: (row: string, column: string) => number } = {},
): PublishedTable {
  if (rows.length === 0 || columns.length === 0) {
    return { rows: [...rows], columns: [...columns], cells: rows.map(() => []), rowTotals: null, columnTotals: null, total: options.shape === "questions" ? null : { kind: "small" } };
  }
  const keyOf = options.keys ?? ((row: string, column: string) => counts.key(row, column));
  return protectTable({
    rows,
    columns,
    cells: rows.map((row) => columns.map((column) => counts.get(row, column))),
    keys: rows.map((row) => columns.map((column) => keyOf(row, column))),
    shape: options.shape,
  });
}

/** A table published as it is, without protection: what the public already reads one by one elsewhere (the release log). */
export function publishExactly(rows: readonly string[], columns: readonly string[], counts: { get(row: string, column: string): number }): PublishedTable {
  const cells = rows.map((row) => columns.map((column) => counts.get(row, column)));
  const exact = (value: number) => ({ kind: "count" as const, value });
  const margins = rows.length > 1 && columns.length > 1;
  return {
    rows: [...rows],
    columns: [...columns],
    cells: cells.map((values) => values.map(exact)),
    rowTotals: margins ? cells.map((values) => exact(values.reduce((sum, value) => sum + value, 0))) : null,
    columnTotals: margins ? columns.map((_, column) => exact(cells.reduce((sum, values) => sum + values[column]!, 0))) : null,
    total: exact(cells.flat().reduce((sum, value) => sum + value, 0)),
  };
}

function figure(
  id: FigureId,
  unit: Figure["unit"],
  rowDimension: Dimension,
  columnDimension: Dimension,
  chart: Figure["chart"],
  table: PublishedTable,
  disclosure: Figure["disclosure"] = "protected",
  target?: Figure["target"],
): Figure {
  return { id, unit, rowDimension, columnDimension, chart, table, disclosure, ...(target ? { target } : {}) };
}

// ---------------------------------------------------------------------------------------------------------------
// The reads. Months are grouped by date_trunc first and written as text once per group.

interface MonthRow {
  month: string;
}

interface Keyed {
  count: number;
  /** The sum of the records' keys (record-keys.server.ts). */
  keySum: bigint;
}

/**
 * Each participant's last grant, re-consent, transfer or withdrawal before `before`: those whose is not a withdrawal were
 * in force then. One definition for every figure that counts the people in force at a month's end (the consent choices,
 * study registration, the cohort beside the panel), so they count the same people and publish the same totals.
 */
function standingAt(before: Date): Prisma.Sql {
  return Prisma.sql`
      SELECT DISTINCT ON ("participantId") "participantId", "type"
        FROM "ConsentEvent"
       WHERE "occurredAt" < ${before}::timestamptz AND "type" IN ('granted', 'reconsented', 'proxy_granted', 'transferred_at_majority', 'withdrawn')
       ORDER BY "participantId", "participantSeq" DESC`;
}

async function enrolmentCounts(db: SnapshotReader, before: Date) {
  // Enrolled = gave consent to take part: the month of a participant's first grant (their own or a proxy's).
  return db.$queryRaw<(MonthRow & Keyed & { area: string | null })[]>`
    SELECT to_char(g."month", 'YYYY-MM') AS "month", g."area", g."count", g."keySum"
      FROM (SELECT date_trunc('month', f."firstAt" AT TIME ZONE 'Asia/Tokyo') AS "month", p."programmeArea"::text AS "area", count(*)::int AS "count",
                   ${recordKeySum(Prisma.sql`p."id"`)} AS "keySum"
              FROM (SELECT "participantId", min("occurredAt") AS "firstAt" FROM "ConsentEvent"
                     WHERE "type" IN ('granted', 'proxy_granted') GROUP BY "participantId") f
              JOIN "Participant" p ON p."id" = f."participantId"
             WHERE f."firstAt" < ${before}::timestamptz
             GROUP BY 1, 2) g`;
}

async function choiceCounts(db: SnapshotReader, choices: readonly ChoiceId[], before: Date) {
  // Whoever's consent was in force at the end of the last complete month: granted and not withdrawn since (someone
  // awaiting re-consent included: their choices stand meanwhile, and leaving them out would make a major version look
  // like a change of heart), with the choices of their last grant or change before then — the projection's own fold
  // (consent-projection.ts), read from the ledger as it stood, so a later refresh in the month changes nothing.
  return db.$queryRaw<(Keyed & { choice: string; answer: string })[]>`
    WITH standing AS (${standingAt(before)}), chosen AS (
      SELECT DISTINCT ON ("participantId") "participantId", "choices"
        FROM "ConsentEvent"
       WHERE "occurredAt" < ${before}::timestamptz AND "type" IN ('granted', 'reconsented', 'proxy_granted', 'transferred_at_majority', 'choices_changed')
       ORDER BY "participantId", "participantSeq" DESC
    )
    SELECT c."key" AS "choice", c."value" AS "answer", count(*)::int AS "count", ${recordKeySum(Prisma.sql`h."participantId"`)} AS "keySum"
      FROM chosen h
      JOIN standing s ON s."participantId" = h."participantId" AND s."type" <> 'withdrawn',
           jsonb_each_text(h."choices") AS c("key", "value")
     WHERE c."key" = ANY(${[...choices]}::text[])
     GROUP BY 1, 2`;
}

async function withdrawalCounts(db: SnapshotReader, before: Date) {
  // A withdrawal without a level on record is read as decideAction reads it: no further use.
  // One record per participant, month and level (as count(DISTINCT) counted them), so each is keyed once.
  return db.$queryRaw<(MonthRow & Keyed & { level: string })[]>`
    SELECT to_char(g."month", 'YYYY-MM') AS "month", g."level", count(*)::int AS "count", ${recordKeySum(Prisma.sql`g."participantId"`)} AS "keySum"
      FROM (SELECT DISTINCT date_trunc('month', "occurredAt" AT TIME ZONE 'Asia/Tokyo') AS "month",
                   COALESCE("withdrawalLevel"::text, 'no_further_use') AS "level", "participantId"
              FROM "ConsentEvent"
             WHERE "type" = 'withdrawn' AND "occurredAt" < ${before}::timestamptz) g
     GROUP BY g."month", g."level"`;
}

async function reconsentCounts(db: SnapshotReader, before: Date) {
  // Each participant asked to re-consent to a major version: re-consented if their next signature came before any
  // withdrawal, withdrew if a withdrawal came first, pending while neither has happened — as it stood at the end of
  // the last complete month.
  return db.$queryRaw<(Keyed & { formVersionId: string; formKey: string; version: string; state: string })[]>`
    WITH asked AS (
      SELECT DISTINCT ON (e."participantId", e."detail" ->> 'pendingFormVersionId')
             e."participantId", e."detail" ->> 'pendingFormVersionId' AS "formVersionId", e."participantSeq"
        FROM "ConsentEvent" e
       WHERE e."type" = 'reconsent_requested' AND e."detail" ? 'pendingFormVersionId' AND e."occurredAt" < ${before}::timestamptz
       ORDER BY e."participantId", e."detail" ->> 'pendingFormVersionId', e."participantSeq"
    ), answered AS (
      SELECT a."formVersionId", a."participantId",
             min(l."participantSeq") FILTER (WHERE l."type" IN ('granted', 'reconsented', 'proxy_granted', 'transferred_at_majority')) AS "signedAt",
             min(l."participantSeq") FILTER (WHERE l."type" = 'withdrawn') AS "withdrewAt"
        FROM asked a
        LEFT JOIN "ConsentEvent" l ON l."participantId" = a."participantId" AND l."participantSeq" > a."participantSeq" AND l."occurredAt" < ${before}::timestamptz
       GROUP BY 1, 2
    )
    SELECT v."id"::text AS "formVersionId", v."formKey", v."version",
           CASE WHEN n."signedAt" IS NOT NULL AND (n."withdrewAt" IS NULL OR n."signedAt" < n."withdrewAt") THEN 'reconsented'
                WHEN n."withdrewAt" IS NOT NULL THEN 'withdrew'
                ELSE 'pending' END AS "state",
           count(*)::int AS "count", ${recordKeySum(Prisma.sql`n."participantId"`)} AS "keySum"
      FROM answered n
      JOIN "ConsentFormVersion" v ON v."id"::text = n."formVersionId" AND v."kind" = 'major'
     GROUP BY 1, 2, 3, 4, v."publishedAt"
     ORDER BY v."publishedAt", v."version"`;
}

async function decisionCounts(db: SnapshotReader, before: Date) {
  // The monthly roll-ups of closed partitions, the summaries of retired months and the raw rows of the partitions
  // still open (ADR 072): the same counts as bridge_export.decision_tally's, without reading every decision ever logged.
  return db.$queryRaw<(MonthRow & { action: string | null; allowed: boolean; reason: string; count: number })[]>`
    SELECT "month_jst" AS "month", "action", "allowed", "reason", sum("decisions")::int AS "count"
      FROM bridge_export.decision_month_counts(${before}::timestamptz)
     GROUP BY 1, 2, 3, 4`;
}

async function releaseCounts(db: SnapshotReader, before: Date) {
  return db.$queryRaw<(MonthRow & { recipient: string; count: number })[]>`
    SELECT to_char(g."month", 'YYYY-MM') AS "month", g."recipient", g."count"
      FROM (SELECT date_trunc('month', "created_at" AT TIME ZONE 'Asia/Tokyo') AS "month", "recipient", count(*)::int AS "count"
              FROM bridge_export.release
             WHERE "created_at" < ${before}::timestamptz
             GROUP BY 1, 2) g`;
}

async function findingOutcomeCounts(db: SnapshotReader, before: Date) {
  // Returned = the counsellor recorded the disclosure (in that month); the other outcomes are cases closed without
  // one, by the reason recorded. A case reopened and closed again counts once per month and outcome.
  return db.$queryRaw<(MonthRow & Keyed & { outcome: string })[]>`
    SELECT to_char(g."month", 'YYYY-MM') AS "month", g."outcome", count(*)::int AS "count", ${recordKeySum(Prisma.sql`g."findingId"`)} AS "keySum"
      FROM (SELECT DISTINCT date_trunc('month', "at" AT TIME ZONE 'Asia/Tokyo') AS "month",
                   CASE WHEN "type" = 'disclosure_recorded' THEN 'disclosed' ELSE COALESCE("payload" ->> 'reason', 'other') END AS "outcome",
                   "findingId"
              FROM "FindingCaseEvent"
             WHERE "at" < ${before}::timestamptz
               AND ("type" = 'disclosure_recorded' OR ("type" = 'closed' AND COALESCE("payload" ->> 'reason', 'other') <> 'disclosed'))) g
     GROUP BY g."month", g."outcome"`;
}

async function recontactCounts(db: SnapshotReader, before: Date) {
  // Messages sent (an e-mail with its link, a printed letter), by the month the campaign was sent, and whether each
  // had been answered by the end of the last complete month: answers arriving later move the figure only when the
  // next month completes, never between two refreshes of one month.
  return db.$queryRaw<(MonthRow & { response: "responded" | "no_response"; count: number; keySum: bigint })[]>`
    SELECT to_char(date_trunc('month', c."sentAt" AT TIME ZONE 'Asia/Tokyo'), 'YYYY-MM') AS "month",
           CASE WHEN d."answer" IS NOT NULL AND d."answeredAt" < ${before}::timestamptz THEN 'responded' ELSE 'no_response' END AS "response",
           count(*)::int AS "count", ${recordKeySum(Prisma.sql`d."id"`)} AS "keySum"
      FROM "RecontactDelivery" d
      JOIN "RecontactCampaign" c ON c."id" = d."campaignId"
     WHERE c."sentAt" < ${before}::timestamptz AND (d."responseTokenHash" IS NOT NULL OR d."answer" IS NOT NULL)
     GROUP BY 1, 2`;
}

async function studyRegistrationCounts(db: SnapshotReader, before: Date) {
  // Cases as they stood at the end of the last complete month: every participant whose consent was in force (granted,
  // not withdrawn since), by the arm they joined, and whether by then they had said yes to a study that invited them
  // (a handover of their details to the study's team, ADR 138) — registered in a study, as far as the platform knows.
  return db.$queryRaw<(Keyed & { area: string | null; state: "registered" | "not_registered" })[]>`
    WITH standing AS (${standingAt(before)})
    SELECT p."programmeArea"::text AS "area",
           CASE WHEN EXISTS (SELECT 1 FROM "StudyHandover" h WHERE h."participantId" = p."id" AND h."handedOverAt" < ${before}::timestamptz)
                THEN 'registered' ELSE 'not_registered' END AS "state",
           count(*)::int AS "count", ${recordKeySum(Prisma.sql`p."id"`)} AS "keySum"
      FROM standing s JOIN "Participant" p ON p."id" = s."participantId"
     WHERE s."type" <> 'withdrawn'
     GROUP BY 1, 2`;
}

async function enquiryOutcomeCounts(db: SnapshotReader, before: Date) {
  // By the month a question was answered or closed (answeredAt holds either): a complete month's count never changes,
  // as the other series' (ADR 044). In time = by the due day the asker was given (ADR 145).
  return db.$queryRaw<(MonthRow & Keyed & { outcome: string })[]>`
    SELECT to_char(date_trunc('month', "answeredAt" AT TIME ZONE 'Asia/Tokyo'), 'YYYY-MM') AS "month",
           CASE WHEN "state" = 'closed' THEN 'closed' WHEN "answeredAt" <= "dueAt" THEN 'answered_in_time' ELSE 'answered_late' END AS "outcome",
           count(*)::int AS "count", ${recordKeySum(Prisma.sql`"id"`)} AS "keySum"
      FROM "Enquiry"
     WHERE "state" <> 'received' AND "answeredAt" < ${before}::timestamptz
     GROUP BY 1, 2`;
}

async function enquiryAnswerMedians(db: SnapshotReader, before: Date, lastYearFrom: Date) {
  // Medians in PostgreSQL (percentile_cont), per month answered and over the last twelve; answered questions only.
  return db.$queryRaw<{ month: string | null; answered: number; medianSeconds: number | null }[]>`
    SELECT to_char(date_trunc('month', "answeredAt" AT TIME ZONE 'Asia/Tokyo'), 'YYYY-MM') AS "month", count(*)::int AS "answered",
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "answeredAt" - "receivedAt"))::float8 AS "medianSeconds"
      FROM "Enquiry"
     WHERE "state" = 'answered' AND "answeredAt" < ${before}::timestamptz
     GROUP BY 1
    UNION ALL
    SELECT NULL, count(*)::int, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "answeredAt" - "receivedAt"))::float8
      FROM "Enquiry"
     WHERE "state" = 'answered' AND "answeredAt" >= ${lastYearFrom}::timestamptz AND "answeredAt" < ${before}::timestamptz`;
}

async function experienceCounts(db: SnapshotReader, before: Date) {
  // Every survey answered before the month began, at the facility where the person signed (ADR 150): counts that stand
  // as at the end of the last complete month, as the consent choices do, so a refresh within a month changes nothing.
  // A facility is a column once anyone who signed there was asked, answered or not: whether anyone answered is not
  // told by a column's being there.
  return db.$queryRaw<(Keyed & { code: string; nameJa: string; nameEn: string; question: string | null; band: string | null })[]>`
    SELECT f."code", f."nameJa", f."nameEn", q."question", q."band", count(q."id")::int AS "count", ${recordKeySum(Prisma.sql`q."id"`)} AS "keySum"
      FROM "Facility" f
      JOIN (SELECT DISTINCT "facilityId" FROM "ConsentSurvey" WHERE "invitedAt" < ${before}::timestamptz) asked ON asked."facilityId" = f."id"
      LEFT JOIN (SELECT s."id", s."facilityId", x."question",
                        CASE WHEN x."score" >= 4 THEN 'agree' WHEN x."score" = 3 THEN 'neither' ELSE 'disagree' END AS "band"
                   FROM "ConsentSurvey" s,
                        LATERAL (VALUES ('understood', s."understood"), ('enoughTime', s."enoughTime"), ('freeToDecline', s."freeToDecline"), ('clear', s."clear")) AS x("question", "score")
                  WHERE s."answeredAt" < ${before}::timestamptz) q ON q."facilityId" = f."id"
     GROUP BY 1, 2, 3, 4, 5
     ORDER BY 1`;
}

async function panelMakeupCounts(db: SnapshotReader, before: Date) {
  // Members seated before the month began and not gone by then (ADR 151), by what they told us when applying.
  return db.$queryRaw<(Keyed & { area: string; prefecture: string; ageBand: string })[]>`
    SELECT "diseaseArea" AS "area", "prefecture", "ageBand", count(*)::int AS "count", ${recordKeySum(Prisma.sql`"id"`)} AS "keySum"
      FROM "PanelApplication"
     WHERE "seatedAt" < ${before}::timestamptz AND ("leftAt" IS NULL OR "leftAt" >= ${before}::timestamptz)
     GROUP BY 1, 2, 3`;
}

async function cohortMakeupCounts(db: SnapshotReader, before: Date) {
  // Everyone whose consent was in force at the month's end (the consent choices' own population, so the same records and
  // the same published total), by programme area, their facility's prefecture, and their age that day in Japan.
  return db.$queryRaw<(Keyed & { area: string | null; prefecture: string | null; ageBand: string })[]>`
    WITH standing AS (${standingAt(before)}), aged AS (
      SELECT p."id", p."programmeArea"::text AS "area", f."prefecture",
             extract(year FROM age((${before}::timestamptz AT TIME ZONE 'Asia/Tokyo')::date, i."dateOfBirth"))::int AS "years"
        FROM standing s
        JOIN "Participant" p ON p."id" = s."participantId"
        JOIN "Facility" f ON f."id" = p."facilityId"
        LEFT JOIN "ParticipantIdentity" i ON i."participantId" = p."id" AND i."erasedAt" IS NULL
       WHERE s."type" <> 'withdrawn'
    )
    SELECT "area", "prefecture",
           CASE WHEN "years" IS NULL THEN 'not_recorded' WHEN "years" < 18 THEN 'under_18' WHEN "years" < 40 THEN '18_39'
                WHEN "years" < 60 THEN '40_59' WHEN "years" < 75 THEN '60_74' ELSE '75_plus' END AS "ageBand",
           count(*)::int AS "count", ${recordKeySum(Prisma.sql`"id"`)} AS "keySum"
      FROM aged
     GROUP BY 1, 2, 3`;
}

/** Days to one decimal, or null under the minimum. */
function medianDays(answered: number, seconds: number | null): number | null {
  if (answered < ANSWER_TIME_MINIMUM || seconds === null) return null;
  return Math.round((seconds / 86_400) * 10) / 10;
}

async function releaseLogRows(db: SnapshotReader, now: Date) {
  return db.$queryRaw<
    { id: string; createdAt: Date; datasetId: string; recipient: string; manifestSha256: string; included: number; excluded: number; reference: string | null }[]
  >`
    SELECT r."id"::text AS "id", r."created_at" AS "createdAt", r."dataset_id" AS "datasetId", r."recipient", r."manifest_sha256" AS "manifestSha256",
           COALESCE(r."included_count", 0) AS "included",
           COALESCE((SELECT sum(x."value"::int) FROM jsonb_each_text(r."excluded_counts") AS x("key", "value")), 0)::int AS "excluded",
           a."reference"
      FROM bridge_export.release r
      LEFT JOIN "DataAccessApproval" p ON p."id" = r."approval_id"
      LEFT JOIN "DataAccessApplication" a ON a."id" = p."applicationId"
     WHERE r."created_at" <= ${now}::timestamptz
     ORDER BY r."created_at" DESC, r."id" DESC`;
}

async function registerApprovals(db: SnapshotReader) {
  // The register's own selection (list-register-entries): approvals of approved applications, by an approving decision.
  return db.$queryRaw<{ status: string; startsAt: Date; endsAt: Date; count: number }[]>`
    SELECT p."status"::text AS "status", p."startsAt", p."endsAt", count(*)::int AS "count"
      FROM "DataAccessApproval" p
      JOIN "DataAccessApplication" a ON a."id" = p."applicationId" AND a."state" = 'approved'
      JOIN "ApplicationDecision" d ON d."id" = p."decisionId" AND d."outcome" = 'approved'
     GROUP BY 1, 2, 3`;
}

// ---------------------------------------------------------------------------------------------------------------

/** A released or excluded sample count as the log publishes it: a table of one cell, keyed by the release and the side. */
function publishOne(count: number, releaseId: string, side: "released" | "excluded") {
  return protectTable({ rows: ["samples"], columns: ["count"], cells: [[count]], keys: [[positionKey("release-log", releaseId, side)]] }).cells[0]![0]!;
}

/**
 * The snapshot's content at `now`, read in a read-only REPEATABLE READ transaction of its own, so every figure sees
 * the same moment. A refresh, which also reads the chain head, reads both in its own with `readSnapshotContent`.
 */
export async function computeSnapshotContent(now: Date, db: Database = getDatabase()): Promise<SnapshotContent> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SET TRANSACTION READ ONLY`;
    return readSnapshotContent(tx, now);
  }, SNAPSHOT_TRANSACTION);
}

/** The snapshot's content at `now`, read in the caller's transaction (which should be REPEATABLE READ). */
export async function readSnapshotContent(db: Transaction, now: Date): Promise<SnapshotContent> {
  const currentMonth = tokyoMonthOf(now);
  const throughMonth = addMonths(currentMonth, -1);
  const before = tokyoMonthStart(currentMonth);

  const enrolments = await enrolmentCounts(db, before);
  const choices = await choiceCounts(db, [...sharingChoiceIds, ...findingsChoiceIds], before);
  const withdrawals = await withdrawalCounts(db, before);
  const reconsent = await reconsentCounts(db, before);
  const decisions = await decisionCounts(db, before);
  const releases = await releaseCounts(db, before);
  const findings = await findingOutcomeCounts(db, before);
  const recontact = await recontactCounts(db, before);
  const registration = await studyRegistrationCounts(db, before);
  const log = await releaseLogRows(db, now);
  const approvals = await registerApprovals(db);
  const enquiries = await enquiryOutcomeCounts(db, before);
  const answerMedians = await enquiryAnswerMedians(db, before, tokyoMonthStart(addMonths(throughMonth, -11)));
  const experience = await experienceCounts(db, before);
  const panelMakeup = await panelMakeupCounts(db, before);
  const cohortMakeup = await cohortMakeupCounts(db, before);

  // Every time series shares one set of columns: from the programme's first month with anything to count.
  let firstMonth: string | null = null;
  for (const series of [enrolments, withdrawals, decisions, releases, findings, recontact, enquiries] as MonthRow[][]) {
    for (const { month } of series) if (firstMonth === null || month < firstMonth) firstMonth = month;
  }
  const months = firstMonth === null ? [] : monthRange(firstMonth, throughMonth);

  const enrolmentTable = new Counts();
  let unrecorded = false;
  for (const row of enrolments) {
    const cohort = row.area ?? "not_recorded";
    if (cohort === "not_recorded") unrecorded = true;
    enrolmentTable.add(cohort, row.month, row.count, row.keySum);
  }
  // Participants enrolled before the arm was recorded are a row of their own only where there are any: a row of
  // zeros would be "<10" in every month and force a cell in every column to be withheld with it.
  const cohorts = unrecorded ? [...cohortKeys] : [...programmeAreas];

  const choiceTable = new Counts();
  for (const row of choices) choiceTable.add(row.answer, row.choice, row.count, row.keySum);

  const withdrawalTable = new Counts();
  for (const row of withdrawals) withdrawalTable.add(row.level, row.month, row.count, row.keySum);

  // A version's row key is its label; with several forms, the form's key before it.
  const reconsentTable = new Counts();
  const versionKeys: string[] = [];
  const formKeys = new Set(reconsent.map((row) => row.formKey));
  for (const row of reconsent) {
    const key = formKeys.size > 1 ? `${row.formKey} ${row.version}` : row.version;
    if (!versionKeys.includes(key)) versionKeys.push(key);
    reconsentTable.add(row.state, key, row.count, row.keySum);
  }

  // Which decision rows exist follows the log: a fixed row for every action and reason group would be mostly
  // zeros, "<10" in every month, each forcing another cell of its column to be withheld.
  const decisionTable = new Counts();
  const decisionRows = new Set<string>();
  for (const row of decisions) {
    const key = decisionRowKey(row.action, row.allowed, row.reason);
    decisionRows.add(key);
    decisionTable.add(key, row.month, row.count);
  }

  const releaseTable = new Counts();
  for (const row of releases) releaseTable.add(row.recipient, row.month, row.count);

  const findingTable = new Counts();
  for (const row of findings) findingTable.add((findingOutcomes as readonly string[]).includes(row.outcome) ? row.outcome : "other", row.month, row.count, row.keySum);

  const recontactTable = new Counts();
  for (const row of recontact) recontactTable.add(row.response, row.month, row.count, row.keySum);

  const registrationTable = new Counts();
  let registrationUnrecorded = false;
  for (const row of registration) {
    const cohort = row.area ?? "not_recorded";
    if (cohort === "not_recorded") registrationUnrecorded = true;
    registrationTable.add(row.state, cohort, row.count, row.keySum);
  }

  const enquiryTable = new Counts();
  for (const row of enquiries) enquiryTable.add(row.outcome, row.month, row.count, row.keySum);
  const monthlyMedians = new Map(answerMedians.filter((row) => row.month !== null).map((row) => [row.month!, medianDays(row.answered, row.medianSeconds)]));
  const lastYear = answerMedians.find((row) => row.month === null);
  const enquiryAnswerTimes = {
    months: months.map((month) => ({ month, medianDays: monthlyMedians.get(month) ?? null })),
    lastTwelveMonths: lastYear ? medianDays(lastYear.answered, lastYear.medianSeconds) : null,
  };

  // One column per facility and statement, `<code>:<question>`: a table of questions (ADR 044), each column asked of
  // the same people — a total per column (those who answered there), none across.
  const experienceTable = new Counts();
  const facilityNames: Record<string, { ja: string; en: string }> = {};
  for (const row of experience) {
    facilityNames[row.code] = { ja: row.nameJa, en: row.nameEn };
    if (row.question !== null && row.band !== null) experienceTable.add(row.band, `${row.code}:${row.question}`, row.count, row.keySum);
  }
  const experienceColumns = Object.keys(facilityNames).flatMap((code) => experienceQuestions.map((question) => `${code}:${question}`));
  const experienceFigure: Figure = {
    ...figure("consent-experience", "answers", "surveyBand", "facilityQuestion", "stacked-bars", publishCounts(experienceBands, experienceColumns, experienceTable, { shape: "questions" })),
    keyNames: facilityNames,
  };

  // The panel against the cohort: one table per way of counting, a column per population. Regions are worked out
  // here from the prefectures grouped in PostgreSQL (one definition of the regions: the kernel's); a row for what was
  // not recorded only where anything was not.
  const makeupArea = new Counts();
  const makeupRegion = new Counts();
  const makeupAge = new Counts();
  const makeupRows = { region: false, age: false };
  const addMakeup = (population: (typeof populations)[number], row: { area: string | null; prefecture: string | null; ageBand: string; count: number; keySum: bigint }) => {
    makeupArea.add(row.area === "cancer" || row.area === "rare_disease" ? row.area : "other", population, row.count, row.keySum);
    const region = row.prefecture === null ? null : regionOf(row.prefecture);
    if (region === null) makeupRows.region = true;
    makeupRegion.add(region ?? "not_recorded", population, row.count, row.keySum);
    if (row.ageBand === "not_recorded") makeupRows.age = true;
    makeupAge.add(row.ageBand, population, row.count, row.keySum);
  };
  for (const row of panelMakeup) addMakeup("panel", row);
  for (const row of cohortMakeup) addMakeup("cohort", row);
  const makeupFigure = (id: FigureId, rowDimension: Dimension, rows: readonly string[], counts: Counts) =>
    figure(id, "participants", rowDimension, "population", "grouped-bars", publishCounts(rows, populations, counts, { shape: "questions" }));

  const figures: Figure[] = [
    figure("enrolments", "participants", "cohort", "month", "lines", publishCounts(cohorts, months, enrolmentTable)),
    // Questions asked of the same people: a total per question and none across them (ADR 044, issue 27).
    figure("consent-choices", "participants", "answer", "choice", "stacked-bars", publishCounts(["yes", "no"], sharingChoiceIds, choiceTable, { shape: "questions" })),
    figure("findings-preferences", "participants", "answer", "choice", "stacked-bars", publishCounts(findingsAnswers, findingsChoiceIds, choiceTable, { shape: "questions" })),
    figure("withdrawals", "participants", "withdrawalLevel", "month", "stacked-bars", publishCounts(withdrawalLevels, months, withdrawalTable)),
    figure("reconsent", "participants", "reconsentState", "version", "stacked-bars", publishCounts(reconsentStates, versionKeys, reconsentTable)),
    figure(
      "bridge-decisions",
      "decisions",
      "decision",
      "month",
      "lines",
      publishCounts([...decisionRows].sort((a, b) => decisionRowOrder(a) - decisionRowOrder(b) || a.localeCompare(b)), months, decisionTable, { keys: (row, month) => positionKey("bridge-decisions", row, month) }),
    ),
    // Every release is listed one by one in the public log below: counting them is no secret (issue 27).
    figure("releases", "releases", "recipient", "month", "stacked-bars", publishExactly(recipients, months, releaseTable), "public"),
    figure("findings-returned", "findings", "findingOutcome", "month", "stacked-bars", publishCounts(findingOutcomes, months, findingTable)),
    figure("recontact-responses", "letters", "response", "month", "stacked-bars", publishCounts(recontactResponses, months, recontactTable)),
    figure(
      "study-registration",
      "participants",
      "registration",
      "cohort",
      "stacked-bars",
      publishCounts(registrationStates, registrationUnrecorded ? [...cohortKeys] : [...programmeAreas], registrationTable),
      "protected",
      { row: "registered", share: STUDY_REGISTRATION_TARGET },
    ),
    figure("enquiries", "questions", "enquiryOutcome", "month", "stacked-bars", publishCounts(enquiryOutcomes, months, enquiryTable)),
    experienceFigure,
    makeupFigure("panel-makeup-area", "programmeArea", makeupAreas, makeupArea),
    makeupFigure("panel-makeup-region", "region", makeupRows.region ? [...regions, "not_recorded"] : regions, makeupRegion),
    makeupFigure("panel-makeup-age", "ageBand", makeupRows.age ? [...makeupAgeBands, "not_recorded"] : makeupAgeBands, makeupAge),
  ];

  const releaseLog: ReleaseLogEntry[] = log.map((row) => ({
    releaseId: row.id,
    createdAt: new Date(row.createdAt).toISOString(),
    approvalReference: row.reference,
    datasetId: row.datasetId,
    recipient: row.recipient,
    released: publishOne(row.included, row.id, "released"),
    excluded: publishOne(row.excluded, row.id, "excluded"),
    manifestSha256: row.manifestSha256,
  }));

  const approvedUses = Object.fromEntries(registerStatuses.map((status) => [status, 0])) as Record<RegisterStatus, number>;
  for (const row of approvals) approvedUses[registerStatus({ status: row.status, startsAt: new Date(row.startsAt), endsAt: new Date(row.endsAt) }, now)] += row.count;

  // Parsed before it is returned: what is stored must read back with the schema every reader uses.
  return SnapshotContentSchema.parse({ version: 1, throughMonth, figures, releaseLog, approvedUses, enquiryAnswerTimes });
}
