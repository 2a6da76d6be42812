import { describe, expect, it } from "vitest";
import type { Figure, SnapshotContent } from "../snapshot/snapshot-figures";
import { extractPdfText } from "../../consent/records/documents/extract-pdf-text.server";
import { figureTableBlocks, renderReportPdf } from "./render-report-pdf.server";

const count = (value: number) => ({ kind: "count", value }) as const;

function monthly(months: number): Figure {
  const columns = Array.from({ length: months }, (_, index) => `${2025 + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`);
  return {
    id: "enrolments",
    unit: "participants",
    rowDimension: "cohort",
    columnDimension: "month",
    chart: "lines",
    table: {
      rows: ["cancer", "rare_disease"],
      columns,
      cells: [columns.map(() => count(15)), columns.map(() => ({ kind: "small" }) as const)],
      rowTotals: [count(15 * months), { kind: "withheld" }],
      columnTotals: columns.map(() => count(20)),
      total: count(20 * months),
    },
    disclosure: "protected",
  };
}

describe("a figure printed in a report's PDF", () => {
  it("runs a time series down the page, one month a line, with <10 and withheld as published", () => {
    const [block, ...more] = figureTableBlocks(monthly(12), "en");
    expect(more).toEqual([]);
    // Header + 12 months + the row totals' line; columns: the month, two cohorts, the total.
    expect(block).toHaveLength(14);
    expect(block![0]).toHaveLength(4);
    expect(block![1]![1]).toBe("15");
    expect(block![1]![2]).toBe("<10");
    expect(block![13]!.slice(1, 3)).toEqual(["180", expect.not.stringMatching(/^\d/)]);
  });

  it("prints a table wider than the page in blocks, the row labels repeated in each", () => {
    const wide: Figure = { ...monthly(2), columnDimension: "choice", rowDimension: "answer" };
    wide.table = { ...wide.table, rows: Array.from({ length: 12 }, (_, index) => `r${index}`), columns: Array.from({ length: 14 }, (_, index) => `c${index}`) };
    wide.table.cells = wide.table.rows.map(() => wide.table.columns.map(() => count(10)));
    wide.table.rowTotals = null;
    wide.table.columnTotals = null;
    const blocks = figureTableBlocks(wide, "ja");
    expect(blocks.length).toBeGreaterThan(1);
    for (const block of blocks) {
      expect(block[0]!.length).toBeLessThanOrEqual(7);
      expect(block.map((line) => line[0])).toEqual(blocks[0]!.map((line) => line[0]));
    }
  });

  it("prints no table for a figure with nothing counted yet", () => {
    const empty = monthly(0);
    expect(figureTableBlocks(empty, "ja")).toEqual([]);
    expect(figureTableBlocks({ ...empty, table: { ...empty.table, columns: ["2026-01"], rows: [], cells: [], rowTotals: null, columnTotals: null } }, "en")).toEqual([]);
  });

  it("renders a whole version with an empty figure, a full one, lists and a link, and prints its title", async () => {
    const text = (value: string) => ({ ja: value, "ja-easy": value, en: value });
    const pdf = await renderReportPdf({
      language: "ja-easy",
      version: 2,
      content: {
        title: text("ほうこく テスト"),
        sections: [
          { heading: text("はじめに"), body: text("# みだし\n\n**ふとい** ことば と [リンク](https://example.jp/)。\n\n1. ひとつ\n2. ふたつ\n\n> いんよう"), figures: ["enrolments", "releases"] },
          { heading: text("つぎ"), body: text("- a\n- b"), figures: ["enrolments"] },
        ],
        changeNote: text("かずの せつめいを なおしました。"),
      },
      publishedAt: new Date("2026-11-29T01:00:00Z"),
      snapshot: {
        id: "00000000-0000-4000-8000-000000000000",
        computedAt: new Date("2026-11-29T00:59:00Z"),
        reason: "report",
        chainHead: { checkpointSeq: "3" },
        content: { version: 1, throughMonth: "2026-10", figures: [monthly(0), { ...monthly(14), id: "releases" }], releaseLog: [], approvedUses: { active: 0, upcoming: 0, expired: 0, suspended: 0, revoked: 0 } as SnapshotContent["approvedUses"], enquiryAnswerTimes: { months: [], lastTwelveMonths: null } },
      },
      checkpointSeq: "4",
      url: "https://tsunagi.example.jp/transparency/reports/test/v/2",
    });
    expect(Buffer.from(pdf.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    const words = (await extractPdfText(pdf)).replace(/\s+/g, "");
    expect(words).toContain("ほうこくテスト");
    expect(words).toContain("かずのせつめいをなおしました。");
    expect(words).toContain("<https://example.jp/>");
    // In やさしい日本語 with furigana (ADR 123): each block's words whole, then their readings.
    expect(words).toContain("数の出どころかずで");
    expect(words).toContain("第2版で変わったところだいはんか");
  });
});
