import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { protectTable } from "../disclosure/disclosure-control";
import { figureCsv, figureJson, releaseLogCsv, releaseLogJson, type SnapshotMeta } from "./figure-downloads";
import { FigureSchema, ReleaseLogEntrySchema, type Figure, type ReleaseLogEntry } from "./snapshot-figures";

const meta: SnapshotMeta = {
  id: "4f1c1f57-3f0b-4d55-9d2e-6f2f0c3f4a10",
  computedAt: new Date("2026-11-23T10:00:00.000Z"),
  chainHead: { checkpointSeq: "12" },
  content: { throughMonth: "2026-10" },
};

function enrolments(cells: number[][], columns = ["2026-09", "2026-10"]): Figure {
  return FigureSchema.parse({
    id: "enrolments",
    unit: "participants",
    rowDimension: "cohort",
    columnDimension: "month",
    chart: "lines",
    // Cell keys of 0 everywhere: every perturbation is 0 (the key's two halves draw alike), so counts read as they are.
    table: protectTable({ rows: ["cancer", "rare_disease"].slice(0, cells.length), columns, cells, keys: cells.map((row) => row.map(() => 0)) }),
  });
}

function readCsv(text: string): string[][] {
  expect(text.startsWith("\uFEFF")).toBe(true);
  expect(text).toContain("\r\n");
  return parse(text, { bom: true }) as string[][];
}

describe("figureCsv", () => {
  it("writes rows × columns with totals, counts as perturbed numbers or <10 / withheld, and the snapshot on every line", () => {
    const lines = readCsv(figureCsv(enrolments([[23, 3], [41, 57]]), meta));
    expect(lines[0]).toEqual(["cohort", "2026-09", "2026-10", "total", "figure", "unit", "snapshot_id", "computed_at", "through_month", "checkpoint_seq"]);
    const [header, cancer, rare, total] = lines as [string[], string[], string[], string[]];
    const at = (line: string[], column: string) => line[header.indexOf(column)];
    expect(at(cancer, "cohort")).toBe("cancer");
    expect(at(cancer, "2026-10")).toBe("<10");
    // Keys of 0: both halves of the key draw alike, so the perturbation is 0 and the count is shown as it is.
    expect(["23", "withheld"]).toContain(at(cancer, "2026-09"));
    expect(at(rare, "2026-10")).not.toBe("57"); // perturbed or withheld, never the raw count
    expect(at(total, "cohort")).toBe("total");
    for (const line of [cancer, rare, total]) {
      expect(line.slice(header.indexOf("figure"))).toEqual(["enrolments", "participants", meta.id, "2026-11-23T10:00:00.000Z", "2026-10", "12"]);
      for (const column of ["2026-09", "2026-10", "total"]) expect(at(line, column)).toMatch(/^(\d+|<10|withheld)$/);
    }
  });

  it("adds each row's words when given labels, and fills totals a one-row table does not publish twice", () => {
    const figure = enrolments([[15, 40]]);
    expect(figure.table.rowTotals).toBeNull();
    const lines = readCsv(figureCsv(figure, meta, (dimension, key) => `${dimension}:${key}`));
    expect(lines[0]!.slice(0, 5)).toEqual(["cohort", "label", "2026-09", "2026-10", "total"]);
    expect(lines[1]!.slice(0, 5)).toEqual(["cancer", "cohort:cancer", "15", "40", "55"]);
    // With one row, each column's total is its cell and the row's total is the grand total.
    expect(lines[2]!.slice(0, 5)).toEqual(["total", "", "15", "40", "55"]);
  });

  it("writes a figure with no complete month yet as its rows and a total of <10", () => {
    const empty = FigureSchema.parse({
      ...enrolments([[1, 1]]),
      table: { rows: ["cancer", "rare_disease"], columns: [], cells: [[], []], rowTotals: null, columnTotals: null, total: { kind: "small" } },
    });
    const lines = readCsv(figureCsv(empty, meta));
    expect(lines.map((line) => line.slice(0, 2))).toEqual([
      ["cohort", "total"],
      ["cancer", "<10"],
      ["rare_disease", "<10"],
      ["total", "<10"],
    ]);
  });

  it("leaves the checkpoint empty before any checkpoint was published", () => {
    const lines = readCsv(figureCsv(enrolments([[15, 40]]), { ...meta, chainHead: { ...meta.chainHead, checkpointSeq: null } }));
    expect(lines[1]![lines[0]!.indexOf("checkpoint_seq")]).toBe("");
  });
});

describe("figureJson", () => {
  it("carries the table as published, the snapshot's time and chain head, and the rule", () => {
    const json = figureJson(enrolments([[23, 3], [41, 57]]), meta);
    expect(json).toMatchObject({
      figure: "enrolments",
      unit: "participants",
      rowDimension: "cohort",
      columnDimension: "month",
      snapshotId: meta.id,
      computedAt: "2026-11-23T10:00:00.000Z",
      throughMonth: "2026-10",
      chainHead: meta.chainHead,
      disclosureControl: { smallCountThreshold: 10, perturbation: { scale: 2, scaleShareOfCount: 0.02 }, smallCountLabel: "<10", withheldLabel: "withheld", method: expect.stringContaining("cell key") },
      rows: ["cancer", "rare_disease"],
      columns: ["2026-09", "2026-10"],
    });
    expect(json.cells[0]![1]).toBe("<10");
    for (const value of [...json.cells.flat(), ...(json.rowTotals ?? []), ...(json.columnTotals ?? []), json.total]) {
      expect(typeof value === "number" ? value >= 10 : value === "<10" || value === "withheld").toBe(true);
    }
    // What the JSON says is what a reader can parse back.
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe("the release log", () => {
  const entries: ReleaseLogEntry[] = [
    {
      releaseId: "8d0d2a47-2f44-4a52-8e0e-3b7b6f1d2c11",
      createdAt: "2026-11-20T03:00:00.000Z",
      approvalReference: "DA-2026-0005",
      datasetId: "wgs-cancer-2026",
      recipient: "academia",
      released: { kind: "small" },
      excluded: { kind: "count", value: 15 },
      manifestSha256: "c".repeat(64),
    },
    {
      releaseId: "0b6b1c55-0c1f-4a1e-9a3e-5d6c7e8f9a01",
      createdAt: "2026-10-02T03:00:00.000Z",
      approvalReference: null,
      datasetId: "=HYPERLINK(\"http://evil.example\")",
      recipient: "public",
      released: { kind: "count", value: 120 },
      excluded: { kind: "small" },
      manifestSha256: "d".repeat(64),
    },
  ].map((entry) => ReleaseLogEntrySchema.parse(entry));
  const snapshot = { ...meta, content: { throughMonth: "2026-10", releaseLog: entries } };

  it("CSV: every release, newest first, with the manifest hash, <10 for a small release and the snapshot on every line", () => {
    const lines = readCsv(releaseLogCsv(snapshot));
    expect(lines[0]).toEqual([
      "release_id",
      "created_at",
      "approval_reference",
      "dataset_id",
      "recipient",
      "samples_released",
      "samples_excluded",
      "manifest_sha256",
      "snapshot_id",
      "computed_at",
      "through_month",
      "checkpoint_seq",
    ]);
    expect(lines[1]!.slice(0, 8)).toEqual([entries[0]!.releaseId, "2026-11-20T03:00:00.000Z", "DA-2026-0005", "wgs-cancer-2026", "academia", "<10", "15", "c".repeat(64)]);
    expect(lines[2]!.slice(2, 8)).toEqual(["", "'=HYPERLINK(\"http://evil.example\")", "public", "120", "<10", "d".repeat(64)]);
    for (const line of lines.slice(1)) expect(line.slice(8)).toEqual([meta.id, "2026-11-23T10:00:00.000Z", "2026-10", "12"]);
  });

  it("CSV of an empty log is its header", () => {
    expect(readCsv(releaseLogCsv({ ...snapshot, content: { throughMonth: "2026-10", releaseLog: [] } }))).toHaveLength(1);
  });

  it("JSON keeps the dataset id exactly and writes counts as numbers or labels", () => {
    const json = releaseLogJson(snapshot);
    expect(json).toMatchObject({ snapshotId: meta.id, computedAt: "2026-11-23T10:00:00.000Z", chainHead: meta.chainHead });
    expect(json.releases[0]).toMatchObject({ approvalReference: "DA-2026-0005", samplesReleased: "<10", samplesExcluded: 15, manifestSha256: "c".repeat(64) });
    expect(json.releases[1]).toMatchObject({ approvalReference: null, datasetId: "=HYPERLINK(\"http://evil.example\")", samplesReleased: 120, samplesExcluded: "<10" });
  });
});
