// One frame per open object or array: an object's names so far (made on its second name: most objects are small),
// or an array's next index. A frame's path is worked out only for the answer: building one per object cost more
// than the parse itself on a bridge decision batch.
interface ObjectFrame {
  kind: "object";
  first: string | null;
  names: Set<string> | null;
  pendingName: string | null;
  parent: Frame | null;
  at: string | number | null;
}
interface ArrayFrame {
  kind: "array";
  index: number;
  parent: Frame | null;
  at: string | number | null;
}
type Frame = ObjectFrame | ArrayFrame;

function pathOf(frame: Frame | null): string {
  const parts: string[] = [];
  for (let current = frame; current; current = current.parent) {
    if (current.at !== null) parts.unshift(typeof current.at === "number" ? `[${current.at}]` : `.${current.at}`);
  }
  return `$${parts.join("")}`;
}

/** Where a value opening now sits in `top`: an array's index, an object's member name, or nothing at the top. */
function positionIn(top: Frame | null): string | number | null {
  return top === null ? null : top.kind === "array" ? top.index : (top.pendingName ?? "");
}

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
  // Helpers live outside: under tsx a named closure made per call costs a defineProperty (esbuild's keepNames).
  let top = null as Frame | null;
  const length = text.length;
  let position = 0;
  while (position < length) {
    const code = text.charCodeAt(position);
    if (code === 34 /* " */) {
      const end = endOfString(text, position);
      // A string right after `{` or `,` inside an object is a member name; anything else is a value.
      if (top?.kind === "object" && top.pendingName === null) {
        const raw = text.slice(position, end);
        const name = raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        if (top.first === null) top.first = name;
        else {
          if (top.names === null) top.names = new Set([top.first]);
          if (top.names.has(name)) return { key: name, path: pathOf(top) };
          top.names.add(name);
        }
        top.pendingName = name;
      }
      position = end;
      continue;
    }
    if (code === 123 /* { */) top = { kind: "object", first: null, names: null, pendingName: null, parent: top, at: positionIn(top) };
    else if (code === 91 /* [ */) top = { kind: "array", index: 0, parent: top, at: positionIn(top) };
    else if (code === 125 /* } */ || code === 93 /* ] */) top = top?.parent ?? null;
    else if (code === 44 /* , */) {
      if (top?.kind === "object") top.pendingName = null;
      else if (top?.kind === "array") top.index++;
    }
    position++;
  }
  return null;
}

/** The index just past the closing quote of the string that opens at `start`. */
function endOfString(text: string, start: number): number {
  let quote = text.indexOf('"', start + 1);
  while (quote !== -1) {
    // A quote is escaped when an odd number of backslashes precede it.
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    quote = text.indexOf('"', quote + 1);
  }
  return text.length;
}
