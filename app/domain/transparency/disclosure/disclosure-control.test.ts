import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  protectTable,
  publishedCountText,
  publishedRate,
  roundCount,
  type CountTable,
  type PublishedCount,
  type PublishedTable,
} from "./disclosure-control";

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

function attack(published: PublishedTable, table: CountTable): Map<string, number> {
  const m = table.rows.length;
  const n = table.columns.length;
  const rowSum = (r: number) => table.cells[r]!.reduce((a, b) => a + b, 0);
  const columnSum = (c: number) => table.cells.reduce((a, row) => a + row[c]!, 0);
  const grand = table.cells.flat().reduce((a, b) => a + b, 0);
  const named = new Map<string, Cell>();
  for (let r = 0; r < m; r++) for (let c = 0; c < n; c++) named.set(`cell ${r},${c}`, { published: published.cells[r]![c]!, truth: table.cells[r]![c]! });
  if (published.rowTotals) published.rowTotals.forEach((p, r) => named.set(`row ${r}`, { published: p, truth: rowSum(r) }));
  if (published.columnTotals) published.columnTotals.forEach((p, c) => named.set(`column ${c}`, { published: p, truth: columnSum(c) }));
  named.set("total", { published: published.total, truth: grand });
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
      (cells): CountTable => ({ rows: cells.map((_, r) => `r${r}`), columns: cells[0]!.map((_, c) => `c${c}`), cells }),
    ),
  );

function allPublished(table: PublishedTable): PublishedCount[] {
  return [...table.cells.flat(), ...(table.rowTotals ?? []), ...(table.columnTotals ?? []), table.total];
}

describe("protectTable", () => {
  it("the attack works: with primary suppression alone, a lone small count in a row is recovered from the totals", () => {
    const table: CountTable = { rows: ["cancer", "rare"], columns: ["2026-09", "2026-10"], cells: [[3, 40], [25, 31]] };
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
            if (shown.kind === "count") expect(Math.abs(shown.value - value)).toBeLessThanOrEqual(2);
          }),
        );
        for (const count of allPublished(published)) if (count.kind === "count") expect(count.value % 5).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it("a one-row series publishes its cells and total only, and two small months protect each other", () => {
    const published = protectTable({ rows: ["releases"], columns: ["2026-08", "2026-09", "2026-10"], cells: [[4, 120, 7]] });
    expect(published.rowTotals).toBeNull();
    expect(published.columnTotals).toBeNull();
    expect(published.cells[0]!.map(publishedCountText)).toEqual(["<10", "120", "<10"]);
    expect(publishedCountText(published.total)).toBe("130");
  });

  it("a lone small month in a series withholds the next smallest, so the total does not give it away", () => {
    const table: CountTable = { rows: ["releases"], columns: ["2026-08", "2026-09", "2026-10"], cells: [[4, 120, 57]] };
    const published = protectTable(table);
    expect(published.cells[0]!.map(publishedCountText)).toEqual(["<10", "120", "withheld"]);
    expect(attack(published, table).size).toBe(0);
  });

  it("across two snapshots, the difference of two rounded totals leaves a new month's small count open", () => {
    // Last month's snapshot published a total; this month's adds a month of 0–9 people. The reader subtracts.
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 5000 }), fc.integer({ min: 0, max: 9 }), (before, added) => {
        const difference = roundCount(before + added) - roundCount(before);
        const possible = Array.from({ length: 10 }, (_, value) => value).filter((value) =>
          // Every true count consistent with both published totals.
          Array.from({ length: 5 }, (_, shift) => before - 2 + shift).some((b) => roundCount(b) === roundCount(before) && roundCount(b + value) === roundCount(before) + difference),
        );
        expect(possible).toContain(added);
        expect(possible.length).toBeGreaterThan(1);
      }),
    );
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
  });
});

describe("protectTable withholds no more than it must", () => {
  it("a lone small cell in a 2 × 2 table costs the three cells that close its rectangle, and the margins stay published", () => {
    const published = protectTable({ rows: ["a", "b"], columns: ["x", "y"], cells: [[3, 23], [12, 14]] });
    expect(published.cells.flat().map(publishedCountText)).toEqual(["<10", "withheld", "withheld", "withheld"]);
    expect(published.rowTotals!.map(publishedCountText)).toEqual(["25", "25"]);
    expect(published.columnTotals!.map(publishedCountText)).toEqual(["15", "35"]);
  });

  it("a small cell in a wider table hides the cheapest rectangle, and the large months stay published", () => {
    const table: CountTable = { rows: ["cancer", "rare_disease"], columns: ["2026-08", "2026-09", "2026-10"], cells: [[3, 23, 12], [10, 14, 10]] };
    const published = protectTable(table);
    expect(publishedCountText(published.cells[0]![1]!)).toBe("25");
    expect(publishedCountText(published.cells[1]![1]!)).toBe("15");
    expect(attack(published, table).size).toBe(0);
  });

  it("one small cell among large ones costs no margin and leaves most cells published (fast-check)", () => {
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
          const table: CountTable = { rows: cells.map((_, r) => `r${r}`), columns: cells[0]!.map((_, c) => `c${c}`), cells };
          const published = protectTable(table);
          const hidden = published.cells.flat().filter((count) => count.kind !== "count").length;
          expect(hidden).toBeGreaterThanOrEqual(4);
          expect(hidden).toBeLessThanOrEqual(Math.max(4, Math.floor((cells.length * cells[0]!.length) / 2)));
          expect(attack(published, table).size).toBe(0);
          for (const margin of [...published.rowTotals!, ...published.columnTotals!, published.total]) expect(margin.kind).toBe("count");
        },
      ),
      { numRuns: 200 },
    );
  });
});
