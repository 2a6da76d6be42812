// The adversary of the published statistics (issue 27 item 6; used again by issue 28's consultation counts): one integer
// unknown per true count, bounded by what was published for it under the method (ADR 044), related by the sums a
// reader knows hold, and solved with integer programming (HiGHS) for the least and greatest value each can take.
import type highsLoader from "highs";
import { perturbationRangeOf, SMALL_COUNT_THRESHOLD } from "../../app/domain/transparency/disclosure/disclosure-control";

/** A published count as the downloads write it. */
export type Published = number | "<10" | "withheld";

/**
 * Every true count a published number can stand for, as the method says: at least the threshold, within its largest
 * perturbation of the number (which grows with the count, so scanned), and for a published 10 anything whose largest
 * perturbation downward reaches 10.
 */
export function truthsFor(published: number): [number, number] {
  let low = Number.POSITIVE_INFINITY;
  let high = 0;
  for (let truth = SMALL_COUNT_THRESHOLD; truth <= published * 2 + 100; truth++) {
    const range = perturbationRangeOf(truth);
    const possible = published === SMALL_COUNT_THRESHOLD ? truth - range <= SMALL_COUNT_THRESHOLD : Math.abs(published - truth) <= range;
    if (possible) {
      low = Math.min(low, truth);
      high = Math.max(high, truth);
    }
  }
  return [low, high];
}

/** One integer unknown per true count; linear constraints over them; CPLEX LP text for HiGHS. */
export class DisclosureModel {
  private readonly names = new Map<string, string>();
  readonly constraints: string[] = [];
  readonly bounds = new Map<string, [number, number]>();
  /** What each unknown stands for, and what was published for it (for the report). */
  readonly labels = new Map<string, { label: string; published: Published; truth: number }>();

  variable(key: string): string {
    let name = this.names.get(key);
    if (!name) {
      name = `x${this.names.size}`;
      this.names.set(key, name);
      this.bounds.set(name, [0, 1e7]);
    }
    return name;
  }

  /** What the adversary learns from one published value of an unknown. */
  observe(key: string, published: Published, label: string, truth: number): void {
    const name = this.variable(key);
    const [low, high] = this.bounds.get(name)!;
    const range: [number, number] = published === "<10" ? [0, SMALL_COUNT_THRESHOLD - 1] : published === "withheld" ? [SMALL_COUNT_THRESHOLD, 1e7] : truthsFor(published);
    this.bounds.set(name, [Math.max(low, range[0]), Math.min(high, range[1])]);
    if (!this.labels.has(name)) this.labels.set(name, { label, published, truth });
  }

  /** Σ terms (name, coefficient) = 0, or ≤ 0 / ≥ 0. */
  relate(terms: [string, number][], sense: "=" | "<=" | ">=" = "="): void {
    const text = terms.map(([key, coefficient]) => `${coefficient >= 0 ? "+" : "-"} ${Math.abs(coefficient)} ${this.variable(key)}`).join(" ");
    this.constraints.push(`c${this.constraints.length}: ${text} ${sense} 0`);
  }

  /** The least and greatest value the unknown can take, everything published and known considered. */
  range(highs: Awaited<ReturnType<typeof highsLoader>>, name: string): [number, number] {
    const solve = (sense: "Minimize" | "Maximize") => {
      const bounds = [...this.bounds].map(([variable, [low, high]]) => ` ${low} <= ${variable} <= ${high}`);
      const problem = `${sense}\n obj: ${name}\nSubject To\n${this.constraints.map((line) => ` ${line}`).join("\n")}\nBounds\n${bounds.join("\n")}\nGeneral\n ${[...this.bounds.keys()].join(" ")}\nEnd\n`;
      const result = highs.solve(problem);
      if (result.Status !== "Optimal") throw new Error(`the adversary's model is ${result.Status}: it contradicts what was published`);
      return Math.round(result.ObjectiveValue);
    };
    return [solve("Minimize"), solve("Maximize")];
  }

  /**
   * Every published count the adversary bounds: a count under 10 pinned to fewer than five values, or a perturbed count
   * pinned to one, is a finding; a true value outside its bounds means the model is wrong (thrown).
   */
  findings(highs: Awaited<ReturnType<typeof highsLoader>>): { pinned: string[]; small: number; perturbed: number } {
    const pinned: string[] = [];
    let small = 0;
    let perturbed = 0;
    for (const [name, { label, published, truth }] of this.labels) {
      if (published !== "<10" && typeof published !== "number") continue;
      const [low, high] = this.range(highs, name);
      if (truth < low || truth > high) throw new Error(`${label}: the truth ${truth} lies outside [${low}, ${high}]`);
      if (published === "<10") {
        small++;
        if (high - low + 1 < 5) pinned.push(`${label}: "<10", true count ${truth}, pinned to ${low}–${high}`);
      } else {
        perturbed++;
        if (low === high) pinned.push(`${label}: published ${published}, true count ${truth}, pinned exactly`);
      }
    }
    return { pinned, small, perturbed };
  }
}
