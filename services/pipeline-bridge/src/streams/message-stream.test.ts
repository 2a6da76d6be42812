// A third stream, made only of its configuration and its store (issue 31 item 2; ADR 098): the bridge's HTTP route
// for a stream's batches and the batch's triage are the consent and approval streams' own code, and take it as they
// take those — in order, each event once, an unreadable message parked with every later one for its record, a
// writer's bug refused whole, a database that cannot take the batch answered 503 for the relay to deliver again.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { heartbeatsBodySchema, type StreamWire, type WirePath } from "@tsunagi/bridge-wire/relay-wire";
import type { BridgeContext } from "../bridge-context";
import type { LoggedResponse } from "@tsunagi/service-kit/logger";
import type { MessageStream } from "./message-stream";
import { consentStream } from "../projection/consent-stream";
import { receiveRelayHeartbeats } from "./stream-heartbeats";
import { receiveStreamBatch } from "./stream-routes";
import { orderBatch, parkedAs, splitForStore } from "./triage-batch";

/** The test stream's messages: a note per board, a version that only goes up. */
const NoteEnvelopeSchema = z.looseObject({ eventId: z.uuid(), seq: z.string().regex(/^[1-9][0-9]*$/), board: z.string().min(1), kind: z.string(), schemaVersion: z.string() });
const NoteSchema = z.object({ eventId: z.uuid(), seq: z.string(), board: z.string(), kind: z.literal("note_written"), schemaVersion: z.literal("1.0"), version: z.number().int().min(1), text: z.string() });
type NoteEnvelope = z.infer<typeof NoteEnvelopeSchema>;
type Note = z.infer<typeof NoteSchema>;

/** What the test stream's store holds: the latest note per board, and what was parked. */
const held = { boards: new Map<string, Note>(), events: new Set<string>(), parked: [] as { eventId: string; board: string; reason: string; kind: string }[], parkedFrom: new Map<string, bigint>(), failing: false, heartbeats: [] as string[] };

/**
 * The test stream's wire. A real stream's is defined once in @tsunagi/bridge-wire, the only maker of a WirePath, for the
 * relay and the bridge both (ADR 128); this test has no relay, so it makes its own.
 */
const notesWire: StreamWire<NoteEnvelope> = {
  changes: { path: "/internal/v1/note-changes" as WirePath, body: z.strictObject({ changes: z.array(NoteEnvelopeSchema).min(1).max(100) }) },
  heartbeat: { key: "notes", optional: true, path: "/internal/v1/note-heartbeat" as WirePath },
};

const notesStream: MessageStream<NoteEnvelope, Note, "unknown_kind", BridgeContext> = {
  what: "note",
  wire: notesWire,
  bodyLimitBytes: 64 * 1024,
  nats: { stream: "TEST_NOTES", subjects: "test.notes.>", heartbeatSubject: "test.relay.note-heartbeat" },
  envelopeSchema: NoteEnvelopeSchema,
  read(body) {
    const envelope = NoteEnvelopeSchema.parse(body);
    if (envelope.kind !== "note_written") return { outcome: "park", reason: "unknown_kind", kind: envelope.kind, schemaVersion: envelope.schemaVersion };
    const note = NoteSchema.safeParse(body);
    return note.success ? { outcome: "apply", message: note.data } : { outcome: "malformed", error: note.error };
  },
  positionOf: (envelope) => envelope.seq,
  // Its "apply function": the same triage as consent and approvals, then the version rule, in memory.
  async store(_target, changes) {
    if (held.failing) throw new Error("the database is away");
    const { unique, highest } = orderBatch(changes, (change) => change.raw.seq);
    const { toApply, toPark } = splitForStore(unique, { seen: held.events, parkedFrom: held.parkedFrom }, (change) => change.raw.board, (change) => change.raw.seq);
    let applied = 0;
    for (const { change, reason } of toPark) held.parked.push({ eventId: change.raw.eventId, board: change.raw.board, reason, kind: parkedAs(change).kind });
    for (const { message } of toApply) {
      held.events.add(message.eventId);
      const current = held.boards.get(message.board);
      if (!current || current.version < message.version) {
        held.boards.set(message.board, message);
        applied += 1;
      }
    }
    for (const { change } of toPark) held.events.add(change.raw.eventId);
    return { applied, duplicates: changes.length - toApply.length - toPark.length, stale: toApply.length - applied, parked: toPark.length, highest };
  },
  heartbeat: { table: "bridge.note_heartbeat", what: "note heartbeat" },
  recordHeartbeat: (_target, heartbeat) => void held.heartbeats.push(heartbeat.highWaterMark),
  noteApplied: () => undefined,
};

let server: Server;
let base: string;
let scopes: string[] = ["bridge:ingest"];

beforeAll(async () => {
  const handle = receiveStreamBatch(notesStream);
  const context = { clients: { authenticate: async () => ({ ok: true, client: { id: "relay", scopes: new Set(scopes) } }) } } as unknown as BridgeContext;
  server = createServer((request, response) => void handle({ request, response: response as LoggedResponse, params: {}, query: new URLSearchParams(), context }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  held.boards.clear();
  held.events.clear();
  held.parked.length = 0;
  held.parkedFrom.clear();
  held.failing = false;
  held.heartbeats.length = 0;
  scopes = ["bridge:ingest"];
});

let counter = 0;
const note = (board: string, seq: number, version: number, extra: Record<string, unknown> = {}) => ({
  eventId: `00000000-0000-4000-8000-${String(++counter).padStart(12, "0")}`,
  seq: String(seq),
  board,
  kind: "note_written",
  schemaVersion: "1.0",
  version,
  text: `note ${version}`,
  ...extra,
});
const deliver = async (changes: unknown[]) => {
  const response = await fetch(`${base}${notesStream.wire.changes.path}`, { method: "POST", headers: { "Content-Type": "application/json", Authorization: "Bearer relay" }, body: JSON.stringify({ changes }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe("a third stream is its configuration and its store", () => {
  it("stores a batch in outbox order, each event once, the highest version per record winning", async () => {
    const first = note("a", 1, 1);
    const second = note("a", 2, 2);
    const other = note("b", 3, 1);
    expect(await deliver([second, other, first, second])).toEqual({ status: 200, body: { applied: 3, duplicates: 1, stale: 0 } });
    expect(held.boards.get("a")?.version).toBe(2);
    expect(held.boards.get("b")?.version).toBe(1);
    // Delivered again (the relay did not hear the answer): nothing changes.
    expect(await deliver([first, second, other])).toEqual({ status: 200, body: { applied: 0, duplicates: 3, stale: 0 } });
  });

  it("parks a message it cannot read and every later one for its record, and applies an earlier one arriving late", async () => {
    const early = note("a", 1, 1);
    const unknown = note("a", 2, 2, { kind: "note_redacted" });
    const later = note("a", 3, 3);
    expect(await deliver([unknown, later])).toEqual({ status: 200, body: { applied: 0, duplicates: 0, stale: 0, parked: 2 } });
    expect(held.parked).toEqual([
      { eventId: unknown.eventId, board: "a", reason: "unknown_kind", kind: "note_redacted" },
      { eventId: later.eventId, board: "a", reason: "behind_parked", kind: "note_written" },
    ]);
    expect(await deliver([early])).toMatchObject({ status: 200, body: { applied: 1 } });
    expect(held.boards.get("a")?.version).toBe(1);
  });

  it("refuses a whole batch holding a message of a version it knows that does not match it, naming where, storing nothing", async () => {
    const good = note("a", 1, 1);
    const bad = note("a", 2, 2, { version: "two" });
    const answer = await deliver([good, bad]);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: "malformed_request", issues: [expect.objectContaining({ path: ["changes", 1, "version"] })] });
    expect(held.boards.size).toBe(0);
  });

  it("answers 503 when the store cannot take the batch, and takes it when delivered again", async () => {
    held.failing = true;
    const change = note("a", 1, 1);
    expect(await deliver([change])).toEqual({ status: 503, body: { error: "database_unavailable" } });
    held.failing = false;
    expect(await deliver([change])).toMatchObject({ status: 200, body: { applied: 1 } });
  });

  it("takes batches only from a client with the relay's scope", async () => {
    scopes = ["gate:decide"];
    expect(await deliver([note("a", 1, 1)])).toEqual({ status: 403, body: { error: "forbidden", reason: "scope_missing" } });
    expect(held.boards.size).toBe(0);
  });

  it("has its relay heartbeat as one more key of the combined heartbeat, kept in its own table, optional as configured", async () => {
    const schema = heartbeatsBodySchema([consentStream.wire, notesStream.wire]);
    const mark = (highWaterMark: string) => ({ relayId: "relay-1", highWaterMark, sentAt: "2026-11-27T15:00:00.000Z" });
    expect(schema.safeParse({ consent: mark("5"), notes: mark("7") }).data).toEqual({ consent: mark("5"), notes: mark("7") });
    // Optional as its configuration says (the relay could not read its outbox); the consent mark is not.
    expect(schema.safeParse({ consent: mark("5") }).success).toBe(true);
    expect(schema.safeParse({ notes: mark("7") }).success).toBe(false);
    // A key no configured stream has is refused, as a relay's typo must be.
    expect(schema.safeParse({ consent: mark("5"), note: mark("7") }).success).toBe(false);
    // Its mark is written to its own table, named in SQL only when it is a plain qualified name.
    const written: string[] = [];
    const context = {
      clients: { authenticate: async () => ({ ok: true, client: { id: "relay", scopes: new Set(["bridge:ingest"]) } }) },
      clock: () => Date.now(),
      health: { recordHeartbeat: () => undefined },
      db: {
        query: async (sql: string) => {
          written.push(/INSERT INTO (\S+)/.exec(sql)?.[1] ?? sql);
          // The database is away: the mark is not remembered either (the bridge goes stale rather than count it).
          throw new Error("connection refused");
        },
      },
    } as unknown as BridgeContext;
    const handle = receiveRelayHeartbeats([consentStream, notesStream]);
    const heartbeats = createServer((request, response) => void handle({ request, response: response as LoggedResponse, params: {}, query: new URLSearchParams(), context }));
    await new Promise<void>((resolve) => heartbeats.listen(0, "127.0.0.1", resolve));
    try {
      const address = `http://127.0.0.1:${(heartbeats.address() as AddressInfo).port}/internal/v1/heartbeats`;
      const answer = await fetch(address, { method: "POST", headers: { "Content-Type": "application/json", Authorization: "Bearer relay" }, body: JSON.stringify({ consent: mark("5"), notes: mark("7") }) });
      expect(answer.status).toBe(503);
      expect(written).toEqual(["bridge.relay_heartbeat", "bridge.note_heartbeat"]);
      expect(held.heartbeats).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => heartbeats.close(() => resolve()));
    }
    expect(() => receiveRelayHeartbeats([{ ...notesStream, heartbeat: { ...notesStream.heartbeat, table: "bridge.notes; DROP TABLE bridge.subject" } }])).toThrow(/plain schema-qualified name/);
  });
});
