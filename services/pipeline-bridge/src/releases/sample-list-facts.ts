/**
 * What the release body's scan (release-body.ts) learnt of a `samples` list while it made its strings, kept for the
 * request's check (release-schemas.ts) so it need not read a million cold strings again: whether every string is a
 * sample code by SAMPLE_CODE_PATTERN's rule, and each string's hash for the uniqueness table (first-duplicate.ts).
 * Keyed by the list itself: a list the scan did not make has no facts and is checked in full.
 */
export interface SampleListFacts {
  /** Every string matches SAMPLE_CODE_PATTERN (a letter or digit, then up to 63 letters, digits, `_` or `-`). */
  allSampleCodes: boolean;
  /** `stringHash` of each string, in order. */
  hashes: Int32Array;
}

const facts = new WeakMap<readonly string[], SampleListFacts>();

export function rememberSampleListFacts(list: readonly string[], listFacts: SampleListFacts): void {
  facts.set(list, listFacts);
}

export function sampleListFacts(list: readonly string[]): SampleListFacts | undefined {
  return facts.get(list);
}
