import { findDuplicateKey } from "@tsunagi/service-kit/json-duplicate-keys";
import type { IncomingMessage } from "node:http";
import { StringDecoder } from "node:string_decoder";

export type JsonBodyResult =
  | { ok: true; value: unknown }
  | { ok: false; status: 400 | 413 | 415; error: "malformed_request" | "payload_too_large" | "unsupported_media_type"; issues: { message: string }[] };

/**
 * A parse that answers only what JSON.parse(text) would (`value`), with the text whose member names are those of the
 * whole (`memberText`, for the duplicate-member check), or undefined to leave the text to JSON.parse.
 */
export type FastJsonParse = (text: string) => { value: unknown; memberText: string } | undefined;

/** `application/json`, with or without parameters (charset). */
const jsonMediaType = /^application\/json\s*(;|$)/i;

/** Bodies of most endpoints are small; decisions batches of 10,000 items need more (see decision-routes.ts). */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Reads and parses a JSON body, stopping at `limitBytes` (announced or actual) so a huge body costs nothing more
 * than the bytes read so far. A body not labelled `application/json` is refused (415) unread: a `text/plain` POST is
 * what a web page can make a browser send to another origin without asking, and the bridge takes no such thing. The caller answers a refusal; the rest of a too-large body is never read, and the
 * server closes the connection after the answer (@tsunagi/service-kit/unread-body, installed in server.ts).
 */
export function readJsonBody(request: IncomingMessage, limitBytes = DEFAULT_BODY_LIMIT_BYTES, fastParse?: FastJsonParse): Promise<JsonBodyResult> {
  // No named closure is made per request: under tsx (the bench, deployments: ADR 081) each one costs a
  // `defineProperty` of its name (esbuild's keepNames), measurable on every decision (bench/RESULTS.md, ADR 090).
  if (!jsonMediaType.test(request.headers["content-type"] ?? "")) {
    return Promise.resolve({ ok: false, status: 415, error: "unsupported_media_type", issues: [{ message: "Content-Type must be application/json" }] });
  }
  const announced = Number(request.headers["content-length"]);
  if (Number.isFinite(announced) && announced > limitBytes) return Promise.resolve(tooLarge(limitBytes));
  return new Promise((resolve) => {
    // Decoded as the chunks come (a character split between two chunks is held over), not joined into one buffer
    // first: a release's body is megabytes, and a buffer of them is that much external memory, which is what starts
    // V8's collections (bench/RESULTS.md, "a release's answer first").
    const decoder = new StringDecoder("utf8");
    const parts: string[] = [];
    let size = 0;
    // Settled once: the first of a too-large body, a read error or the end decides.
    let done = false;
    request.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limitBytes) {
        // Stop here: resuming would read (and throw away) whatever the client still sends.
        request.removeAllListeners("data");
        request.pause();
        done = true;
        resolve(tooLarge(limitBytes));
        return;
      }
      parts.push(decoder.write(chunk));
    });
    request.on("error", () => {
      if (done) return;
      done = true;
      resolve({ ok: false, status: 400, error: "malformed_request", issues: [{ message: "request body could not be read" }] });
    });
    request.on("end", () => {
      if (done) return;
      done = true;
      parts.push(decoder.end());
      resolve(parsedBody(parts.length === 2 ? parts[0]! + parts[1]! : parts.join(""), fastParse));
    });
  });
}

function tooLarge(limitBytes: number): JsonBodyResult {
  return { ok: false, status: 413, error: "payload_too_large", issues: [{ message: `body larger than ${limitBytes} bytes` }] };
}

function parsedBody(text: string, fastParse: FastJsonParse | undefined): JsonBodyResult {
  // A route's own parse of its large member (a release's samples, ADR 088), answering only what JSON.parse would.
  const fast = fastParse?.(text);
  if (fast && !findDuplicateKey(fast.memberText)) return { ok: true, value: fast.value };
  try {
    const value = JSON.parse(text) as unknown;
    // Two members of one name: JSON.parse keeps the last, a proxy or log reader may take the first (issue 27).
    // Refused, naming it. One pass over the text; about a parse's cost on a 10,000-item decision batch.
    const duplicate = findDuplicateKey(text);
    if (duplicate) return { ok: false, status: 400, error: "malformed_request", issues: [{ message: `member "${duplicate.key}" appears twice in ${duplicate.path}` }] };
    return { ok: true, value };
  } catch {
    // Told apart only on failure, so a valid body is not scanned twice.
    const empty = !/\S/.test(text);
    return { ok: false, status: 400, error: "malformed_request", issues: [{ message: empty ? "body must be JSON" : "body is not valid JSON" }] };
  }
}

/** PostgreSQL text and jsonb cannot hold U+0000; such input is refused rather than failing in the database. */
export function containsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(containsNul);
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) if (key.includes("\u0000") || containsNul(item)) return true;
  }
  return false;
}
