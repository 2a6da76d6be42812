import { AxisBottom, AxisLeft, type TickRendererProps } from "@visx/axis";
import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { Bar, LinePath } from "@visx/shape";
import type { Figure } from "../../domain/transparency/index";

/**
 * A figure drawn on the server as SVG with visx (ADR 045): no JavaScript is needed to see it, and a screen reader
 * gets the chart's title and a description that points to the table beside it, which carries every value. Counts
 * that are suppressed ("<10", withheld) are not drawn — a gap, never a guess.
 *
 * Series differ by colour (Okabe–Ito, safe for colour blindness) and also by dash pattern and marker shape, so the
 * chart does not rely on colour alone (WCAG 1.4.1).
 */

export const figurePalette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8a6d00"];
const dashes = ["", "6 3", "2 3", "10 3 2 3", "1 2", "8 4", "4 4", "12 2"];

export interface FigureChartProps {
  figure: Figure;
  /** Columns to draw (a slice of the table's, e.g. the last 12 months), as indices into figure.table.columns. */
  columnIndices: number[];
  title: string;
  description: string;
  rowLabel: (key: string) => string;
  columnLabel: (key: string) => string;
  /** A unique prefix for element ids (several figures share a page). */
  idPrefix: string;
}

const WIDTH = 720;
const HEIGHT = 300;
const MARGIN = { top: 16, right: 16, bottom: 56, left: 56 };

function valueOf(figure: Figure, row: number, column: number): number | null {
  const cell = figure.table.cells[row]?.[column];
  return cell && cell.kind === "count" ? cell.value : null;
}

export function FigureChart({ figure, columnIndices, title, description, rowLabel, columnLabel, idPrefix }: FigureChartProps) {
  const rows = figure.table.rows.map((key, index) => ({ key, index }));
  const columns = columnIndices.map((index) => ({ key: figure.table.columns[index]!, index }));
  const innerWidth = WIDTH - MARGIN.left - MARGIN.right;
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const stacked = figure.chart === "stacked-bars";
  let maximum = 0;
  for (const column of columns) {
    let stack = 0;
    for (const row of rows) {
      const value = valueOf(figure, row.index, column.index) ?? 0;
      stack += value;
      maximum = Math.max(maximum, stacked ? stack : value);
    }
  }
  const x = scaleBand<string>({ domain: columns.map((column) => column.key), range: [0, innerWidth], padding: 0.2 });
  const y = scaleLinear<number>({ domain: [0, Math.max(10, maximum)], range: [innerHeight, 0], nice: true });
  const inner = scaleBand<string>({ domain: rows.map((row) => row.key), range: [0, x.bandwidth()], padding: 0.1 });
  const titleId = `${idPrefix}-chart-title`;
  const descriptionId = `${idPrefix}-chart-description`;
  const tickEvery = Math.max(1, Math.ceil(columns.length / 8));

  return (
    <figure className="figure-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${titleId} ${descriptionId}`} className="figure-chart__svg" focusable="false">
        <title id={titleId}>{title}</title>
        <desc id={descriptionId}>{description}</desc>
        <Group left={MARGIN.left} top={MARGIN.top}>
          {figure.chart === "lines"
            ? rows.map((row) => {
                const points = columns.map((column) => ({ column, value: valueOf(figure, row.index, column.index) }));
                const colour = figurePalette[row.index % figurePalette.length]!;
                return (
                  <g key={row.key} data-series={row.key}>
                    <LinePath
                      data={points}
                      x={(point) => (x(point.column.key) ?? 0) + x.bandwidth() / 2}
                      y={(point) => y(point.value ?? 0)}
                      defined={(point) => point.value !== null}
                      stroke={colour}
                      strokeWidth={2}
                      strokeDasharray={dashes[row.index % dashes.length]}
                      fill="none"
                    />
                    {points.map((point) =>
                      point.value === null ? null : (
                        <Marker key={point.column.key} shape={row.index} cx={(x(point.column.key) ?? 0) + x.bandwidth() / 2} cy={y(point.value)} colour={colour} />
                      ),
                    )}
                  </g>
                );
              })
            : columns.map((column) => {
                let base = innerHeight;
                return (
                  <g key={column.key} data-column={column.key}>
                    {rows.map((row) => {
                      const value = valueOf(figure, row.index, column.index);
                      if (value === null || value === 0) return null;
                      const colour = figurePalette[row.index % figurePalette.length]!;
                      if (stacked) {
                        const height = innerHeight - y(value);
                        base -= height;
                        return <Bar key={row.key} x={x(column.key) ?? 0} y={base} width={x.bandwidth()} height={height} fill={colour} stroke="#fff" strokeWidth={1} />;
                      }
                      return (
                        <Bar
                          key={row.key}
                          x={(x(column.key) ?? 0) + (inner(row.key) ?? 0)}
                          y={y(value)}
                          width={inner.bandwidth()}
                          height={innerHeight - y(value)}
                          fill={colour}
                          stroke="#fff"
                          strokeWidth={1}
                        />
                      );
                    })}
                  </g>
                );
              })}
          <AxisLeft
            scale={y}
            numTicks={5}
            tickFormat={(value) => String(value)}
            stroke="#444"
            tickStroke="#444"
            tickLabelProps={{ fill: "#222", fontSize: 12, textAnchor: "end", dx: -4, dy: 4 }}
            tickComponent={TickLabel}
          />
          <AxisBottom
            top={innerHeight}
            scale={x}
            stroke="#444"
            tickStroke="#444"
            tickValues={columns.filter((_, index) => index % tickEvery === 0).map((column) => column.key)}
            tickFormat={(key) => columnLabel(String(key))}
            tickLabelProps={{ fill: "#222", fontSize: 12, textAnchor: "middle" }}
            tickComponent={TickLabel}
          />
        </Group>
      </svg>
      <figcaption className="figure-chart__legend">
        <ul className="list-plain figure-legend">
          {rows.map((row) => (
            <li key={row.key}>
              <svg width="36" height="14" aria-hidden="true" focusable="false">
                {figure.chart === "lines" ? (
                  <>
                    <line x1="2" y1="7" x2="34" y2="7" stroke={figurePalette[row.index % figurePalette.length]} strokeWidth="2" strokeDasharray={dashes[row.index % dashes.length]} />
                    <Marker shape={row.index} cx={18} cy={7} colour={figurePalette[row.index % figurePalette.length]!} />
                  </>
                ) : (
                  <rect x="8" y="1" width="20" height="12" fill={figurePalette[row.index % figurePalette.length]} />
                )}
              </svg>
              {rowLabel(row.key)}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

/**
 * A tick's label as plain SVG text. visx's own <Text> wraps each label in an <svg style="overflow: visible">, and the
 * strict CSP (style-src 'self', no inline styles) refuses every such attribute and logs an error for it on each load
 * (issue 29 item 4). One line of text needs none of what <Text> adds.
 */
function TickLabel({ x, y, dx, dy, fill, fontSize, fontFamily, textAnchor, formattedValue }: TickRendererProps) {
  return (
    <text x={x} y={y} dx={dx} dy={dy} fill={fill} fontSize={fontSize} fontFamily={fontFamily} textAnchor={textAnchor}>
      {formattedValue}
    </text>
  );
}

/** A point's marker: the shape follows the series, so lines are told apart without colour. */
function Marker({ shape, cx, cy, colour }: { shape: number; cx: number; cy: number; colour: string }) {
  switch (shape % 4) {
    case 0:
      return <circle cx={cx} cy={cy} r={4} fill={colour} />;
    case 1:
      return <rect x={cx - 4} y={cy - 4} width={8} height={8} fill={colour} />;
    case 2:
      return <path d={`M ${cx} ${cy - 5} L ${cx + 5} ${cy + 4} L ${cx - 5} ${cy + 4} Z`} fill={colour} />;
    default:
      return <path d={`M ${cx} ${cy - 5} L ${cx + 5} ${cy} L ${cx} ${cy + 5} L ${cx - 5} ${cy} Z`} fill={colour} />;
  }
}
