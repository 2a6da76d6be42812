import type { ServerResponse } from "node:http";
import type { JwsParts, JwsSigner } from "../signing/jws-signer";

const jsonHeaders = {
  "Content-Type": "application/json; charset=utf-8",
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
} as const;

export function sendJson(response: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  sendJsonText(response, status, JSON.stringify(body), headers);
}

export function sendJsonText(response: ServerResponse, status: number, text: string, headers?: Record<string, string>): void {
  const length = Buffer.byteLength(text);
  if (headers) response.writeHead(status, { ...jsonHeaders, "Content-Length": length, ...headers });
  // Every decision is answered through here; no object is spread for it.
  else response.writeHead(status, { "Content-Type": jsonHeaders["Content-Type"], "Cache-Control": jsonHeaders["Cache-Control"], "X-Content-Type-Options": jsonHeaders["X-Content-Type-Options"], "Content-Length": length });
  response.end(text);
}

export function sendNoContent(response: ServerResponse): void {
  response.writeHead(204, { "Cache-Control": "no-store" });
  response.end();
}

/** `{ "error": code, ...detail }`: every refusal the bridge sends has this shape. */
export function sendError(response: ServerResponse, status: number, error: string, detail: Record<string, unknown> = {}, headers?: Record<string, string>): void {
  sendJson(response, status, { error, ...detail }, headers);
}

/**
 * Up to this many characters of JSON an answer is written as one string (Node sends a response's head and a string
 * body in one write, where a Buffer body goes out as a writev of two): a single decision (~600 characters) or a small
 * batch. A larger one is encoded once into bytes, which are what is signed and what is sent.
 */
export const SMALL_SIGNED_ANSWER_CHARS = 16 * 1024;

/**
 * The payload plus `jws`, a compact JWS whose payload is exactly the JSON of the body without `jws`
 * (docs/pipeline-bridge.md, "Signed answers"). The payload is serialised once and the member spliced in. The
 * signature is computed on libuv's thread pool: measured against signing on the event loop with the HTTP benchmark
 * (single decisions, load generator on the same 2-core machine), the thread pool answered 2–13 % more a second at a
 * similar p99, and a large batch's hashing (megabytes) stays off the event loop.
 */
export async function sendSignedJson(response: ServerResponse, status: number, payload: Record<string, unknown>, signer: JwsSigner): Promise<void> {
  const json = JSON.stringify(payload);
  if (json.length > SMALL_SIGNED_ANSWER_CHARS) return sendLargeSignedJson(response, status, json, signer);
  const { signingInput, signature } = await signer.signSmallAsync(json);
  // A compact JWS is base64url and dots only: nothing in it needs escaping in a JSON string.
  const text = `${json.slice(0, -1)}${json.length > 2 ? ',"jws":"' : '"jws":"'}${signingInput}.${signature}"}`;
  response.writeHead(status, { "Content-Type": jsonHeaders["Content-Type"], "Cache-Control": jsonHeaders["Cache-Control"], "X-Content-Type-Options": jsonHeaders["X-Content-Type-Options"], "Content-Length": Buffer.byteLength(text) });
  response.end(text);
}

async function sendLargeSignedJson(response: ServerResponse, status: number, json: string, signer: JwsSigner): Promise<void> {
  // The payload is encoded once: those bytes are what is signed and what is sent. A 10,000-decision answer is
  // megabytes, and each copy into another string or buffer costs milliseconds.
  const bytes = Buffer.from(json, "utf8");
  sendSignedBytes(response, status, bytes, await signer.signBytesAsync(bytes));
}

/**
 * Sends `payload` (the UTF-8 bytes of a JSON object, exactly as signed) with the member `"jws"` spliced in. The
 * pieces go out as they are, corked into one writev: a release's answer is tens of megabytes, and joining them into
 * one buffer first copied all of it once more and handed V8 that much more external memory, which is what starts its
 * collections (bench/RESULTS.md, "a release's answer first").
 */
export function sendSignedBytes(response: ServerResponse, status: number, payload: Buffer, jws: JwsParts, headers?: Readonly<Record<string, string>>): void {
  // A compact JWS is base64url and dots only: nothing in it needs escaping in a JSON string.
  const pieces = [payload.subarray(0, payload.length - 1), payload.length > 2 ? jwsMemberAfter : jwsMemberAlone, jws.signingInput, Buffer.from(`.${jws.signature}"}`, "latin1")];
  const length = pieces.reduce((sum, piece) => sum + piece.length, 0);
  response.writeHead(status, { "Content-Type": jsonHeaders["Content-Type"], "Cache-Control": jsonHeaders["Cache-Control"], "X-Content-Type-Options": jsonHeaders["X-Content-Type-Options"], ...headers, "Content-Length": length });
  response.cork();
  for (const piece of pieces) response.write(piece);
  response.end();
}

const jwsMemberAfter = Buffer.from(',"jws":"', "latin1");
const jwsMemberAlone = Buffer.from('"jws":"', "latin1");
