import { constants, inflateSync } from "node:zlib";
import { MAX_ETHICS_DOCUMENT_BYTES } from "./ethics-document";

/**
 * The ethics approval document an applicant attaches (issue 27 item 7; ADR 040 amended): a PDF of at most 10 MB,
 * judged by its bytes alone — the name and the type the browser declared are not trusted. What is checked, cheaply,
 * by scanning the bytes (no PDF parser runs on an uploaded file):
 *
 * - it begins with `%PDF-` and `%%EOF` stands in its last 1,024 bytes (where readers look for it);
 * - no name outside a stream says `/Encrypt` (a password-protected file the committee could not open and we could
 *   not scan), `/JavaScript` or `/JS`, `/Launch`, `/EmbeddedFile(s)`, `/RichMedia` or `/XFA` (a form that carries
 *   scripts) — names are read as PDF reads them, so `/J#61vaScript` is `/JavaScript`;
 * - object streams (`/ObjStm`, where PDF 1.5 and later keep most dictionaries compressed) are inflated and scanned
 *   the same way; one that cannot be inflated (another filter, a predictor, broken data, or more than 64 MB inflated
 *   in all) is refused, since what it hides could not be read.
 *
 * Not checked: other streams (page contents, images, fonts) are skipped, not decoded; the file's structure (cross
 * reference table, object numbers) is not validated; a name inside a literal string is read as a name (a false
 * refusal, not a missed one); URI, GoToR, SubmitForm and other actions a reader asks before following are allowed.
 * The committee downloads the file (never rendered in the app's origin) and opens it in its own reader.
 */
export type EthicsDocumentRefusal =
  | "ethics_document_empty"
  | "ethics_document_too_large"
  | "ethics_document_not_pdf"
  | "ethics_document_encrypted"
  | "ethics_document_active_content"
  | "ethics_document_unreadable";

/** Names whose presence refuses the file: what they are for is said in the comment above. */
const activeNames = new Set(["JavaScript", "JS", "Launch", "EmbeddedFile", "EmbeddedFiles", "RichMedia", "XFA"]);
const eofWindowBytes = 1024;
const maxInflatedBytes = 64 * 1024 * 1024;

const header = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const eofMarker = Buffer.from("%%EOF", "latin1");
const streamKeyword = Buffer.from("stream", "latin1");
const endstreamKeyword = Buffer.from("endstream", "latin1");

/** PDF white-space (7.2.2) and delimiters (7.2.3): where a name ends. */
function endsName(byte: number): boolean {
  return (
    byte === 0x00 || byte === 0x09 || byte === 0x0a || byte === 0x0c || byte === 0x0d || byte === 0x20 ||
    byte === 0x28 || byte === 0x29 || byte === 0x3c || byte === 0x3e || byte === 0x5b || byte === 0x5d ||
    byte === 0x7b || byte === 0x7d || byte === 0x2f || byte === 0x25
  );
}

function isHexDigit(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}

/** The name starting after the `/` at `start`, `#xx` escapes decoded (7.3.5), and where it ends. */
function readName(bytes: Uint8Array, start: number): { name: string; end: number } {
  const decoded: number[] = [];
  let index = start;
  while (index < bytes.length && !endsName(bytes[index]!)) {
    const byte = bytes[index]!;
    if (byte === 0x23 && index + 2 < bytes.length && isHexDigit(bytes[index + 1]!) && isHexDigit(bytes[index + 2]!)) {
      decoded.push(Number.parseInt(String.fromCharCode(bytes[index + 1]!, bytes[index + 2]!), 16));
      index += 3;
    } else {
      decoded.push(byte);
      index += 1;
    }
    // No legitimate name is this long; a run of bytes that is is not one of ours either.
    if (decoded.length > 127) break;
  }
  return { name: Buffer.from(decoded).toString("latin1"), end: index };
}

/** `stream` as a keyword here: preceded by a delimiter or white-space and followed by an end of line. */
function streamStartsAt(bytes: Uint8Array, index: number): number | null {
  if (index > 0 && !endsName(bytes[index - 1]!)) return null;
  for (let offset = 0; offset < streamKeyword.length; offset++) if (bytes[index + offset] !== streamKeyword[offset]) return null;
  const after = index + streamKeyword.length;
  if (bytes[after] === 0x0d && bytes[after + 1] === 0x0a) return after + 2;
  if (bytes[after] === 0x0a || bytes[after] === 0x0d) return after + 1;
  return null;
}

interface ScanState {
  found: "encrypted" | "active" | null;
  inflatedBytes: number;
  unreadable: boolean;
}

/**
 * Scans the names outside streams; a stream is skipped to its `endstream`, unless its dictionary (the names since the
 * last `obj`) says it is an object stream, which is inflated and scanned too.
 */
function scanNames(bytes: Uint8Array, state: ScanState, nested: boolean): void {
  let dictionaryNames: string[] = [];
  let index = 0;
  // An unreadable object stream does not stop the scan: an `/Encrypt` further on says better why (its streams are
  // ciphertext), and an active name anywhere is refused for what it is.
  while (index < bytes.length && !state.found) {
    const byte = bytes[index]!;
    if (byte === 0x25) {
      // A comment runs to the end of the line.
      while (index < bytes.length && bytes[index] !== 0x0a && bytes[index] !== 0x0d) index++;
      continue;
    }
    if (byte === 0x2f) {
      const { name, end } = readName(bytes, index + 1);
      if (name === "Encrypt") state.found = "encrypted";
      else if (activeNames.has(name)) state.found = "active";
      dictionaryNames.push(name);
      index = end;
      continue;
    }
    if (byte === 0x6f && bytes[index + 1] === 0x62 && bytes[index + 2] === 0x6a && (index + 3 >= bytes.length || endsName(bytes[index + 3]!))) {
      // `obj` (or `endobj`): the next dictionary is a new object's.
      dictionaryNames = [];
      index += 3;
      continue;
    }
    if (!nested && byte === 0x73) {
      const dataStart = streamStartsAt(bytes, index);
      if (dataStart !== null) {
        const dataEnd = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(endstreamKeyword, dataStart);
        const end = dataEnd === -1 ? bytes.length : dataEnd;
        if (dictionaryNames.includes("ObjStm")) scanObjectStream(bytes.subarray(dataStart, end), dictionaryNames, state);
        dictionaryNames = [];
        index = dataEnd === -1 ? bytes.length : dataEnd + endstreamKeyword.length;
        continue;
      }
    }
    index++;
  }
}

function scanObjectStream(data: Uint8Array, dictionaryNames: readonly string[], state: ScanState): void {
  const filters = dictionaryNames.filter((name) => name.endsWith("Decode"));
  // Object streams are FlateDecode in practice; anything else (or a predictor) we cannot read cheaply.
  if (filters.length !== 1 || filters[0] !== "FlateDecode" || dictionaryNames.includes("DecodeParms")) {
    state.unreadable = true;
    return;
  }
  const budget = maxInflatedBytes - state.inflatedBytes;
  if (budget <= 0) {
    state.unreadable = true;
    return;
  }
  let inflated: Buffer;
  try {
    // A stream cut short of zlib's end marker still yields what it holds (Z_SYNC_FLUSH), as PDF readers read it.
    inflated = inflateSync(data, { maxOutputLength: budget, finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    state.unreadable = true;
    return;
  }
  state.inflatedBytes += inflated.length;
  scanNames(inflated, state, true);
}

/** Null when the file may be stored; otherwise why it is refused (an AppError code). */
export function ethicsDocumentRefusal(content: Uint8Array): EthicsDocumentRefusal | null {
  if (content.length === 0) return "ethics_document_empty";
  if (content.length > MAX_ETHICS_DOCUMENT_BYTES) return "ethics_document_too_large";
  if (content.length < header.length || header.some((byte, index) => content[index] !== byte)) return "ethics_document_not_pdf";
  const tail = Buffer.from(content.buffer, content.byteOffset, content.byteLength).subarray(Math.max(0, content.length - eofWindowBytes));
  if (tail.indexOf(eofMarker) === -1) return "ethics_document_not_pdf";
  const state: ScanState = { found: null, inflatedBytes: 0, unreadable: false };
  scanNames(content, state, false);
  if (state.found === "encrypted") return "ethics_document_encrypted";
  if (state.found === "active") return "ethics_document_active_content";
  if (state.unreadable) return "ethics_document_unreadable";
  return null;
}

/** A name safe to show and to send back: letters, digits, dash and underscore, then `.pdf`. */
export function safeEthicsDocumentName(original: string): string {
  const stem = original
    .normalize("NFKC")
    .replace(/\.[A-Za-z0-9]{1,5}$/u, "")
    .replace(/[^A-Za-z0-9_-]+/gu, "-")
    .replace(/^-+|-+$/gu, "")
    .slice(0, 80);
  return `${stem || "ethics-approval"}.pdf`;
}
