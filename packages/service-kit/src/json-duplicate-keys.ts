/**
 * The first member name that appears twice in one object of a JSON text, with the path of that object, or null.
 * JSON.parse keeps the last of two equal names (RFC 8259 §4 leaves it to the reader), so a client — or an attacker
 * between a signer and a reader — can send `{"gene":"BRCA1","gene":"TP53"}` and have one program read BRCA1 and
 * another TP53. An API that takes JSON refuses such a body instead (issue 27).
 *
 * Call it on a text JSON.parse has accepted: it walks the text once, decoding each member name as JSON.parse does
 * (`"a"` and `"\u0061"` are one name) and skipping every other value without building it.
 */
export function findDuplicateKey(text: string): { key: string; path: string } | null {
  // One frame per open object or array: an object's names so far, or an array's next index.
  const frames: ({ kind: "object"; names: Set<string>; path: string; pendingName: string | null } | { kind: "array"; index: number; path: string })[] = [];
  const pathOfNext = (): string => {
    const frame = frames.at(-1);
    if (!frame) return "$";
    if (frame.kind === "array") return `${frame.path}[${frame.index}]`;
    return `${frame.path}.${frame.pendingName ?? ""}`;
  };
  let position = 0;
  while (position < text.length) {
    const character = text[position]!;
    if (character === '"') {
      const end = endOfString(text, position);
      const frame = frames.at(-1);
      // A string right after `{` or `,` inside an object is a member name; anything else is a value.
      if (frame?.kind === "object" && frame.pendingName === null) {
        const raw = text.slice(position, end);
        const name = raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        if (frame.names.has(name)) return { key: name, path: frame.path };
        frame.names.add(name);
        frame.pendingName = name;
      }
      position = end;
      continue;
    }
    if (character === "{") frames.push({ kind: "object", names: new Set(), path: pathOfNext(), pendingName: null });
    else if (character === "[") frames.push({ kind: "array", index: 0, path: pathOfNext() });
    else if (character === "}" || character === "]") frames.pop();
    else if (character === ",") {
      const frame = frames.at(-1);
      if (frame?.kind === "object") frame.pendingName = null;
      else if (frame?.kind === "array") frame.index++;
    }
    position++;
  }
  return null;
}

/** The index just past the closing quote of the string that opens at `start`. */
function endOfString(text: string, start: number): number {
  let position = start + 1;
  while (position < text.length) {
    const character = text[position]!;
    if (character === "\\") position += 2;
    else if (character === '"') return position + 1;
    else position++;
  }
  return position;
}
