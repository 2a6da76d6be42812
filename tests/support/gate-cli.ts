/**
 * What tests of the tsunagi-gate CLI share: the CLI run as a pipeline or release job runs it (a child process through
 * its PATH shim, with only the environment such a job has), a real bridge kept current by the real outbox relay, and
 * a proxy between the two that can alter the bridge's answers.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { issueApiToken } from "../../app/domain/api-tokens/issue-api-token.server";
import { bridgeConfigFromEnv } from "../../services/pipeline-bridge/src/bridge-config";
import { parseBridgeEnv } from "../../services/pipeline-bridge/src/bridge-env";
import { startBridgeServer, type RunningBridge } from "../../services/pipeline-bridge/src/server";
import { startOutboxRelay, type OutboxRelay } from "@tsunagi/outbox-relay/start-outbox-relay";
import type { TestDatabase } from "./database";

/** The folder a job puts on PATH to have `tsunagi-gate`. */
export const gateBinDir = path.resolve(import.meta.dirname, "../../services/pipeline-bridge/bin");

export interface GateRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tsunagi-gate <args>` through its shell shim with PATH and `env` only, `stdin` (default: nothing) on its input. */
export function runGateCli(args: string[], env: Record<string, string>, stdin = ""): Promise<GateRun> {
  return new Promise((resolve) => {
    const jobEnv: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env };
    const child = execFile(path.join(gateBinDir, "tsunagi-gate"), args, { env: jobEnv as NodeJS.ProcessEnv, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr });
    });
    child.stdin?.end(stdin);
  });
}

export interface DecisionQuestion {
  subject: string;
  action: string;
  purpose?: string;
  recipient?: string;
}

export interface RelayedBridge {
  /** The bridge's base URL (from beforeAll on). */
  readonly url: string;
  /** A private folder for the file, removed after it: the bridge's signing keys, and whatever the test writes. */
  readonly workDir: string;
  /** The reason the bridge gives now for one question asked with `token` (its whole answer when it gives none). */
  reason(token: string, question: DecisionQuestion): Promise<string>;
  /** Waits (up to 10 s) until the relay has brought the bridge what makes it give `reason`. */
  untilReason(token: string, question: DecisionQuestion, reason: string): Promise<void>;
}

/**
 * For one test file: the bridge configured from the environment as in production, on this file's database, fed by
 * the real outbox relay (a heartbeat and poll every 200 ms) with its own `bridge:ingest` token.
 */
export function useRelayedBridge(database: TestDatabase, label: string): RelayedBridge {
  let bridge: RunningBridge | undefined;
  let relay: OutboxRelay | undefined;
  let workDir = "";

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), `tsunagi-${label}-`));
    bridge = await startBridgeServer(bridgeConfigFromEnv(parseBridgeEnv(process.env), { databaseUrl: database.url, port: 0, dataDir: workDir, stalenessMs: 30_000 }));
    const relayToken = await issueApiToken({ name: `relay for the ${label} test`, scopes: ["bridge:ingest"], createdById: null });
    relay = await startOutboxRelay({ bridgeUrl: bridge.url, relayToken: relayToken.token, heartbeatMs: 200, pollMs: 200, databaseUrl: database.url, log: () => undefined });
  });

  afterAll(async () => {
    await relay?.stop();
    await bridge?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  const url = () => {
    if (!bridge) throw new Error("The relayed bridge runs only while the file's tests run (from beforeAll on).");
    return bridge.url;
  };
  const reason = async (token: string, question: DecisionQuestion) => {
    const response = await fetch(`${url()}/v1/decisions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify(question),
    });
    const body = (await response.json()) as { decisions?: { reason: string }[] };
    return body.decisions?.[0]?.reason ?? JSON.stringify(body);
  };
  return {
    get url() {
      return url();
    },
    get workDir() {
      return workDir;
    },
    reason,
    async untilReason(token, question, expected) {
      const deadline = Date.now() + 10_000;
      let last = await reason(token, question);
      while (last !== expected) {
        if (Date.now() > deadline) throw new Error(`the bridge still says ${last} for ${question.subject}, not ${expected}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
        last = await reason(token, question);
      }
    },
  };
}

/** What the proxy answers instead of the bridge's JSON answer to `pathname`; "hang": no answer at all. */
export type AlterAnswer = (body: Record<string, unknown>, pathname: string) => Promise<Record<string, unknown> | "hang">;

/**
 * For the enclosing describe: a proxy in front of `upstream` that forwards each request (method, bearer token, body)
 * and answers with the bridge's status and what `alter` makes of its answer. It speaks JSON only, as a bridge from
 * before ADR 160 did; `passForm`: it passes the client's Accept on and the answer's form back (its media type and
 * `Tsunagi-Jws`), as a proxy that does not know the detached form would.
 */
export function useAlteringProxy(upstream: { readonly url: string }, alter: AlterAnswer, options: { passForm?: boolean } = {}): { readonly url: string } {
  let proxy: Server | undefined;
  let proxyUrl = "";

  beforeAll(async () => {
    const server = createServer((request, response) => {
      void (async () => {
        const answer = await fetch(`${upstream.url}${request.url}`, {
          method: request.method,
          headers: {
            ...(request.headers.authorization ? { Authorization: request.headers.authorization } : {}),
            ...(options.passForm && request.headers.accept ? { Accept: request.headers.accept } : {}),
            "Content-Type": "application/json",
          },
          body: request.method === "POST" ? await readBody(request) : undefined,
        });
        const altered = await alter((await answer.json()) as Record<string, unknown>, request.url ?? "");
        if (altered === "hang") return;
        const signature = answer.headers.get("tsunagi-jws");
        response.writeHead(answer.status, {
          "Content-Type": (options.passForm && answer.headers.get("content-type")) || "application/json",
          ...(options.passForm && signature ? { "Tsunagi-Jws": signature } : {}),
        });
        response.end(JSON.stringify(altered));
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    proxy = server;
    proxyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    if (!proxy) return;
    const server = proxy;
    proxy = undefined;
    server.closeAllConnections(); // a hung answer would otherwise keep close() waiting
    await new Promise((resolve) => server.close(resolve));
  });

  return {
    get url() {
      return proxyUrl;
    },
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}
