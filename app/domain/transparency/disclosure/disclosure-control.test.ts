import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  perturbationRangeOf,
  perturbationScaleOf,
  perturbationOf,
  perturbedCount,
  protectTable as protectKeyedTable,
  publishedCountText,
  publishedRate,
  type CountTable,
  type PublishedCount,
  type PublishedTable,
} from "./disclosure-control";

/** A table's cells with keys: arbitrary but fixed numbers, as the sums of record keys would be. */
type Unkeyed = Omit<CountTable, "keys"> & { keys?: CountTable["keys"] };
function keyed(table: Unkeyed, seed = 7): CountTable {
  return { ...table, keys: table.keys ?? table.cells.map((cells, r) => cells.map((_, c) => (Math.imul(r * 131 + c * 17 + seed, 2654435761) >>> 0))) };
}
const protectTable = (table: Unkeyed) => protectKeyedTable(keyed(table));

/**
 * The attacker (written apart from the module, on exact rationals): from a published table, the true values of
 * every published number (stronger than reality — those are rounded) and the knowledge that rows and columns add up
 * to their totals, work out every suppressed value the equations pin down. Gauss–Jordan elimination over BigInt
 * fractions; an unknown is recovered when its reduced row names it alone.
 */
type Fraction = { n: bigint; d: bigint };
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
const fraction = (n: bigint, d = 1n): Fraction => {
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
};
const sub = (a: Fraction, b: Fraction) => fraction(a.n * b.d - b.n * a.d, a.d * b.d);
const mul = (a: Fraction, b: Fraction) => fraction(a.n * b.n, a.d * b.d);
const div = (a: Fraction, b: Fraction) => fraction(a.n * b.d, a.d * b.n);
const isZero = (a: Fraction) => a.n === 0n;

interface Cell {
  published: PublishedCount;
  truth: number;
}

function attack(published: PublishedTable, table: Unkeyed): Map<string, number> {
  const m = table.rows.length;
  const n = table.columns.length;
  const rowSum = (r: number) => table.cells[r]!.reduce((a, b) => a + b, 0);
  const columnSum = (c: number) => table.cells.reduce((a, row) => a + row[c]!, 0);
  const grand = table.cells.flat().reduce((a, b) => a + b, 0);
  const named = new Map<string, Cell>();
  for (let r = 0; r < m; r++) for (let c = 0; c < n; c++) named.set(`cell ${r},${c}`, { published: published.cells[r]![c]!, truth: table.cells[r]![c]! });
  if (published.rowTotals) published.rowTotals.forEach((p, r) => named.set(`row ${r}`, { published: p, truth: rowSum(r) }));
  if (published.columnTotals) published.columnTotals.forEach((p, c) => named.set(`column ${c}`, { published: p, truth: columnSum(c) }));
  if (published.total) named.set("total", { published: published.total, truth: grand });
  // The sums a reader knows hold, as lists of names: parts then the whole.
  const sums: [string[], string][] = [];
  const cellsOfRow = (r: number) => table.columns.map((_, c) => `cell ${r},${c}`);
  const cellsOfColumn = (c: number) => table.rows.map((_, r) => `cell ${r},${c}`);
  if (published.rowTotals && published.columnTotals) {
    for (let r = 0; r < m; r++) sums.push([cellsOfRow(r), `row ${r}`]);
    for (let c = 0; c < n; c++) sums.push([cellsOfColumn(c), `column ${c}`]);
    sums.push([table.rows.map((_, r) => `row ${r}`), "total"]);
    sums.push([table.columns.map((_, c) => `column ${c}`), "total"]);
  } else {
    sums.push([[...named.keys()].filter((key) => key.startsWith("cell")), "total"]);
  }
  const unknowns = [...named.entries()].filter(([, cell]) => cell.published.kind !== "count").map(([key]) => key);
  const column = new Map(unknowns.map((key, at) => [key, at]));
  // Each sum as: Σ unknown coefficients = known right-hand side.
  const rows: Fraction[][] = sums.map(([parts, whole]) => {
    const row = new Array<Fraction>(unknowns.length + 1).fill(fraction(0n));
    let rhs = 0n;
    const add = (key: string, sign: bigint) => {
      const at = column.get(key);
      if (at === undefined) rhs -= sign * BigInt(named.get(key)!.truth);
      else row[at] = fraction(row[at]!.n + sign * row[at]!.d, row[at]!.d);
    };
    for (const part of parts) add(part, 1n);
    add(whole, -1n);
    row[unknowns.length] = fraction(rhs);
    return row;
  });
  let rank = 0;
  const pivots: number[] = [];
  for (let c = 0; c < unknowns.length && rank < rows.length; c++) {
    const p = rows.findIndex((row, i) => i >= rank && !isZero(row[c]!));
    if (p === -1) continue;
    [rows[rank], rows[p]] = [rows[p]!, rows[rank]!];
    const pivot = rows[rank]![c]!;
    rows[rank] = rows[rank]!.map((value) => div(value, pivot));
    for (let i = 0; i < rows.length; i++) {
      if (i === rank || isZero(rows[i]![c]!)) continue;
      const factor = rows[i]![c]!;
      rows[i] = rows[i]!.map((value, j) => sub(value, mul(factor, rows[rank]![j]!)));
    }
    pivots.push(c);
    rank++;
  }
  const recovered = new Map<string, number>();
  pivots.forEach((c, i) => {
    const row = rows[i]!;
    const alone = row.slice(0, unknowns.length).every((value, j) => j === c || isZero(value));
    if (alone) recovered.set(unknowns[c]!, Number(row[unknowns.length]!.n / row[unknowns.length]!.d));
  });
  return recovered;
}

/** Small counts are common: a table of mostly single digits with some larger ones, 1–6 rows and columns. */
const tables = fc
  .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }))
  .chain(([m, n]) =>
    fc.array(fc.array(fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 10, max: 400 })), { minLength: n, maxLength: n }), { minLength: m, maxLength: m }).map(
      (cells): Unkeyed => ({ rows: cells.map((_, r) => `r${r}`), columns: cells[0]!.map((_, c) => `c${c}`), cells }),
    ),
  );

function allPublished(table: PublishedTable): PublishedCount[] {
  return [...table.cells.flat(), ...(table.rowTotals ?? []), ...(table.columnTotals ?? []), ...(table.total ? [table.total] : [])];
}

describe("protectTable", () => {
  it("the attack works: with primary suppression alone, a lone small count in a row is recovered from the totals", () => {
    const table: Unkeyed = { rows: ["cancer", "rare"], columns: ["2026-09", "2026-10"], cells: [[3, 40], [25, 31]] };
    const primaryOnly: PublishedTable = {
      rows: ["cancer", "rare"],
      columns: ["2026-09", "2026-10"],
      cells: [[{ kind: "small" }, { kind: "count", value: 40 }], [{ kind: "count", value: 25 }, { kind: "count", value: 31 }]],
      rowTotals: [{ kind: "count", value: 43 }, { kind: "count", value: 56 }],
      columnTotals: [{ kind: "count", value: 28 }, { kind: "count", value: 71 }],
      total: { kind: "count", value: 99 },
    };
    expect(attack(primaryOnly, table).get("cell 0,0")).toBe(3);
    // With the module's suppression, nothing is recovered.
    expect(attack(protectTable(table), table).size).toBe(0);
  });

  it("withholds complementary values so no suppressed value can be solved back from the table and its totals (fast-check)", () => {
    fc.assert(
      fc.property(tables, (table) => {
        const published = protectTable(table);
        expect([...attack(published, table).keys()]).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it("shows every count below 10 as <10, never a number, and withheld values are never called <10", () => {
    fc.assert(
      fc.property(tables, (table) => {
        const published = protectTable(table);
        table.cells.forEach((cells, r) =>
          cells.forEach((value, c) => {
            const shown = published.cells[r]![c]!;
            if (value < 10) expect(shown.kind).toBe("small");
            if (shown.kind === "small") expect(value).toBeLessThan(10);
            if (shown.kind === "count") expect(Math.abs(shown.value - value)).toBeLessThanOrEqual(perturbationRangeOf(value));
          }),
        );
        for (const count of allPublished(published)) if (count.kind === "count") expect(count.value).toBeGreaterThanOrEqual(10);
      }),
      { numRuns: 300 },
    );
  });

  it("a one-row series publishes its cells and total only, and two small months protect each other", () => {
    const table = keyed({ rows: ["releases"], columns: ["2026-08", "2026-09", "2026-10"], cells: [[4, 120, 7]] });
    const published = protectKeyedTable(table);
    expect(published.rowTotals).toBeNull();
    expect(published.columnTotals).toBeNull();
    const keys = table.keys[0]!;
    expect(published.cells[0]!.map(publishedCountText)).toEqual(["<10", String(perturbedCount(120, keys[1]!)), "<10"]);
    expect(publishedCountText(published.total!)).toBe(String(perturbedCount(131, keys[0]! + keys[1]! + keys[2]!)));
  });

  it("a lone small month in a series withholds the next smallest, so the total does not give it away", () => {
    const table = keyed({ rows: ["releases"], columns: ["2026-08", "2026-09", "2026-10"], cells: [[4, 120, 57]] });
    const published = protectKeyedTable(table);
    expect(published.cells[0]!.map(publishedCountText)).toEqual(["<10", String(perturbedCount(120, table.keys[0]![1]!)), "withheld"]);
    expect(attack(published, table).size).toBe(0);
  });

  it("perturbs by the cell key alone: the same records give the same published count, other records an unrelated one", () => {
    // The same cell in two figures or two snapshots (same records, same key): the same value, nothing to average.
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 100_000 }), fc.nat(), (value, key) => {
        expect(perturbedCount(value, key)).toBe(perturbedCount(value, key));
        expect(Math.abs(perturbedCount(value, key) - value)).toBeLessThanOrEqual(perturbationRangeOf(value));
      }),
    );
    // The scale: 2, or 2 % of a larger count; the largest move is 11.09 scales.
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 100_000 }), (value) => {
        expect(perturbationScaleOf(value)).toBe(Math.max(2, value * 0.02));
      }),
    );
    expect(perturbationRangeOf(12)).toBe(22);
    expect(perturbationRangeOf(2400)).toBe(532);
    // Over 200,000 keys the perturbation of a small count is a symmetric discrete Laplace of scale 2: mean about 0,
    // about two in three within ±2, a few in a hundred beyond ±6, and never past the largest move.
    const draws = Array.from({ length: 200_000 }, (_, index) => perturbationOf(Math.imul(index + 1, 2654435761) >>> 0, 12));
    const mean = draws.reduce((sum, value) => sum + value, 0) / draws.length;
    const share = (test: (value: number) => boolean) => draws.filter(test).length / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(share((value) => Math.abs(value) <= 2)).toBeGreaterThan(0.6);
    expect(share((value) => Math.abs(value) <= 2)).toBeLessThan(0.8);
    expect(share((value) => Math.abs(value) > 6)).toBeGreaterThan(0.01);
    expect(share((value) => Math.abs(value) > 6)).toBeLessThan(0.1);
    expect(share((value) => value > 0)).toBeCloseTo(share((value) => value < 0), 2);
    expect(draws.reduce((largest, value) => Math.max(largest, Math.abs(value)), 0)).toBeLessThanOrEqual(perturbationRangeOf(12));
  });

  it("a count published twice from the same records reads the same; from a few more records, the gain is open by twice the range", () => {
    // Two refreshes in one month publish the same figures (the snapshot's rule); a month later, the gain in a total is
    // the difference of two independent perturbations: every gain within both ranges is as good as the true one.
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 5000 }), fc.integer({ min: 0, max: 9 }), fc.nat(), fc.nat(), (before, added, keyBefore, keyAdded) => {
        const first = perturbedCount(before, keyBefore);
        expect(perturbedCount(before, keyBefore)).toBe(first);
        const second = perturbedCount(before + added, keyBefore + keyAdded);
        const slack = perturbationRangeOf(before) + perturbationRangeOf(before + added);
        expect(Math.abs(second - first - added)).toBeLessThanOrEqual(slack);
      }),
    );
  });

  it("a table of questions asked of the same people publishes a total per question and nothing across them", () => {
    // Six yes/no questions to the same 503 people: a grand total would be 6 × 503 whatever the answers.
    const cells = [[400, 103, 251, 490, 300, 499], [103, 400, 252, 13, 203, 4]];
    const table = keyed({ rows: ["yes", "no"], columns: ["a", "b", "c", "d", "e", "f"], cells, shape: "questions" });
    const published = protectKeyedTable(table);
    expect(published.total).toBeNull();
    expect(published.rowTotals).toBeNull();
    // The same 503 people answered every question: their keys sum alike, so every column total is the same number.
    const totals = table.columns.map((_, c) => table.keys[0]![c]! + table.keys[1]![c]!);
    expect(published.columnTotals!.map(publishedCountText)).toEqual(totals.map((key) => String(perturbedCount(503, key))));
    // A lone small answer is protected within its own question.
    expect(published.cells.map((row) => publishedCountText(row[5]!))).toEqual(["withheld", "<10"]);
  });

  it("rates come from published counts and are withheld when either side is suppressed", () => {
    expect(publishedRate({ kind: "count", value: 45 }, { kind: "count", value: 60 })).toBe(75);
    expect(publishedRate({ kind: "small" }, { kind: "count", value: 60 })).toBeNull();
    expect(publishedRate({ kind: "count", value: 45 }, { kind: "withheld" })).toBeNull();
  });

  it("refuses a table that is not counts", () => {
    expect(() => protectTable({ rows: [], columns: ["a"], cells: [] })).toThrow(RangeError);
    expect(() => protectTable({ rows: ["a"], columns: ["b"], cells: [[-1]] })).toThrow(RangeError);
    expect(() => protectTable({ rows: ["a"], columns: ["b"], cells: [[1.5]] })).toThrow(RangeError);
    expect(() => protectKeyedTable({ rows: ["a"], columns: ["b"], cells: [[12]], keys: [[-1]] })).toThrow(RangeError);
    expect(() => protectKeyedTable({ rows: ["a"], columns: ["b"], cells: [[12]], keys: [] })).toThrow(RangeError);
  });
});

describe("protectTable withholds no more than it must", () => {
  it("a lone small cell in a 2 × 2 table costs the three cells that close its rectangle, and the margins stay published", () => {
    const table = keyed({ rows: ["a", "b"], columns: ["x", "y"], cells: [[3, 23], [12, 14]] });
    const published = protectKeyedTable(table);
    const [[k00, k01], [k10, k11]] = table.keys as [[number, number], [number, number]];
    expect(published.cells.flat().map(publishedCountText)).toEqual(["<10", "withheld", "withheld", "withheld"]);
    expect(published.rowTotals!.map(publishedCountText)).toEqual([String(perturbedCount(26, k00 + k01)), String(perturbedCount(26, k10 + k11))]);
    expect(published.columnTotals!.map(publishedCountText)).toEqual([String(perturbedCount(15, k00 + k10)), String(perturbedCount(37, k01 + k11))]);
  });

  it("a small cell in a wider table hides the cheapest rectangle, and the large months stay published", () => {
    const table = keyed({ rows: ["cancer", "rare_disease"], columns: ["2026-08", "2026-09", "2026-10"], cells: [[3, 23, 12], [10, 14, 10]] });
    const published = protectKeyedTable(table);
    expect(publishedCountText(published.cells[0]![1]!)).toBe(String(perturbedCount(23, table.keys[0]![1]!)));
    expect(publishedCountText(published.cells[1]![1]!)).toBe(String(perturbedCount(14, table.keys[1]![1]!)));
    expect(attack(published, table).size).toBe(0);
  });

  it("one small cell among large ones costs no margin and no more than the cheapest rectangle around it (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 6 }).chain((n) => fc.array(fc.array(fc.integer({ min: 50, max: 400 }), { minLength: n, maxLength: n }), { minLength: 3, maxLength: 5 })),
        fc.nat(),
        (generated, seed) => {
          // One small cell somewhere: protecting it takes a cycle of cells (a rectangle, or a longer one when cheaper), never a margin.
          // (A copy: fast-check reuses generated values when it shrinks.)
          const cells = generated.map((row) => [...row]);
          const row = seed % cells.length;
          const column = Math.floor(seed / cells.length) % cells[0]!.length;
          cells[row]![column] = seed % 10;
          const table: Unkeyed = { rows: cells.map((_, r) => `r${r}`), columns: cells[0]!.map((_, c) => `c${c}`), cells };
          const published = protectTable(table);
          const withheld = published.cells.flatMap((counts, r) => counts.flatMap((count, c) => (count.kind === "count" || (r === row && c === column) ? [] : [cells[r]![c]!])));
          // A cycle alternates rows and columns, so it visits each at most once: at most 2 × the shorter side.
          expect(withheld.length).toBeGreaterThanOrEqual(3);
          expect(withheld.length + 1).toBeLessThanOrEqual(2 * Math.min(cells.length, cells[0]!.length));
          // What is lost (each withheld value, plus the threshold per value withheld) is no more than the cheapest
          // rectangle would lose: a longer cycle is chosen only when it is cheaper (a 3 × 3 table may hide six cells).
          const loss = (values: number[]) => values.reduce((sum, value) => sum + value + 10, 0);
          let cheapestRectangle = Number.POSITIVE_INFINITY;
          for (let r = 0; r < cells.length; r++) {
            for (let c = 0; c < cells[0]!.length; c++) {
              if (r !== row && c !== column) cheapestRectangle = Math.min(cheapestRectangle, loss([cells[row]![c]!, cells[r]![column]!, cells[r]![c]!]));
            }
          }
          expect(loss(withheld)).toBeLessThanOrEqual(cheapestRectangle);
          expect(attack(published, table).size).toBe(0);
          for (const margin of [...published.rowTotals!, ...published.columnTotals!, published.total!]) expect(margin.kind).toBe("count");
        },
      ),
      { numRuns: 200 },
    );
  });
});
