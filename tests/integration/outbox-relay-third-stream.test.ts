// A third stream through the relay, made of configuration only (issue 31 item 2; ADR 098, ADR 078 amended): its own
// outbox table in this file's database, its own RelayStream posting to a stand-in bridge served here. Nothing in the
// relay names it; the relay is started with the two streams it always carries and this one. A real stream's wire is
// defined once in @tsunagi/bridge-wire for the relay and the bridge (ADR 128); this one's stand-in bridge is here.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { z } from "zod";
import { beforeAll, describe, expect, it } from "vitest";
import { RelayHeartbeatSchema, type RelayHeartbeat } from "@tsunagi/consent-rules/consent-change-message";
import type { StreamWire, WirePath } from "@tsunagi/bridge-wire/relay-wire";
import type { OutboxStream } from "@tsunagi/outbox-relay/outbox-streams";
import { relayStreams, type RelayStream } from "@tsunagi/outbox-relay/relay-streams";
import { useTestDatabase } from "../support/database";
import { eventually } from "../support/outbox-fixtures";
import { useTestRelays } from "../support/relay";
import { useTempDataDir } from "../support/temp-data-dir";

const database = useTestDatabase();
useTempDataDir();
const relays = useTestRelays();

/** The test stream's message: a note, as a third outbox might carry a sample-destruction notice. */
const NoteEnvelopeSchema = z.looseObject({ eventId: z.string(), text: z.string() });
type NoteEnvelope = z.infer<typeof NoteEnvelopeSchema>;

const noteOutbox: OutboxStream<NoteEnvelope> = { name: "notes", table: "TestNoteOutbox", position: "seq", envelopeSchema: NoteEnvelopeSchema, rowName: "note outbox row", messageName: "note" };

const noteWire: StreamWire<NoteEnvelope> = {
  changes: { path: "/internal/v1/note-changes" as WirePath, body: z.strictObject({ changes: z.array(NoteEnvelopeSchema) }) },
  heartbeat: { key: "notes", optional: true, path: "/internal/v1/note-heartbeat" as WirePath },
};

const noteRelayStream: RelayStream<NoteEnvelope> = {
  outbox: noteOutbox,
  lanes: { bridge: "notes", nats: "nats-notes" },
  wire: noteWire,
  nats: { stream: "TEST_NOTES", subjects: "test.notes.>", subjectOf: (note) => `test.notes.${note.eventId}`, heartbeatSubject: "test.notes.heartbeat" },
  heartbeat: {
    log: {
      heldUp: "a note has waited for the bridge longer than the lag bound; its heartbeat claims the note outbox's head",
      heldUpNamesMarks: false,
      acceptedAgain: "bridge note heartbeat accepted again",
      notAccepted: "bridge note heartbeat not accepted",
      unreadable: "cannot read the note outbox",
    },
  },
};

const streams = [...relayStreams, noteRelayStream];

/** The combined heartbeat as a bridge that knows the third stream would read it: the two keys of ADR 078 and `notes`. */
const ThreeHeartbeatsSchema = z.strictObject({ consent: RelayHeartbeatSchema, approvals: RelayHeartbeatSchema.optional(), notes: RelayHeartbeatSchema.optional() });

interface StandIn {
  url: string;
  /** Notes in batches answered 200, in arrival order. */
  notes: NoteEnvelope[];
  /** Bodies of POST /internal/v1/heartbeats, in arrival order. */
  bodies: z.infer<typeof ThreeHeartbeatsSchema>[];
  /** Heartbeats sent one per stream, by path. */
  alone: { path: string; heartbeat: RelayHeartbeat }[];
}

/** A small HTTP server standing in for a bridge that takes the third stream; `combined: false`, one older than ADR 078. */
async function startStandIn(options: { combined: boolean }): Promise<StandIn> {
  const standIn: Omit<StandIn, "url"> = { notes: [], bodies: [], alone: [] };
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const send = (status: number, body?: unknown) => {
      response.writeHead(status, body === undefined ? {} : { "content-type": "application/json" });
      response.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (request.method !== "POST" || request.headers.authorization !== `Bearer ${relays.token}`) return send(401, { error: "unauthorized" });
    const json: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    switch (request.url) {
      case "/internal/v1/note-changes": {
        const batch = noteWire.changes.body.parse(json);
        standIn.notes.push(...batch.changes);
        return send(200, { applied: batch.changes.length, duplicates: 0, stale: 0 });
      }
      case "/internal/v1/consent-changes":
      case "/internal/v1/approval-changes":
        return send(200, { applied: 0, duplicates: 0, stale: 0 });
      case "/internal/v1/heartbeats": {
        if (!options.combined) break;
        const body = ThreeHeartbeatsSchema.safeParse(json);
        if (!body.success) return send(400, { error: "malformed_request" });
        standIn.bodies.push(body.data);
        return send(204);
      }
      case "/internal/v1/heartbeat":
      case "/internal/v1/approval-heartbeat":
      case "/internal/v1/note-heartbeat":
        standIn.alone.push({ path: request.url, heartbeat: RelayHeartbeatSchema.parse(json) });
        return send(204);
    }
    send(404, { error: "not_found" });
  };
  const server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  relays.defer(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { ...standIn, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Statements on this file's database as its owner (the test's side of the stream: the writer and the schema). */
async function asOwner<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Writes notes as the app would write an outbox; returns their positions. */
const writeNotes = (...texts: string[]) =>
  asOwner(async (client) => {
    const positions: string[] = [];
    for (const text of texts) {
      const { rows } = await client.query<{ seq: string }>(`INSERT INTO "TestNoteOutbox" ("eventId", payload) VALUES ($1, $2) RETURNING seq::text`, [
        crypto.randomUUID(),
        { eventId: crypto.randomUUID(), text },
      ]);
      positions.push(rows[0]!.seq);
    }
    return positions;
  });

beforeAll(async () => {
  // The columns every outbox has (the relay's statements need nothing else), and what the relay's role may do with them.
  await asOwner((client) =>
    client.query(`
      CREATE TABLE "TestNoteOutbox" (
        seq bigserial PRIMARY KEY,
        "eventId" text NOT NULL UNIQUE,
        payload jsonb NOT NULL,
        "createdAt" timestamptz NOT NULL DEFAULT now(),
        "bridgeDeliveredAt" timestamptz,
        "natsDeliveredAt" timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        "lastError" text
      );
      GRANT SELECT, UPDATE ("bridgeDeliveredAt", "natsDeliveredAt", attempts, "lastError") ON "TestNoteOutbox" TO tsunagi_relay;
    `),
  );
});

describe("a third stream, made of configuration only", () => {
  it("carries its messages to the bridge in order, stamps them delivered, and sends its mark under its own key beside consent and approvals", async () => {
    const standIn = await startStandIn({ combined: true });
    await writeNotes("first", "second");
    await relays.start(standIn.url, { relayId: "relay-notes", streams, pollMs: 100 });
    const [last] = (await writeNotes("third")).slice(-1);

    await eventually("three notes delivered", () => standIn.notes.length >= 3);
    expect(standIn.notes.map((note) => note.text)).toEqual(["first", "second", "third"]);
    await eventually("every note stamped delivered", () =>
      asOwner(async (client) => (await client.query<{ waiting: number }>(`SELECT count(*)::int AS waiting FROM "TestNoteOutbox" WHERE "bridgeDeliveredAt" IS NULL`)).rows[0]!.waiting === 0),
    );
    const body = await eventually("a heartbeat with the note mark at the third note", () => standIn.bodies.find((heartbeats) => heartbeats.notes?.highWaterMark === last));
    expect(Object.keys(body).sort()).toEqual(["approvals", "consent", "notes"]);
    expect(body).toEqual({
      consent: { relayId: "relay-notes", highWaterMark: "0", sentAt: expect.stringMatching(/Z$/) },
      approvals: { relayId: "relay-notes", highWaterMark: "0", sentAt: body.consent.sentAt },
      notes: { relayId: "relay-notes", highWaterMark: last, sentAt: body.consent.sentAt },
    });
  });

  it("leaves its mark out while its outbox cannot be read, the others' marks going on, and puts it back once it can", async () => {
    const standIn = await startStandIn({ combined: true });
    const { logs } = await relays.start(standIn.url, { relayId: "relay-notes-unreadable", streams, pollMs: 100 });
    await eventually("a heartbeat with the note mark", () => standIn.bodies.some((heartbeats) => heartbeats.notes));

    await asOwner((client) => client.query(`REVOKE SELECT ON "TestNoteOutbox" FROM tsunagi_relay`));
    try {
      const from = standIn.bodies.length;
      await eventually("two heartbeats without the note mark", () => standIn.bodies.slice(from).filter((heartbeats) => !heartbeats.notes).length >= 2);
      const without = standIn.bodies.slice(from).find((heartbeats) => !heartbeats.notes)!;
      expect(Object.keys(without).sort()).toEqual(["approvals", "consent"]);
      expect(logs).toContainEqual({ level: "warn", message: "bridge note heartbeat not accepted", fields: { error: "cannot read the note outbox" } });
      expect(logs.filter((entry) => entry.message === "cannot read the outbox; heartbeats stopped until it can be read")).toEqual([]);
    } finally {
      await asOwner((client) => client.query(`GRANT SELECT ON "TestNoteOutbox" TO tsunagi_relay`));
    }
    const back = standIn.bodies.length;
    await eventually("the note mark back", () => standIn.bodies.slice(back).some((heartbeats) => heartbeats.notes));
    await eventually("its return logged", () => logs.some((entry) => entry.level === "info" && entry.message === "bridge note heartbeat accepted again"));
  });

  it("sends its mark on its own endpoint to a bridge without the combined heartbeat", async () => {
    const standIn = await startStandIn({ combined: false });
    const { logs } = await relays.start(standIn.url, { relayId: "relay-notes-older-bridge", streams, pollMs: 100 });
    const paths = ["/internal/v1/heartbeat", "/internal/v1/approval-heartbeat", "/internal/v1/note-heartbeat"];
    await eventually("two heartbeats on each endpoint", () => paths.every((path) => standIn.alone.filter((sent) => sent.path === path).length >= 2));
    expect(new Set(standIn.alone.map((sent) => sent.path))).toEqual(new Set(paths));
    expect(logs.filter((entry) => entry.level === "warn")).toEqual([]);
  });
});
