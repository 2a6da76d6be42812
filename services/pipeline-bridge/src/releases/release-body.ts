/**
 * A release request's JSON text read as JSON.parse reads it, faster on its one large member (ADR 088): the top-level
 * `samples` array, when it is a plain list of strings without escapes, is cut out of the text and its strings taken
 * by slicing, and only the rest of the text (a few hundred bytes) goes through JSON.parse. On a million sample codes
 * JSON.parse spends ~0.4 s in its generic path; the list's own scan is a loop over its characters.
 *
 * It answers only when its answer is certainly JSON.parse's; otherwise `undefined`, and the caller parses the whole
 * text as before, so every refusal (invalid JSON, a duplicate member, any schema issue) is unchanged:
 * - the cut span is checked to be exactly `[` `"…"` (`,` `"…"`)* `]` with JSON whitespace, each string without `\`,
 *   `"` or a control character (whose JSON value is then its characters as they stand in the text);
 * - the span is replaced by a placeholder the original text cannot contain (`"\u0000"`, refused when present), and
 *   the reduced text parsed: valid JSON whose top-level object's `samples` is that placeholder proves the span was
 *   the top-level `samples` member's value, and the original text valid JSON exactly when the reduced one is;
 * - duplicate members are looked for in the reduced text (the span holds no member names).
 */
import { stringHashEnd, stringHashStart, stringHashStep } from "./first-duplicate";
import { rememberSampleListFacts, type SampleListFacts } from "./sample-list-facts";

const PLACEHOLDER = '"\\u0000"';
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** The end (exclusive) of a JSON string starting at the quote `at`, or -1 when it does not end. */
function stringEnd(text: string, at: number): number {
  for (let index = at + 1; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === BACKSLASH) index++;
    else if (code === QUOTE) return index + 1;
  }
  return -1;
}

/**
 * Where the top-level object's member `name` has its value: the index of its first character, or -1. Walks the
 * top level only, skipping strings and nested values by their brackets (strings inside them too), which locates
 * members correctly in valid JSON; in invalid JSON a wrong guess is caught by the placeholder check.
 */
function topLevelMemberValue(text: string, name: string): number {
  let index = 0;
  while (index < text.length && isJsonSpace(text.charCodeAt(index))) index++;
  if (text.charCodeAt(index) !== 0x7b) return -1;
  let depth = 0;
  let expectKey = true;
  for (index++; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      const end = stringEnd(text, index);
      if (end === -1) return -1;
      if (depth === 0 && expectKey) {
        let after = end;
        while (after < text.length && isJsonSpace(text.charCodeAt(after))) after++;
        if (text.charCodeAt(after) !== 0x3a) return -1;
        if (end - index === name.length + 2 && text.startsWith(name, index + 1)) {
          after++;
          while (after < text.length && isJsonSpace(text.charCodeAt(after))) after++;
          return after;
        }
        expectKey = false;
        index = after;
        continue;
      }
      index = end - 1;
    } else if (code === 0x7b || code === 0x5b) depth++;
    else if (code === 0x7d || code === 0x5d) {
      if (depth === 0) return -1;
      depth--;
    } else if (code === 0x2c && depth === 0) expectKey = true;
  }
  return -1;
}

/** A letter or digit: what a sample code may begin with. */
function isCodeStart(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}
const MAX_SAMPLE_CODE_LENGTH = 64;

/**
 * The list of strings starting at `at` when it is `[` `"…"` (`,` `"…"`)* `]` (JSON whitespace between) and no string
 * holds a backslash, a quote or a control character: the strings as JSON would give them, and the index after `]`.
 * Otherwise `undefined`. On the way, while each string's code units are at hand, it works out each string's hash for
 * the uniqueness check and whether every string is a sample code (sample-list-facts.ts), so that check does not read a
 * million strings again once they have left the cache.
 */
function plainStringList(text: string, at: number): { list: string[]; end: number; facts: SampleListFacts } | undefined {
  if (text.charCodeAt(at) !== 0x5b) return undefined;
  const list: string[] = [];
  let hashes = new Int32Array(1024);
  let allSampleCodes = true;
  let index = at + 1;
  for (;;) {
    while (isJsonSpace(text.charCodeAt(index))) index++;
    if (text.charCodeAt(index) !== QUOTE) return undefined;
    const start = index + 1;
    let hash = stringHashStart;
    for (index = start; ; index++) {
      const code = text.charCodeAt(index);
      if (code === QUOTE) break;
      // NaN past the end, so the text's end is refused here too.
      if (!(code >= 0x20) || code === BACKSLASH) return undefined;
      hash = stringHashStep(hash, code);
      if (allSampleCodes && !isCodeStart(code) && (index === start || (code !== 0x5f && code !== 0x2d))) allSampleCodes = false;
    }
    if (index === start || index - start > MAX_SAMPLE_CODE_LENGTH) allSampleCodes = false;
    if (list.length === hashes.length) {
      const grown = new Int32Array(hashes.length * 2);
      grown.set(hashes);
      hashes = grown;
    }
    hashes[list.length] = stringHashEnd(hash);
    list.push(text.slice(start, index));
    index++;
    while (isJsonSpace(text.charCodeAt(index))) index++;
    const code = text.charCodeAt(index);
    if (code === 0x5d) return { list, end: index + 1, facts: { allSampleCodes, hashes: hashes.subarray(0, list.length) } };
    if (code !== 0x2c) return undefined;
    index++;
  }
}

export interface FastReleaseBody {
  /** What JSON.parse(text) gives. */
  value: Record<string, unknown>;
  /** The text without the samples' list, for the duplicate-member scan. */
  memberText: string;
}

export function parseReleaseBodyText(text: string): FastReleaseBody | undefined {
  const at = topLevelMemberValue(text, "samples");
  if (at === -1) return undefined;
  const samples = plainStringList(text, at);
  if (!samples || text.includes("\\u0000")) return undefined;
  const memberText = text.slice(0, at) + PLACEHOLDER + text.slice(samples.end);
  let value: unknown;
  try {
    value = JSON.parse(memberText);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (record.samples !== "\u0000") return undefined;
  record.samples = samples.list;
  rememberSampleListFacts(samples.list, samples.facts);
  return { value: record, memberText };
}
