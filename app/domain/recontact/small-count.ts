/**
 * Statistical disclosure control for campaign results (issue 13 item 5): a count under 10 can point at a person in a
 * small facility or a narrow age band, so anyone but ELSI staff sees it as "<10". Zero is not suppressed: "nobody"
 * reveals no one. Pure, and the only place the rule is written; every results view passes through it.
 */
export const SMALL_COUNT_THRESHOLD = 10;

export type ShownCount = { exact: true; value: number } | { exact: false; below: number };

export function showCount(count: number, viewer: { seesExactCounts: boolean }): ShownCount {
  if (viewer.seesExactCounts || count === 0 || count >= SMALL_COUNT_THRESHOLD) return { exact: true, value: count };
  return { exact: false, below: SMALL_COUNT_THRESHOLD };
}

/** The count as text: the number, or "<10". */
export function formatShownCount(shown: ShownCount): string {
  return shown.exact ? String(shown.value) : `<${shown.below}`;
}
