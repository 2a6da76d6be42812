// Several outbox relays, one leader (issue 17 item 2; ADR 049): the standbys deliver nothing and send no heartbeat;
// when the leader stops, loses its lock connection, or is killed with SIGKILL, another takes over, and every change
// committed across the hand-over reaches the bridge, each participant's versions first arriving in order.
import { spawn, type ChildProcess } from "node:child_process";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { startLeadingOutboxRelay, type OutboxRelay } from "@tsunagi/outbox-relay/start-outbox-relay";
import { useTestDatabase } from "../support/database";
import { useTestRelays } from "../support/relay";
import { useTempDataDir } from "../support/temp-data-dir";
import { collectingLog, commitConsentChange, eventually, startOutboxReceiver, type LogEntry, type OutboxReceiver } from "../support/outbox-fixtures";
import { ensureServicesBuild, servicesEntry } from "../../scripts/lib/services-build";

const database = useTestDatabase();
const dataDir = useTempDataDir();
const relays = useTestRelays();

const CHECK_MS = 200;

const relayLogs = new Map<string, LogEntry[]>();

async function startRelay(receiver: OutboxReceiver, relayId: string): Promise<OutboxRelay> {
  const { log, entries } = collectingLog();
  relayLogs.set(relayId, entries);
  const relay = await startLeadingOutboxRelay({
    bridgeUrl: receiver.url,
    relayToken: relays.token,
    heartbeatMs: 100,
    leaderCheckMs: CHECK_MS,
    backoff: { baseMs: 20, capMs: 200 },
    relayId,
    databaseUrl: database.url,
    log,
  });
  relays.defer(() => relay.stop());
  return relay;
}

const leaders = (all: OutboxRelay[]) => all.filter((relay) => relay.status().leading);

/** Commits changes for a few participants, `count` in all, one every `everyMs`; returns every event committed. */
async function commitWhile(count: number, everyMs: number, during: (index: number) => Promise<void> = async () => undefined) {
  const participants: string[] = [];
  const committed: { eventId: string; participantId: string }[] = [];
  for (let index = 0; index < count; index += 1) {
    const existing = index % 4 === 0 ? undefined : participants[index % participants.length];
    const change = await commitConsentChange(existing);
    if (!existing) participants.push(change.participantId);
    committed.push({ eventId: change.event.id, participantId: change.participantId });
    await during(index);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return committed;
}

/** Every committed event reached the bridge, and each participant's versions first arrived in increasing order. */
async function expectEverythingDeliveredInOrder(receiver: OutboxReceiver, committed: { eventId: string }[]) {
  await eventually("every outbox row delivered to the bridge", async () => (await getDatabase().consentOutbox.count({ where: { bridgeDeliveredAt: null } })) === 0, 20_000);
  const acknowledged = new Set(receiver.acknowledged.map((change) => change.eventId));
  expect(committed.filter((change) => !acknowledged.has(change.eventId))).toEqual([]);
  const firstArrival = new Map<string, number[]>();
  const seen = new Set<string>();
  for (const change of receiver.acknowledged) {
    if (seen.has(change.eventId)) continue;
    seen.add(change.eventId);
    firstArrival.set(change.pseudonym, [...(firstArrival.get(change.pseudonym) ?? []), change.version]);
  }
  for (const [pseudonym, versions] of firstArrival) expect({ pseudonym, versions }).toEqual({ pseudonym, versions: [...versions].sort((a, b) => a - b) });
}

describe("outbox relays with one leader", () => {
  it("of three relays exactly one delivers and sends heartbeats; when it stops, another leads and nothing committed meanwhile is lost", async () => {
    const receiver = await startOutboxReceiver({ token: relays.token });
    const all = [await startRelay(receiver, "relay-a"), await startRelay(receiver, "relay-b"), await startRelay(receiver, "relay-c")];
    // The first to ask leads (a relay of an earlier test could still hold the lock for a moment under load: wait).
    await eventually("relay-a leads", () => leaders(all).length === 1 && all[0]!.status().leading);
    await eventually("heartbeats from the leader", () => receiver.heartbeats.length >= 5);
    expect(new Set(receiver.heartbeats.map((heartbeat) => heartbeat.relayId))).toEqual(new Set(["relay-a"]));

    let handedOver = 0;
    const committed = await commitWhile(40, 10, async (index) => {
      if (index === 12) {
        await all[0]!.stop();
        handedOver = Date.now();
      }
    });
    const next = await eventually("a new leader", () => leaders(all).length === 1 && leaders(all)[0]);
    expect(["relay-b", "relay-c"]).toContain(next.relayId);
    await eventually("heartbeats from the new leader", () => receiver.heartbeats.some((heartbeat) => heartbeat.relayId === next.relayId && heartbeat.receivedAt > handedOver));
    await expectEverythingDeliveredInOrder(receiver, committed);
  }, 60_000);

  it("a leader whose lock connection is cut steps down at once and leadership passes on, with nothing lost", async () => {
    const receiver = await startOutboxReceiver({ token: relays.token });
    const all = [await startRelay(receiver, "relay-cut-1"), await startRelay(receiver, "relay-cut-2")];
    const leader = await eventually("one leader", () => leaders(all).length === 1 && leaders(all)[0]);
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    relays.defer(() => admin.end());

    const committed = await commitWhile(30, 10, async (index) => {
      if (index !== 10) return;
      // What a database fail-over or a network cut does to the leader: its lock session ends under it.
      const cut = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()", [`tsunagi relay leader lock (${leader.relayId})`]);
      expect(cut.rowCount).toBe(1);
    });
    await eventually("the cut leader steps down", () => relayLogs.get(leader.relayId)!.some((entry) => entry.message === "stepping down as the outbox relay's leader"));
    // Usually the standby leads next (the deposed one waits two checks before asking again); under a heavy load the
    // deposed one may win the lock back. Either way exactly one relay leads, and the cut one rejoins.
    await eventually("the cut relay back as a standby", async () => {
      const { rows } = await admin.query<{ holders: number }>(
        "SELECT count(*)::int AS holders FROM pg_stat_activity WHERE application_name LIKE 'tsunagi relay leader lock (relay-cut-%' AND datname = current_database()",
      );
      return rows[0]!.holders === 2;
    });
    await eventually("exactly one leader", () => leaders(all).length === 1);
    await expectEverythingDeliveredInOrder(receiver, committed);
  }, 60_000);

  it("a leader killed with SIGKILL is replaced by a standby, which delivers what was committed after the kill", async () => {
    const receiver = await startOutboxReceiver({ token: relays.token });
    // The relay as a deployment runs it: compiled (ADR 105).
    await ensureServicesBuild();
    const child: ChildProcess = spawn(process.execPath, [servicesEntry("relay")], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        TSUNAGI_DATA_DIR: dataDir.path,
        BRIDGE_URL: receiver.url,
        RELAY_TOKEN: relays.token,
        RELAY_HEARTBEAT_MS: "100",
        RELAY_LEADER_CHECK_MS: String(CHECK_MS),
        LOG_LEVEL: "warn",
      },
      stdio: "ignore",
    });
    relays.defer(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    });
    const childId = await eventually("heartbeats from the relay process", () => receiver.heartbeats.find((heartbeat) => heartbeat.relayId.endsWith(`:${child.pid}`))?.relayId, 30_000);
    const standby = await startRelay(receiver, "relay-standby");
    expect(standby.status().leading).toBe(false);
    const before = await commitWhile(8, 5);

    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    const after = await commitWhile(8, 5);
    await eventually("the standby leads", () => standby.status().leading, 15_000);
    await eventually("heartbeats from the standby", () => receiver.heartbeats.at(-1)?.relayId === standby.relayId);
    expect(childId).not.toBe(standby.relayId);
    await expectEverythingDeliveredInOrder(receiver, [...before, ...after]);
  }, 60_000);
});
