// Outbox relay tests: a stand-in receiver for the bridge's ingest endpoints, quick consent changes, and a poll helper.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { ConsentChangedReaderSchema, RelayHeartbeatSchema, type ConsentChangeMessage, type RelayHeartbeat } from "@tsunagi/consent-rules/consent-change-message";
import { ConsentChangeBatchSchema, RelayHeartbeatsSchema } from "@tsunagi/bridge-wire/relay-wire";
import { getDatabase } from "../../app/db.server";
import { appendConsentEvent } from "../../app/domain/consent/ledger/append-consent-event.server";
import { lockParticipantConsent } from "../../app/domain/consent/ledger/lock-participant-consent.server";
import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import type { RelayLog } from "@tsunagi/outbox-relay/relay-log";
import { createParticipant } from "../factories/participant-factory";
import { freePort } from "./nats-server";

export interface ReceivedBatch {
  changes: ConsentChangeMessage[];
  status: number;
  at: number;
}

export interface OutboxReceiver {
  readonly url: string;
  readonly port: number;
  /** Every consent-changes request, whatever it was answered. */
  readonly batches: ReceivedBatch[];
  /** Changes in batches answered 200, in arrival order. */
  readonly acknowledged: ConsentChangeMessage[];
  /** Consent heartbeats, whether sent alone or with the approval mark (/internal/v1/heartbeats, ADR 078). */
  readonly heartbeats: (RelayHeartbeat & { receivedAt: number })[];
  readonly approvalHeartbeats: (RelayHeartbeat & { receivedAt: number })[];
  /** Paths of the heartbeat requests, in arrival order. */
  readonly heartbeatPaths: string[];
  /** Requests refused for a wrong or missing token. */
  readonly unauthorized: number;
  /** Answer consent-changes with this status (after recording the batch); null: 200. */
  failWith(status: number | null): void;
  /** Keep consent-changes requests waiting until the returned function is called. */
  hold(): () => void;
  /** Stop listening (the port refuses connections) or listen again on the same port. */
  close(): Promise<void>;
  listen(): Promise<void>;
}

/**
 * A small real HTTP server standing in for the bridge's internal ingest endpoints, for relay tests that need to
 * make the receiver fail, hang or vanish at will. It checks what the relay sends against the contract's schemas
 * (answering 400 otherwise) and records every request. Starts listening at once unless `listening: false` (then the port refuses connections until listen()). */
export async function startOutboxReceiver(options: { token: string; listening?: boolean; combinedHeartbeats?: boolean }): Promise<OutboxReceiver> {
  const port = await freePort();
  const batches: ReceivedBatch[] = [];
  const acknowledged: ConsentChangeMessage[] = [];
  const heartbeats: (RelayHeartbeat & { receivedAt: number })[] = [];
  const approvalHeartbeats: (RelayHeartbeat & { receivedAt: number })[] = [];
  const heartbeatPaths: string[] = [];
  let unauthorized = 0;
  let failure: number | null = null;
  let held: Promise<void> | undefined;
  let server: Server | undefined;

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const send = (status: number, body?: unknown) => {
      response.writeHead(status, body === undefined ? {} : { "Content-Type": "application/json" });
      response.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (request.headers.authorization !== `Bearer ${options.token}`) {
      unauthorized += 1;
      return send(401, { error: "unauthorized" });
    }
    let json: unknown;
    try {
      json = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      return send(400, { error: "malformed_request" });
    }
    if (request.method === "POST" && (request.url === "/internal/v1/heartbeat" || request.url === "/internal/v1/approval-heartbeat")) {
      const parsed = RelayHeartbeatSchema.safeParse(json);
      if (!parsed.success) return send(400, { error: "malformed_request", issues: parsed.error.issues });
      heartbeatPaths.push(request.url);
      (request.url === "/internal/v1/heartbeat" ? heartbeats : approvalHeartbeats).push({ ...parsed.data, receivedAt: Date.now() });
      return send(204);
    }
    // Both marks in one request (ADR 078); a receiver made with combinedHeartbeats: false stands in for an older bridge.
    if (request.method === "POST" && request.url === "/internal/v1/heartbeats" && options.combinedHeartbeats !== false) {
      const parsed = RelayHeartbeatsSchema.safeParse(json);
      if (!parsed.success) return send(400, { error: "malformed_request", issues: parsed.error.issues });
      heartbeatPaths.push(request.url);
      const receivedAt = Date.now();
      if (parsed.data.consent) heartbeats.push({ ...parsed.data.consent, receivedAt });
      if (parsed.data.approvals) approvalHeartbeats.push({ ...parsed.data.approvals, receivedAt });
      return send(204);
    }
    if (request.method === "POST" && request.url === "/internal/v1/consent-changes") {
      const parsed = ConsentChangeBatchSchema.safeParse(json);
      if (!parsed.success) return send(400, { error: "malformed_request", issues: parsed.error.issues });
      const changes = parsed.data.changes.map((change) => ConsentChangedReaderSchema.safeParse(change));
      const refused = changes.find((change) => !change.success);
      if (refused && !refused.success) return send(400, { error: "malformed_request", issues: refused.error.issues });
      const read = changes.flatMap((change) => (change.success ? [change.data] : []));
      const status = failure ?? 200;
      const batch: ReceivedBatch = { changes: read, status, at: Date.now() };
      batches.push(batch);
      if (held) await held;
      if (status !== 200) return send(status, { error: "simulated failure" });
      acknowledged.push(...read);
      return send(200, { applied: read.length, duplicates: 0, stale: 0 });
    }
    send(404, { error: "not_found" });
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      if (server) return resolve();
      const next = createServer((request, response) => void handle(request, response));
      next.once("error", reject);
      next.listen(port, "127.0.0.1", () => {
        server = next;
        resolve();
      });
    });
  const close = () =>
    new Promise<void>((resolve) => {
      const current = server;
      server = undefined;
      if (!current) return resolve();
      current.close(() => resolve());
      current.closeAllConnections();
    });

  if (options.listening !== false) await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    batches,
    acknowledged,
    heartbeats,
    approvalHeartbeats,
    heartbeatPaths,
    get unauthorized() {
      return unauthorized;
    },
    failWith: (status) => {
      failure = status;
    },
    hold: () => {
      let release!: () => void;
      held = new Promise((resolve) => (release = resolve));
      return () => {
        held = undefined;
        release();
      };
    },
    close,
    listen,
  };
}

/** Polls until `check` returns something other than undefined, null or false, or fails naming `what` after timeoutMs. */
export async function eventually<T>(what: string, check: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A consent change committed straight through the ledger (no PDF, no mail), for tests about what happens after
 * the commit: a new participant's grant, or a further choice change for one given.
 */
export async function commitConsentChange(participantId?: string): Promise<{ participantId: string; pseudonym: string; event: LedgerEventRecord }> {
  const db = getDatabase();
  const participant = participantId
    ? await db.participant.findUniqueOrThrow({ where: { id: participantId }, select: { id: true, pseudonym: true } })
    : await createParticipant({ withAccount: false });
  const now = new Date();
  const hasConsent = participantId !== undefined;
  const { event } = await db.$transaction(async (tx) =>
    appendConsentEvent(tx, await lockParticipantConsent(tx, participant.id, { now }), {
      type: hasConsent ? "choices_changed" : "granted",
      actorUserId: null,
      actorRole: "participant",
      method: "online",
      choices: { "core.wgs": "yes", "share.academia": "yes", "share.industry": hasConsent ? "no" : "yes" },
      signature: hasConsent ? null : { printedName: "山田 花子", signedAt: now.toISOString(), statement: "同意します。", language: "ja" },
      detail: { permittedPurposes: ["DUO:0000006"] },
    }),
  );
  return { participantId: participant.id, pseudonym: participant.pseudonym, event };
}

export interface LogEntry {
  level: string;
  message: string;
  fields: Record<string, unknown>;
}

/** A relay log that keeps its lines for the test to read instead of printing them. */
export function collectingLog(): { log: RelayLog; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return { entries, log: (level, message, fields = {}) => entries.push({ level, message, fields }) };
}
