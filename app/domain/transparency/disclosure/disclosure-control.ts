/**
 * Statistical disclosure control for every count Tsunagi publishes (issue 16 item 1; ADR 044, redesigned by issue 27).
 * One pure module: the snapshot, the dashboard, the downloads and the reports all publish counts through
 * `protectTable`, so no page can print a raw count.
 *
 * A table is rows × columns of counts of people (or samples, or decisions) with its margins. A cross-tabulation
 * (`shape: "crosstab"`, rows and columns splitting one population) has a total per row and per column (when there are
 * two or more of each; otherwise the grand total is the only margin) and the grand total. A table of questions
 * (`shape: "questions"`, each column one question asked of the same people) has a total per column and nothing else:
 * a sum across questions counts people several times, and a grand total that is a fixed multiple of the number of
 * people asked gives that number away. The rule:
 *
 * 1. **Primary suppression.** A count below 10 — zero included, so "<10" never tells 0 from 1 — is shown as "<10".
 * 2. **Secondary (complementary) suppression.** Totals are published, so a lone "<10" in a row would be the row's
 *    total minus the rest. Published values and the table's sums are a system of linear equations; while any
 *    suppressed value is determined by it (it lies in the row space of the equations restricted to the suppressed
 *    values), the cheapest set of values that puts it on a cycle of suppressed values is withheld (smallest counts,
 *    a margin only where no cell will do, the grand total last); then any withheld value no longer needed is given
 *    back. Withheld values (10 or more) are shown as "withheld", never as "<10", which would be false.
 * 3. **Perturbation by the cell key method** (the Australian Bureau of Statistics' method, used by ABS TableBuilder
 *    and by the ONS for Census 2021). Every record counted has a secret random key; a cell's key is the sum of the keys
 *    of the records it counts (margins likewise), and its published value is the true count plus a perturbation
 *    chosen by that key from a discrete Laplace distribution (scale 2, or 2 % of the count when more), never below 10. The same records always give the same key, so the same
 *    count published twice, in two figures or two snapshots, carries the same perturbation and nothing averages out;
 *    two counts that differ by a few records carry unrelated perturbations, so their difference is as uncertain as
 *    two draws together.
 *    This replaces rounding to a multiple of 5, which a total that is always a multiple of 10 passed through exactly.
 *    Margins are perturbed on their own, so they need not equal the sum of the published cells; the pages say so.
 *
 * Rates are computed from the published counts, and not at all when either side is suppressed.
 */

export const SMALL_COUNT_THRESHOLD = 10;
/**
 * The perturbation table of the cell key method (issue 27): a discrete Laplace distribution — the difference of two
 * geometric draws — of scale PERTURBATION_SCALE, or PERTURBATION_SHARE of the count when that is more (a count of
 * 2,400 moves by about ±48; one of 12 usually by 1–3). Its tails are what matter: with a bounded uniform ±5, two
 * published margins drawn at opposite ends bracketed the small counts between them (a total over suppressed cells
 * and a row beside it, or a month's total and the next month's), pinning them now and then; here each extreme has a
 * chance of one in 65,536, so pinning needs two at once. The largest perturbation is perturbationRangeOf(count)
 * (11.09 × the scale): the method is public, the key is not.
 */
export const PERTURBATION_SCALE = 2;
export const PERTURBATION_SHARE = 0.02;
/** Each geometric draw reads 16 bits of the key. */
const DRAW_RESOLUTION = 65_536;

/** The scale of a true count's perturbation. */
export function perturbationScaleOf(count: number): number {
  return Math.max(PERTURBATION_SCALE, count * PERTURBATION_SHARE);
}

/** The largest perturbation a true count can get, either way (public: an adversary knows it too). */
export function perturbationRangeOf(count: number): number {
  return Math.floor(Math.log(DRAW_RESOLUTION) * perturbationScaleOf(count));
}

export interface CountTable {
  /** Row keys (e.g. cohorts), in the order shown. */
  rows: readonly string[];
  /** Column keys (e.g. months), in the order shown. */
  columns: readonly string[];
  /** cells[row][column]: non-negative integer counts. */
  cells: readonly (readonly number[])[];
  /**
   * keys[row][column]: the cell's key, the sum of the secret keys of the records it counts (any non-negative
   * integer; read modulo 2^32). The snapshot computes them in the database (record-keys.server.ts).
   */
  keys: readonly (readonly number[])[];
  /** "crosstab" (default): rows and columns split one population. "questions": each column a question asked of the same people. */
  shape?: "crosstab" | "questions";
}

export type PublishedCount =
  /** The true count perturbed by its cell key (never below SMALL_COUNT_THRESHOLD). */
  | { kind: "count"; value: number }
  /** Primary suppression: the true count is below SMALL_COUNT_THRESHOLD. */
  | { kind: "small" }
  /** Secondary suppression: withheld so that a small count elsewhere cannot be worked out. */
  | { kind: "withheld" };

export interface PublishedTable {
  rows: string[];
  columns: string[];
  cells: PublishedCount[][];
  /** Null unless the table has two or more rows and columns (otherwise a margin would repeat a cell or the total), or is a table of questions. */
  rowTotals: PublishedCount[] | null;
  /** Null unless the table has two or more rows and columns, or is a table of questions (then always present). */
  columnTotals: PublishedCount[] | null;
  /** Null for a table of questions: a sum across questions counts people several times. */
  total: PublishedCount | null;
}

/** How a published count is written in CSV, JSON and on the page when it is not a number. */
export const SMALL_COUNT_LABEL = "<10";
export const WITHHELD_LABEL = "withheld";

/**
 * How counts were protected, as every JSON download states it (the pages say the same in words); `note` adds what is
 * particular to the download (when its counts stand).
 */
export function describeDisclosureControl(note: string) {
  return {
    method: "cell key perturbation (ABS / ONS cell key method) with small-count and complementary suppression",
    smallCountThreshold: SMALL_COUNT_THRESHOLD,
    smallCountLabel: SMALL_COUNT_LABEL,
    withheldLabel: WITHHELD_LABEL,
    perturbation: { distribution: "discrete Laplace (difference of two geometric draws, 16 bits of the cell key each)", scale: PERTURBATION_SCALE, scaleShareOfCount: PERTURBATION_SHARE },
    note: `Counts below ${SMALL_COUNT_THRESHOLD} are "${SMALL_COUNT_LABEL}"; "${WITHHELD_LABEL}" hides a count from which a small one could be worked out; every other count is the true count plus a small perturbation (discrete Laplace of scale ${PERTURBATION_SCALE}, or ${PERTURBATION_SHARE * 100}% of the count when more) chosen by a secret key of the records it counts (the same records always the same), never below ${SMALL_COUNT_THRESHOLD}, so totals may differ from the sum of their parts. ${note}`,
  };
}

/** One published quantity of a table: a cell, a row or column total, or the grand total. */
export interface Quantity {
  kind: "cell" | "rowTotal" | "columnTotal" | "total";
  row: number;
  column: number;
  value: number;
  /** The cell key (mod 2^32): a margin's is the sum of its cells'. */
  key: number;
}

/**
 * The quantities a table publishes and the linear relations between them (each relation's coefficients sum the
 * quantities to zero). Exported so tests can attack exactly what is published.
 */
export function tableEquations(table: CountTable): { quantities: Quantity[]; relations: Map<number, number>[] } {
  validate(table);
  const m = table.rows.length;
  const n = table.columns.length;
  const quantities: Quantity[] = [];
  const cellIndex: number[][] = [];
  for (let row = 0; row < m; row++) {
    cellIndex.push([]);
    for (let column = 0; column < n; column++) {
      cellIndex[row]!.push(quantities.length);
      quantities.push({ kind: "cell", row, column, value: table.cells[row]![column]!, key: keyOf(table.keys[row]![column]!) });
    }
  }
  const rowSums = table.cells.map((cells) => cells.reduce((sum, value) => sum + value, 0));
  const columnSums = table.columns.map((_, column) => table.cells.reduce((sum, cells) => sum + cells[column]!, 0));
  const grand = rowSums.reduce((sum, value) => sum + value, 0);
  const rowKeys = table.keys.map((keys) => keyOf(keys.reduce((sum, key) => sum + keyOf(key), 0)));
  const columnKeys = table.columns.map((_, column) => keyOf(table.keys.reduce((sum, keys) => sum + keyOf(keys[column]!), 0)));
  const grandKey = keyOf(rowKeys.reduce((sum, key) => sum + key, 0));
  const rowTotalIndex: number[] = [];
  const columnTotalIndex: number[] = [];
  // With one row the grand total is the row's total; with one column it is the column's: no margin repeats it.
  const margins = m > 1 && n > 1;
  if (margins) {
    for (let row = 0; row < m; row++) {
      rowTotalIndex.push(quantities.length);
      quantities.push({ kind: "rowTotal", row, column: -1, value: rowSums[row]!, key: rowKeys[row]! });
    }
    for (let column = 0; column < n; column++) {
      columnTotalIndex.push(quantities.length);
      quantities.push({ kind: "columnTotal", row: -1, column, value: columnSums[column]!, key: columnKeys[column]! });
    }
  }
  const totalIndex = quantities.length;
  quantities.push({ kind: "total", row: -1, column: -1, value: grand, key: grandKey });

  const relations: Map<number, number>[] = [];
  const relation = (parts: number[], sum: number) => {
    const coefficients = new Map<number, number>();
    for (const index of parts) coefficients.set(index, 1);
    coefficients.set(sum, -1);
    relations.push(coefficients);
  };
  if (margins) {
    for (let row = 0; row < m; row++) relation(cellIndex[row]!, rowTotalIndex[row]!);
    for (let column = 0; column < n; column++) relation(cellIndex.map((indices) => indices[column]!), columnTotalIndex[column]!);
    relation(rowTotalIndex, totalIndex);
    relation(columnTotalIndex, totalIndex);
  } else {
    relation(cellIndex.flat(), totalIndex);
  }
  return { quantities, relations };
}

function validate(table: CountTable): void {
  if (table.rows.length === 0 || table.columns.length === 0) throw new RangeError("a table needs at least one row and one column");
  if (table.cells.length !== table.rows.length || table.keys.length !== table.rows.length) throw new RangeError("one row of cells and of keys per row key");
  for (const [row, cells] of table.cells.entries()) {
    if (cells.length !== table.columns.length || table.keys[row]!.length !== table.columns.length) throw new RangeError("one cell and one key per column key in every row");
    for (const value of cells) if (!Number.isSafeInteger(value) || value < 0) throw new RangeError("counts are non-negative integers");
    for (const key of table.keys[row]!) if (!Number.isSafeInteger(key) || key < 0) throw new RangeError("cell keys are non-negative integers");
  }
}

const KEY_SPACE = 2 ** 32;
/** A key reduced to the key space (2^32): sums of record keys wrap around. */
function keyOf(key: number): number {
  return ((key % KEY_SPACE) + KEY_SPACE) % KEY_SPACE;
}

/**
 * The perturbation a cell key chooses for a count: the difference of two geometric draws of the count's scale, one
 * from each half of the key (discrete Laplace, symmetric about 0, at most perturbationRangeOf(count) either way).
 */
export function perturbationOf(key: number, count = 0): number {
  const k = keyOf(key);
  const scale = perturbationScaleOf(count);
  const draw = (bits: number) => Math.floor(-scale * Math.log((bits + 1) / DRAW_RESOLUTION));
  return draw(Math.floor(k / DRAW_RESOLUTION)) - draw(k % DRAW_RESOLUTION);
}

/** The published value of a count of SMALL_COUNT_THRESHOLD or more: perturbed by its key, never shown below the threshold. */
export function perturbedCount(value: number, key: number): number {
  return Math.max(SMALL_COUNT_THRESHOLD, value + perturbationOf(key, value));
}

/**
 * The suppressed quantities whose value the published values and the relations determine: those k for which e_k is
 * in the row space of the relations restricted to the suppressed quantities. Reduced row echelon form; the relation
 * matrix of a table with its margins is totally unimodular, and so is any set of its columns, so elimination with
 * ±1 pivots stays in integers.
 */
export function determinedQuantities(relations: readonly Map<number, number>[], suppressed: ReadonlySet<number>): number[] {
  const unknowns = [...suppressed].sort((a, b) => a - b);
  const position = new Map(unknowns.map((index, at) => [index, at]));
  const matrix: number[][] = [];
  for (const coefficients of relations) {
    const row = new Array<number>(unknowns.length).fill(0);
    let any = false;
    for (const [index, coefficient] of coefficients) {
      const at = position.get(index);
      if (at !== undefined) {
        row[at] = coefficient;
        any = true;
      }
    }
    if (any) matrix.push(row);
  }
  const pivotRows: { column: number; row: number[] }[] = [];
  let rank = 0;
  for (let column = 0; column < unknowns.length && rank < matrix.length; column++) {
    let pivot = -1;
    for (let r = rank; r < matrix.length; r++) {
      if (matrix[r]![column] !== 0) {
        pivot = r;
        break;
      }
    }
    if (pivot === -1) continue;
    [matrix[rank], matrix[pivot]] = [matrix[pivot]!, matrix[rank]!];
    const pivotRow = matrix[rank]!;
    const scale = pivotRow[column]!;
    for (let c = 0; c < pivotRow.length; c++) pivotRow[c] = pivotRow[c]! / scale;
    for (let r = 0; r < matrix.length; r++) {
      if (r === rank) continue;
      const factor = matrix[r]![column]!;
      if (factor === 0) continue;
      const target = matrix[r]!;
      for (let c = 0; c < target.length; c++) target[c] = target[c]! - factor * pivotRow[c]!;
    }
    pivotRows.push({ column, row: pivotRow });
    rank++;
  }
  const determined: number[] = [];
  for (const { column, row } of pivotRows) {
    let nonZero = 0;
    for (const value of row) if (Math.abs(value) > 1e-9) nonZero++;
    if (nonZero === 1) determined.push(unknowns[column]!);
  }
  return determined.sort((a, b) => a - b);
}

function costOf(quantity: Quantity): number {
  // A cell before a margin, a margin before the grand total; among equals the smallest count.
  const rank = quantity.kind === "cell" ? 0 : quantity.kind === "total" ? 2 : 1;
  return rank * 1e12 + quantity.value;
}

/**
 * Where a quantity sits in the table extended by its margins: row `m` is the column totals, column `n` the row
 * totals, (m, n) the grand total. With every margin's sign flipped, each row and column of the extended table sums
 * to zero, so the values the equations leave free are exactly the cycles of suppressed cells (alternating + and −
 * around rows and columns): a suppressed value is protected when it lies on such a cycle, and determined when it is
 * a bridge of the graph whose nodes are the extended table's rows and columns and whose edges are suppressed values.
 */
function gridOf(quantity: Quantity, m: number, n: number): [row: number, column: number] {
  switch (quantity.kind) {
    case "cell":
      return [quantity.row, quantity.column];
    case "rowTotal":
      return [quantity.row, n];
    case "columnTotal":
      return [m, quantity.column];
    default:
      return [m, n];
  }
}

/**
 * The cheapest set of published quantities whose suppression puts `target` on a cycle: the cheapest path, in the
 * extended table's bipartite graph, from the target's column to its row without the target itself, where a value
 * already suppressed costs nothing (Dijkstra; a table is at most a few hundred values).
 */
function cheapestCycleThrough(target: number, quantities: readonly Quantity[], suppressed: ReadonlySet<number>, m: number, n: number): number[] {
  const rowNodes = m + 1;
  const nodes = rowNodes + n + 1;
  const edges: { to: number; quantity: number }[][] = Array.from({ length: nodes }, () => []);
  quantities.forEach((quantity, index) => {
    if (index === target) return;
    const [row, column] = gridOf(quantity, m, n);
    edges[row]!.push({ to: rowNodes + column, quantity: index });
    edges[rowNodes + column]!.push({ to: row, quantity: index });
  });
  const [targetRow, targetColumn] = gridOf(quantities[target]!, m, n);
  const from = rowNodes + targetColumn;
  const distance = new Array<number>(nodes).fill(Number.POSITIVE_INFINITY);
  const via = new Array<{ node: number; quantity: number } | null>(nodes).fill(null);
  const done = new Array<boolean>(nodes).fill(false);
  distance[from] = 0;
  for (;;) {
    let node = -1;
    for (let candidate = 0; candidate < nodes; candidate++) if (!done[candidate] && distance[candidate]! < Number.POSITIVE_INFINITY && (node === -1 || distance[candidate]! < distance[node]!)) node = candidate;
    if (node === -1 || node === targetRow) break;
    done[node] = true;
    for (const edge of edges[node]!) {
      // Each newly withheld value costs the threshold besides its count, so of two equal losses the one hiding fewer values wins.
      const weight = suppressed.has(edge.quantity) ? 0 : SMALL_COUNT_THRESHOLD + costOf(quantities[edge.quantity]!);
      if (distance[node]! + weight < distance[edge.to]!) {
        distance[edge.to] = distance[node]! + weight;
        via[edge.to] = { node, quantity: edge.quantity };
      }
    }
  }
  const path: number[] = [];
  for (let node = targetRow; via[node]; node = via[node]!.node) if (!suppressed.has(via[node]!.quantity)) path.push(via[node]!.quantity);
  return path;
}

/** The quantities to suppress: primary (below the threshold) and the complementary ones that protect them. */
export function suppressionOf(table: CountTable): { quantities: Quantity[]; primary: Set<number>; secondary: Set<number> } {
  const { quantities, relations } = tableEquations(table);
  const m = table.rows.length;
  const n = table.columns.length;
  const margins = m > 1 && n > 1;
  const primary = new Set<number>();
  quantities.forEach((quantity, index) => {
    if (quantity.value < SMALL_COUNT_THRESHOLD) primary.add(index);
  });
  const suppressed = new Set(primary);
  const secondary = new Set<number>();
  const byCost = (a: number, b: number) => costOf(quantities[a]!) - costOf(quantities[b]!) || a - b;
  for (;;) {
    const determined = determinedQuantities(relations, suppressed);
    if (determined.length === 0) break;
    const target = determined[0]!;
    let added: number[];
    if (margins) {
      added = cheapestCycleThrough(target, quantities, suppressed, m, n);
    } else {
      // One equation (the cells make the total): a second suppressed value in it is enough; the cheapest.
      added = quantities.map((_, index) => index).filter((index) => !suppressed.has(index)).sort(byCost).slice(0, 1);
    }
    if (added.length === 0) break; // nothing left to withhold (cannot happen while the table has two values)
    for (const index of added) {
      suppressed.add(index);
      secondary.add(index);
    }
  }
  // Give back what turned out not to be needed (a later cycle may protect an earlier one's cells), dearest first.
  for (const index of [...secondary].sort(byCost).reverse()) {
    suppressed.delete(index);
    if (determinedQuantities(relations, suppressed).length === 0) secondary.delete(index);
    else suppressed.add(index);
  }
  return { quantities, primary, secondary };
}

/** The table as it may be published. */
export function protectTable(table: CountTable): PublishedTable {
  if (table.shape === "questions") return protectQuestions(table);
  const { quantities, primary, secondary } = suppressionOf(table);
  const publish = (index: number): PublishedCount =>
    primary.has(index) ? { kind: "small" } : secondary.has(index) ? { kind: "withheld" } : { kind: "count", value: perturbedCount(quantities[index]!.value, quantities[index]!.key) };
  const m = table.rows.length;
  const n = table.columns.length;
  const cells: PublishedCount[][] = [];
  const rowTotals: PublishedCount[] = [];
  const columnTotals: PublishedCount[] = [];
  let total: PublishedCount = { kind: "small" };
  quantities.forEach((quantity, index) => {
    if (quantity.kind === "cell") (cells[quantity.row] ??= [])[quantity.column] = publish(index);
    else if (quantity.kind === "rowTotal") rowTotals[quantity.row] = publish(index);
    else if (quantity.kind === "columnTotal") columnTotals[quantity.column] = publish(index);
    else total = publish(index);
  });
  return { rows: [...table.rows], columns: [...table.columns], cells, rowTotals: m > 1 && n > 1 ? rowTotals : null, columnTotals: m > 1 && n > 1 ? columnTotals : null, total };
}

/**
 * A table of questions: each column, with its total, protected as a table of its own (one column, one equation), and
 * no row totals or grand total.
 */
function protectQuestions(table: CountTable): PublishedTable {
  validate(table);
  const columns = table.columns.map((column, index) =>
    protectTable({ rows: table.rows, columns: [column], cells: table.cells.map((cells) => [cells[index]!]), keys: table.keys.map((keys) => [keys[index]!]) }),
  );
  return {
    rows: [...table.rows],
    columns: [...table.columns],
    cells: table.rows.map((_, row) => columns.map((column) => column.cells[row]![0]!)),
    rowTotals: null,
    columnTotals: columns.map((column) => column.total!),
    total: null,
  };
}

/** A published count as text for CSV and tables: the number, "<10", or "withheld". */
export function publishedCountText(count: PublishedCount): string {
  return count.kind === "count" ? String(count.value) : count.kind === "small" ? SMALL_COUNT_LABEL : WITHHELD_LABEL;
}

/** A published count as JSON: the number, or the label. */
export function publishedCountJson(count: PublishedCount): number | string {
  return count.kind === "count" ? count.value : publishedCountText(count);
}

/** Percentage (one decimal) of two published counts; null when either is not a number or the base is zero. */
export function publishedRate(numerator: PublishedCount, denominator: PublishedCount): number | null {
  if (numerator.kind !== "count" || denominator.kind !== "count" || denominator.value === 0) return null;
  return Math.round((numerator.value / denominator.value) * 1000) / 10;
}
