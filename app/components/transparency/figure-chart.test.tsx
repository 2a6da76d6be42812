import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { Figure } from "../../domain/transparency/snapshot/snapshot-figures";
import { FigureChart } from "./figure-chart";

/**
 * Issue 29 item 4: the transparency page logged an error per chart label ("Applying inline style violates … style-src
 * 'self'") because visx's <Text> wraps each label in an <svg style="overflow: visible">. The site's CSP allows no
 * inline style, so a chart's markup must carry no style attribute, and its labels must still be there as text.
 */
function figure(chart: Figure["chart"]): Figure {
  const columns = ["2026-01", "2026-02", "2026-03"];
  return {
    id: "consent-choices",
    unit: "participants",
    rowDimension: "answer",
    columnDimension: "month",
    chart,
    table: {
      rows: ["yes", "no"],
      columns,
      cells: [
        [{ kind: "count", value: 12 }, { kind: "small" }, { kind: "count", value: 30 }],
        [{ kind: "count", value: 15 }, { kind: "withheld" }, { kind: "count", value: 11 }],
      ],
      rowTotals: null,
      columnTotals: null,
      total: null,
    },
    disclosure: "protected",
  };
}

describe.each(["lines", "stacked-bars", "grouped-bars"] as const)("a %s chart", (chart) => {
  const html = renderToStaticMarkup(
    <FigureChart figure={figure(chart)} columnIndices={[0, 1, 2]} title="Choices" description="See the table" rowLabel={(key) => `row ${key}`} columnLabel={(key) => `col ${key}`} idPrefix="f" />,
  );

  it("carries no style attribute, which the CSP would refuse", () => {
    expect(html).not.toMatch(/\sstyle=/);
  });

  it("still labels every column and the count axis, as text", () => {
    for (const column of ["2026-01", "2026-02", "2026-03"]) expect(html).toMatch(new RegExp(`<text[^>]*>col ${column}</text>`));
    expect(html).toMatch(/<text[^>]*text-anchor="end"[^>]*>0<\/text>/);
  });
});
