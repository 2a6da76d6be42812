import http from "node:http";
import https from "node:https";
import type { RelayHeartbeat } from "@tsunagi/consent-rules/consent-change-message";
import { heartbeatsPath, type RelayHeartbeats, type StreamWire, type WirePath } from "@tsunagi/bridge-wire/relay-wire";

/** A request the bridge did not acknowledge; the message is what the outbox row's lastError keeps. */
export class BridgeRefusal extends Error {
  constructor(readonly status: number, body: string) {
    super(`HTTP ${status}${body ? `: ${body.replace(/\s+/g, " ").slice(0, 200)}` : ""}`);
    this.name = "BridgeRefusal";
  }
}

// Long enough for a 500-change transaction on a busy bridge; short enough that a hung connection is retried.
const REQUEST_TIMEOUT_MS = 15_000;

// Every path below is the wire's (@tsunagi/bridge-wire, ADR 128): `post` takes a WirePath, which only that package
// makes, so a path typed here fails the typecheck rather than the bridge's 404 at run time.

/** A batch of a stream's messages to its endpoint; resolves only on the bridge's 200, which is the acknowledgement. */
export async function postChanges<Envelope extends { eventId: string }>(bridgeUrl: string, token: string, wire: StreamWire<Envelope>, changes: readonly Envelope[], signal: AbortSignal): Promise<void> {
  await post(bridgeUrl, wire.changes.path, token, { changes }, signal, [200]);
}

/** A stream's mark on its own endpoint, for a bridge older than the combined heartbeat; the bridge answers 204. */
export async function postHeartbeat(bridgeUrl: string, token: string, wire: StreamWire, heartbeat: RelayHeartbeat, signal: AbortSignal): Promise<void> {
  await post(bridgeUrl, wire.heartbeat.path, token, heartbeat, signal, [200, 204]);
}

/**
 * Every stream's mark in one request (ADR 078), each under its wire key, a mark left out when its outbox could not be
 * read; the bridge answers 204. A bridge without it (older than ADR 078) answers 404: the relay then sends each on
 * its own endpoint.
 */
export async function postRelayHeartbeats(bridgeUrl: string, token: string, heartbeats: RelayHeartbeats, signal: AbortSignal): Promise<void> {
  await post(bridgeUrl, heartbeatsPath, token, heartbeats, signal, [200, 204]);
}

/**
 * One keep-alive connection pool per relay process, through node:http rather than fetch: the relay posts a
 * heartbeat a second for as long as it runs, and fetch's web streams (a ReadableStream per request and per answer,
 * their transfer set-up, two AbortSignals) were the largest part of an idle system's CPU (issue 30 item 5).
 */
const agents = { "http:": new http.Agent({ keepAlive: true, maxSockets: 4 }), "https:": new https.Agent({ keepAlive: true, maxSockets: 4 }) };

/** The most of a refusal's body kept for its message. */
const MAX_ANSWER_BYTES = 16 * 1024;

function post(bridgeUrl: string, path: WirePath, token: string, body: unknown, signal: AbortSignal, accepted: number[]): Promise<void> {
  const target = new URL(`${bridgeUrl.replace(/\/+$/, "")}${path}`);
  const payload = Buffer.from(JSON.stringify(body));
  const attempt = (retryOnStaleSocket: boolean): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const transport = target.protocol === "https:" ? https : http;
      const request = transport.request(target, {
        method: "POST",
        agent: target.protocol === "https:" ? agents["https:"] : agents["http:"],
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": payload.length },
      });
      const timer = setTimeout(() => request.destroy(Object.assign(new Error(`the bridge did not answer within ${REQUEST_TIMEOUT_MS} ms`), { name: "TimeoutError" })), REQUEST_TIMEOUT_MS);
      const onAbort = () => request.destroy(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
      signal.addEventListener("abort", onAbort, { once: true });
      const settle = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
      };
      request.once("error", (error: NodeJS.ErrnoException) => {
        settle();
        // A kept-alive connection the bridge closed as this request went out (its idle timeout): the request never
        // reached it, so it is sent once more on a new connection. Every request here is safe to repeat (the bridge
        // drops an event id it already holds; a heartbeat only moves a mark).
        if (retryOnStaleSocket && request.reusedSocket && error.code === "ECONNRESET" && !signal.aborted) resolve(attempt(false));
        else reject(error);
      });
      request.once("response", (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on("data", (chunk: Buffer) => {
          if (kept < MAX_ANSWER_BYTES) chunks.push(chunk);
          kept += chunk.length;
        });
        response.once("error", (error) => {
          settle();
          reject(error);
        });
        response.once("end", () => {
          settle();
          const status = response.statusCode ?? 0;
          if (accepted.includes(status)) resolve();
          else reject(new BridgeRefusal(status, Buffer.concat(chunks).toString("utf8").slice(0, MAX_ANSWER_BYTES)));
        });
      });
      request.end(payload);
    });
  return attempt(true);
}
