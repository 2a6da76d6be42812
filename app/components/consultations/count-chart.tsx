import { Group } from "@visx/group";
import { scaleLinear } from "@visx/scale";
import { Bar } from "@visx/shape";
import type { PublishedCount } from "../../domain/transparency/index";

/**
 * One question's (or the themes') counts as horizontal bars, drawn on the server as SVG with visx (issue 28 item 4;
 * ADR 062): each answer's label on a line of its own above its bar and the number at the bar's end, so the chart stays
 * readable at a phone's width — it scales with the page, and no label has to share a line with another. A count shown
 * as "<10" or withheld gets no bar, only its words: a gap, never a guess. The table beside it carries every value and
 * the split by audience; the chart's title and description point to it.
 */

export interface CountChartBar {
  key: string;
  label: string;
  count: PublishedCount;
  /** How a count that is not a number reads ("<10", "withheld" in the reader's language). */
  text: string;
}

const WIDTH = 360;
const ROW = 46;
const LABEL_MAX = 30;
const MARGIN = { top: 4, right: 48, bottom: 4, left: 4 };

const shorten = (label: string) => {
  const characters = [...label];
  return characters.length > LABEL_MAX ? `${characters.slice(0, LABEL_MAX - 1).join("")}…` : label;
};

export function CountChart({ bars, title, description, idPrefix }: { bars: CountChartBar[]; title: string; description: string; idPrefix: string }) {
  const height = MARGIN.top + MARGIN.bottom + bars.length * ROW;
  const innerWidth = WIDTH - MARGIN.left - MARGIN.right;
  const maximum = Math.max(10, ...bars.map((bar) => (bar.count.kind === "count" ? bar.count.value : 0)));
  const x = scaleLinear<number>({ domain: [0, maximum], range: [0, innerWidth] });
  const titleId = `${idPrefix}-chart-title`;
  const descriptionId = `${idPrefix}-chart-description`;
  return (
    <figure className="figure-chart count-chart">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${titleId} ${descriptionId}`} className="figure-chart__svg" focusable="false">
        <title id={titleId}>{title}</title>
        <desc id={descriptionId}>{description}</desc>
        <Group left={MARGIN.left} top={MARGIN.top}>
          {bars.map((bar, index) => {
            const top = index * ROW;
            const width = bar.count.kind === "count" ? Math.max(1, x(bar.count.value)) : 0;
            return (
              <g key={bar.key} data-bar={bar.key}>
                <text x={0} y={top + 14} fontSize={13} fill="#222">
                  {shorten(bar.label)}
                </text>
                {width > 0 ? <Bar x={0} y={top + 20} width={width} height={18} fill="#0072B2" /> : null}
                <text x={width + 6} y={top + 34} fontSize={13} fill="#222">
                  {bar.count.kind === "count" ? String(bar.count.value) : bar.text}
                </text>
              </g>
            );
          })}
        </Group>
      </svg>
    </figure>
  );
}
