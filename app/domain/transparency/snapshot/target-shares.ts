import type { Figure } from "./snapshot-figures";

/** A figure's goal reached per column: the share of the target row, or null where a count under 10 or withheld hides it. */
export interface TargetShare {
  column: string;
  /** Whole per cent, or null when it cannot be worked out from the published counts. */
  percent: number | null;
}

/**
 * The target row's share of each column of a figure that has a goal (snapshot-figures.ts `target`), worked out from the
 * published counts only — perturbed and suppressed as the table shows them — so the page says nothing the table does
 * not. A column with any count under 10 or withheld has no share: a share of "<10" would be a guess.
 */
export function targetShares(figure: Figure): TargetShare[] {
  const target = figure.target;
  if (!target) return [];
  const rowIndex = figure.table.rows.indexOf(target.row);
  if (rowIndex < 0) return [];
  return figure.table.columns.map((column, columnIndex) => {
    let total = 0;
    for (const row of figure.table.cells) {
      const cell = row[columnIndex];
      if (cell?.kind !== "count") return { column, percent: null };
      total += cell.value;
    }
    const reached = figure.table.cells[rowIndex]![columnIndex]!;
    return { column, percent: total === 0 || reached.kind !== "count" ? null : Math.round((reached.value / total) * 100) };
  });
}
