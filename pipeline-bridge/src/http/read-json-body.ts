import type { IncomingMessage } from "node:http";

export type JsonBodyResult =
  | { ok: true; value: unknown }
  | { ok: false; status: 400 | 413; error: "malformed_request" | "payload_too_large"; issues: { message: string }[] };

/** Bodies of most endpoints are small; decisions batches of 10,000 items need more (see decision-routes.ts). */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Reads and parses a JSON body, stopping at `limitBytes` (announced or actual) so a huge body costs nothing more
 * than the bytes read so far. The caller answers a refusal; a too-large body also closes the connection, since the
 * rest of it is never read.
 */
export function readJsonBody(request: IncomingMessage, limitBytes = DEFAULT_BODY_LIMIT_BYTES): Promise<JsonBodyResult> {
  // Built only when needed: every decision request passes through here.
  const tooLarge = (): JsonBodyResult => ({ ok: false, status: 413, error: "payload_too_large", issues: [{ message: `body larger than ${limitBytes} bytes` }] });
  const announced = Number(request.headers["content-length"]);
  if (Number.isFinite(announced) && announced > limitBytes) {
    request.resume();
    return Promise.resolve(tooLarge());
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: JsonBodyResult) => {
      if (done) return;
      done = true;
      resolve(result);
    };
    request.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limitBytes) {
        request.removeAllListeners("data");
        request.resume();
        finish(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    request.on("error", () => finish({ ok: false, status: 400, error: "malformed_request", issues: [{ message: "request body could not be read" }] }));
    request.on("end", () => {
      if (done) return;
      const text = chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks, size).toString("utf8");
      try {
        finish({ ok: true, value: JSON.parse(text) as unknown });
      } catch {
        // Told apart only on failure, so a valid body is not scanned twice.
        const empty = !/\S/.test(text);
        finish({ ok: false, status: 400, error: "malformed_request", issues: [{ message: empty ? "body must be JSON" : "body is not valid JSON" }] });
      }
    });
  });
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
