/**
 * The outbox relay in a test file: its own token (resolved as the relay resolves it at start), relays started per
 * test and stopped after it, and anything else the test set up undone with them, last first.
 */
import { afterEach, beforeAll } from "vitest";
import { getEnv } from "../../app/env.server";
import { resolveRelayToken } from "../../server/relay-token";
import { startOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from "@tsunagi/outbox-relay/start-outbox-relay";
import { collectingLog, type LogEntry } from "./outbox-fixtures";

export interface TestRelays {
  /** The relay's API token (from beforeAll on); a test that replaces it sets it here. */
  token: string;
  /**
   * Starts a relay delivering to `bridgeUrl` with this file's token: a heartbeat every 100 ms, retries 20–200 ms
   * apart, its log kept for the test to read. Stopped after the test.
   */
  start(bridgeUrl: string, options?: Partial<OutboxRelayOptions>): Promise<{ relay: OutboxRelay; logs: LogEntry[] }>;
  /** Something else to undo after the test, in reverse order with the relays. */
  defer(cleanup: () => Promise<unknown>): void;
}

export function useTestRelays(): TestRelays {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const relays: TestRelays = {
    token: "",
    async start(bridgeUrl, options = {}) {
      const { log, entries } = collectingLog();
      const relay = await startOutboxRelay({ bridgeUrl, relayToken: relays.token, heartbeatMs: 100, backoff: { baseMs: 20, capMs: 200 }, log, ...options });
      cleanups.push(() => relay.stop());
      return { relay, logs: entries };
    },
    defer(cleanup) {
      cleanups.push(cleanup);
    },
  };
  beforeAll(async () => {
    relays.token = await resolveRelayToken(getEnv());
  });
  return relays;
}
