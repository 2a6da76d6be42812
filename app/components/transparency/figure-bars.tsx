import type { PublishedCount } from "../../domain/transparency/index";
import type { Figure } from "../../domain/transparency/index";
import { figurePalette, type FigureChartProps } from "./figure-chart";

/**
 * A figure as horizontal bars in HTML (issue 29 item 4): what a phone shows, and what a やさしい日本語 page shows at
 * every width. Each label is HTML text — it keeps the page's font size (never the 6 px an SVG scaled to 390 px gives),
 * wraps instead of being skipped, and gets furigana from the page's JSX runtime, which SVG <text> cannot hold. Each
 * bar has its value written beside it, and its series named when there are several, so nothing rests on colour or on
 * reading a scale. Bar lengths are SVG rectangles sized by attribute: the strict CSP allows no inline style.
 *
 * A count below 10 or withheld draws no bar (a gap, never a guess) but its "<10" or "withheld" is written.
 */
/** The SVG chart's props (the same figure, columns, words and id prefix), and what only the bars need. */
export interface FigureBarsProps extends FigureChartProps {
  count: (value: PublishedCount) => string;
  /** "narrow": shown only below the wide chart's breakpoint; "always": the only chart (やさしい日本語). */
  shown: "narrow" | "always";
}

export function FigureBars({ figure, columnIndices, title, description, rowLabel, columnLabel, count, idPrefix, shown }: FigureBarsProps) {
  const { table } = figure;
  let maximum = 0;
  for (const column of columnIndices)
    for (let row = 0; row < table.rows.length; row++) {
      const cell = table.cells[row]?.[column];
      if (cell?.kind === "count") maximum = Math.max(maximum, cell.value);
    }
  const scale = Math.max(10, maximum);
  const several = table.rows.length > 1;
  const descriptionId = `${idPrefix}-bars-description`;
  // Named by an attribute, not by a reference to text: on a やさしい日本語 page that text would carry its readings.
  return (
    <div className={`figure-bars figure-bars--${shown}`} role="img" aria-label={title} aria-describedby={descriptionId} data-chart="bars">
      <span id={descriptionId} hidden>
        {description}
      </span>
      <ul className="figure-bars__groups">
        {columnIndices.map((column) => (
          <li key={table.columns[column]} className="figure-bars__group">
            <span className="figure-bars__label">{columnLabel(table.columns[column]!)}</span>
            <ul className={several ? "figure-bars__items" : "figure-bars__items figure-bars__items--single"}>
              {table.rows.map((row, rowIndex) => {
                const cell = table.cells[rowIndex]![column]!;
                const length = cell.kind === "count" ? (100 * cell.value) / scale : 0;
                return (
                  <li key={row} className="figure-bars__item" data-series={row}>
                    {several ? <span className="figure-bars__series">{rowLabel(row)}</span> : null}
                    <svg className="figure-bars__bar" viewBox="0 0 100 12" preserveAspectRatio="none" width="100%" height="12" aria-hidden="true" focusable="false">
                      <rect x="0" y="0" width="100" height="12" fill="#eef0f2" />
                      {length > 0 ? <rect x="0" y="0" width={length.toFixed(2)} height="12" fill={figurePalette[rowIndex % figurePalette.length]} /> : null}
                    </svg>
                    <span className="figure-bars__value">{count(cell)}</span>
                  </li>
                );
              })}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Whether any cell of these columns is a count above zero: if none, no chart can show anything and the page says so. */
export function hasDrawableCount(figure: Figure, columnIndices: number[]): boolean {
  return figure.table.cells.some((cells) => columnIndices.some((column) => { const cell = cells[column]; return cell?.kind === "count" && cell.value > 0; }));
}
