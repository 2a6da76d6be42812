/**
 * The index of the first string in `values` that equals an earlier one, or -1 when all are distinct: what a release's
 * uniqueness check needs of a million sample codes, without a Set grown one insertion at a time (new Set(array) of
 * 1,000,000 fresh strings costs ~0.35 s here, most of it rehashing as the table doubles and the tables' garbage).
 *
 * An open-addressing table of indices, sized once for the whole list, over a 32-bit hash of each string's UTF-16
 * code units (FNV-1a with a per-process random offset). Strings whose hashes meet are compared; equal strings are a
 * duplicate. A crafted list whose hashes collide would make probing quadratic: past a probe budget proportional to
 * the list (far above what distinct codes need) the answer is worked out with a Set instead, so the worst case costs
 * about what the Set alone always did.
 */
const OFFSET = (Math.random() * 0x1_0000_0000) >>> 0 || 0x811c9dc5;

/**
 * The hash the table uses, in three steps so that a scan already reading a string's code units (the release body's,
 * release-body.ts) can compute it on the way: `stringHashStart`, then `stringHashStep` per code unit, then
 * `stringHashEnd`. `stringHash` is the three in one.
 */
export const stringHashStart = OFFSET;
export const stringHashStep = (hash: number, codeUnit: number): number => Math.imul(hash ^ codeUnit, 0x01000193);
export const stringHashEnd = (hash: number): number => hash ^ (hash >>> 15);
export function stringHash(value: string): number {
  let hash = stringHashStart;
  for (let at = 0; at < value.length; at++) hash = stringHashStep(hash, value.charCodeAt(at));
  return stringHashEnd(hash);
}

/**
 * `probesPerValue`: the probe budget per value before the Set takes over (a test sets 0 to take that path).
 * `hashes`: each value's `stringHash`, when the caller has them (computed while the strings were made), so the
 * strings are read again only where two hashes meet.
 */
export function firstDuplicateIndex(values: readonly string[], probesPerValue = 8, hashes?: Int32Array): number {
  const count = values.length;
  if (count < 2) return -1;
  let capacity = 1;
  while (capacity < count * 2) capacity *= 2;
  const mask = capacity - 1;
  // Slot s: [2s] the index + 1 (0: empty), [2s + 1] its full hash, so that most collisions are told apart without
  // reading the other string.
  const slots = new Int32Array(capacity * 2);
  let budget = count * probesPerValue;
  for (let index = 0; index < count; index++) {
    const hash = hashes ? hashes[index]! : stringHash(values[index]!);
    let slot = hash & mask;
    for (;;) {
      const held = slots[slot * 2]!;
      if (held === 0) {
        slots[slot * 2] = index + 1;
        slots[slot * 2 + 1] = hash;
        break;
      }
      if (slots[slot * 2 + 1] === hash && values[held - 1] === values[index]) return index;
      slot = (slot + 1) & mask;
      if (--budget < 0) return firstDuplicateBySet(values);
    }
  }
  return -1;
}

function firstDuplicateBySet(values: readonly string[]): number {
  const seen = new Set<string>();
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    if (seen.has(value)) return index;
    seen.add(value);
  }
  return -1;
}
