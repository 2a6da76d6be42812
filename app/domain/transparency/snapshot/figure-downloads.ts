import { stringify } from "csv-stringify/sync";
import { describeDisclosureControl, publishedCountJson, type PublishedCount } from "../disclosure/disclosure-control";
import type { ChainHead, Dimension, Figure, SnapshotContent } from "./snapshot-figures";

/**
 * A figure and the release log as files for machines (issue 16 item 1; ADR 045): CSV and JSON, each carrying the
 * time the snapshot was computed and the published checkpoint then, so a number quoted from a download can be traced to
 * one snapshot and checked against the published checkpoints. Pure: the counts are the snapshot's, already through
 * disclosure control (ADR 044) — a count is written as its number, "<10" or "withheld", never anything else.
 */

/** What a download says of the snapshot it comes from (a TransparencySnapshotView has all of it). */
export interface SnapshotMeta {
  id: string;
  computedAt: Date;
  chainHead: ChainHead;
  content?: Pick<SnapshotContent, "throughMonth">;
}

/** A row or column key in words, for a reader's own language (optional in the CSV). */
export type DimensionLabels = (dimension: Dimension, key: string) => string;

/** The snapshot's columns, repeated on every CSV row so each row stands on its own when filtered or pasted. */
export const snapshotCsvColumns = ["snapshot_id", "computed_at", "through_month", "checkpoint_seq"] as const;

// The published checkpoint's number only: no ledger position or audit id, which would count consent events beside
// figures that hide hourly change (issue 54 item 3).
function snapshotCells(meta: SnapshotMeta): string[] {
  return [meta.id, meta.computedAt.toISOString(), meta.content?.throughMonth ?? "", meta.chainHead.checkpointSeq ?? ""];
}

function snapshotJson(meta: SnapshotMeta) {
  return {
    snapshotId: meta.id,
    computedAt: meta.computedAt.toISOString(),
    throughMonth: meta.content?.throughMonth ?? null,
    chainHead: { checkpointSeq: meta.chainHead.checkpointSeq },
  };
}

/** How the counts were protected, in every JSON download (the pages say the same in words). */
const disclosureControl = describeDisclosureControl("Figures stand as at the end of the last complete month and do not change until the next one completes.");
/** A figure whose counts the public already reads one by one (every release is in the log): published exactly. */
const publicDisclosure = { method: "none: every item counted is listed in the public release log", note: "Exact counts: each release is listed in the public release log." };

/** A count in a CSV cell: the number, or its label; empty where the table has no such total (a table of questions). */
function csvCount(count: PublishedCount | null): number | string {
  return count === null ? "" : publishedCountJson(count);
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or return) as a formula (OWASP "CSV injection"); text
 * that came from outside the app (a dataset id a client sent the bridge) is written with a leading apostrophe.
 */
function spreadsheetSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csv(records: (string | number)[][]): string {
  // A byte-order mark first: without it, spreadsheet programs in Japan open UTF-8 as Shift_JIS.
  return `\uFEFF${stringify(records, { eof: true, record_delimiter: "windows" })}`;
}

/**
 * The totals every row and column has, also where the table publishes none of its own: with one row the row's total
 * is the grand total, with one column each row's total is its cell (the same published quantity, the same value).
 * A table without columns or rows (nothing to count yet) totals "<10", as its own total does.
 */
function totalsOf(table: Figure["table"]): { rowTotals: (PublishedCount | null)[]; columnTotals: (PublishedCount | null)[] } {
  const empty = table.rows.length === 0 || table.columns.length === 0;
  const rowTotals = table.rowTotals ?? table.rows.map((_, row) => (empty ? { kind: "small" as const } : table.columns.length === 1 ? table.cells[row]![0]! : table.total));
  const columnTotals = table.columnTotals ?? table.columns.map((_, column) => (empty ? { kind: "small" as const } : table.rows.length === 1 ? table.cells[0]![column]! : table.total));
  return { rowTotals, columnTotals };
}

/**
 * One figure as CSV: a header, one line per row key with a cell per column key and the row's total, and a last line
 * `total` with the columns' totals and the grand total; then the figure's id and unit and the snapshot's columns on
 * every line. With `labels`, a `label` column gives each row key in words.
 */
export function figureCsv(figure: Figure, meta: SnapshotMeta, labels?: DimensionLabels): string {
  const { table } = figure;
  const { rowTotals, columnTotals } = totalsOf(table);
  const trailer = [figure.id, figure.unit, ...snapshotCells(meta)];
  const header = [figure.rowDimension, ...(labels ? ["label"] : []), ...table.columns, "total", "figure", "unit", ...snapshotCsvColumns];
  const lines: (string | number)[][] = [header];
  table.rows.forEach((row, index) => {
    lines.push([row, ...(labels ? [labels(figure.rowDimension, row)] : []), ...table.cells[index]!.map(csvCount), csvCount(rowTotals[index]!), ...trailer]);
  });
  lines.push(["total", ...(labels ? [""] : []), ...columnTotals.map(csvCount), csvCount(table.total), ...trailer]);
  return csv(lines);
}

/** One figure as JSON: the table as published (counts as numbers or labels), the snapshot and the rule applied. */
export function figureJson(figure: Figure, meta: SnapshotMeta) {
  const { table } = figure;
  return {
    figure: figure.id,
    unit: figure.unit,
    rowDimension: figure.rowDimension,
    columnDimension: figure.columnDimension,
    ...snapshotJson(meta),
    disclosureControl: figure.disclosure === "public" ? publicDisclosure : disclosureControl,
    rows: [...table.rows],
    columns: [...table.columns],
    cells: table.cells.map((cells) => cells.map(publishedCountJson)),
    rowTotals: table.rowTotals?.map(publishedCountJson) ?? null,
    columnTotals: table.columnTotals?.map(publishedCountJson) ?? null,
    total: table.total === null ? null : publishedCountJson(table.total),
  };
}

export const releaseLogCsvColumns = ["release_id", "created_at", "approval_reference", "dataset_id", "recipient", "samples_released", "samples_excluded", "manifest_sha256"] as const;

/** Every release as the public log shows it, newest first, with the snapshot's columns on every line. */
export function releaseLogCsv(snapshot: SnapshotMeta & { content: Pick<SnapshotContent, "releaseLog" | "throughMonth"> }): string {
  const trailer = snapshotCells(snapshot);
  return csv([
    [...releaseLogCsvColumns, ...snapshotCsvColumns],
    ...snapshot.content.releaseLog.map((entry) => [
      entry.releaseId,
      entry.createdAt,
      entry.approvalReference ?? "",
      spreadsheetSafe(entry.datasetId),
      spreadsheetSafe(entry.recipient),
      csvCount(entry.released),
      csvCount(entry.excluded),
      entry.manifestSha256,
      ...trailer,
    ]),
  ]);
}

/** The release log as JSON, with the snapshot and the rule applied to the sample counts. */
export function releaseLogJson(snapshot: SnapshotMeta & { content: Pick<SnapshotContent, "releaseLog" | "throughMonth"> }) {
  return {
    ...snapshotJson(snapshot),
    disclosureControl,
    releases: snapshot.content.releaseLog.map((entry) => ({
      releaseId: entry.releaseId,
      createdAt: entry.createdAt,
      approvalReference: entry.approvalReference,
      datasetId: entry.datasetId,
      recipient: entry.recipient,
      samplesReleased: publishedCountJson(entry.released),
      samplesExcluded: publishedCountJson(entry.excluded),
      manifestSha256: entry.manifestSha256,
    })),
  };
}
