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

/**
 * The strings of a plain list `[ "…", … ]` starting at `at`, and where it ends (exclusive), or undefined when the
 * text there is anything else (an escape, a control character, another kind of value, an empty list).
 */
function plainStringList(text: string, at: number): { list: string[]; end: number } | undefined {
  if (text.charCodeAt(at) !== 0x5b) return undefined;
  const list: string[] = [];
  let index = at + 1;
  for (;;) {
    while (isJsonSpace(text.charCodeAt(index))) index++;
    if (text.charCodeAt(index) !== QUOTE) return undefined;
    const start = index + 1;
    for (index = start; ; index++) {
      const code = text.charCodeAt(index);
      if (code === QUOTE) break;
      // NaN past the end, so the text's end is refused here too.
      if (!(code >= 0x20) || code === BACKSLASH) return undefined;
    }
    list.push(text.slice(start, index));
    index++;
    while (isJsonSpace(text.charCodeAt(index))) index++;
    const code = text.charCodeAt(index);
    if (code === 0x5d) return { list, end: index + 1 };
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
  return { value: record, memberText };
}
