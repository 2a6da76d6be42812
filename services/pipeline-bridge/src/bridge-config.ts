import { hostname } from "node:os";
import path from "node:path";
import type { BridgeEnv } from "./bridge-env";

/** Following the consent stream on NATS JetStream (ADR 051). */
export interface ConsentStreamOptions {
  /** One URL or several, comma-separated (the members of a NATS cluster). */
  natsUrl: string;
  /** Names this replica's durable consumer (`bridge-<id>`): keep it across restarts, unique per replica. */
  replicaId: string;
  /** Messages stored in one transaction at most. */
  batchSize?: number;
}

/** Everything the bridge is told from outside. Tests build one directly; processes use `bridgeConfigFromEnv`. */
export interface BridgeConfig {
  port: number;
  /** The address to listen on (BRIDGE_HOST). Unset: 127.0.0.1, this machine only. */
  host?: string;
  /** The PostgreSQL server holding the `bridge` schema; the bridge connects as role tsunagi_bridge. */
  databaseUrl: string;
  /** Where generated signing keys are kept (`bridge-signing-keys.json`) when no key file is given. */
  dataDir: string;
  /**
   * A JWK set; all its keys are published, and the one with the latest `tsunagi_signs_from` not in the future signs
   * (ADR 054). Unset: generated once under dataDir. Re-read without a restart when it changes.
   */
  signingKeysFile?: string;
  /** How often the bridge looks whether its signing key file changed (default 10 s; SIGHUP looks at once). */
  signingKeysCheckMs?: number;
  /** Deny everything when the relay has not been heard for this long. */
  stalenessMs: number;
  /** How long a token check is trusted without asking the database again (revocations also evict at once). */
  tokenCacheTtlMs: number;
  /** How often buffered decision-log rows are written. */
  decisionLogFlushMs: number;
  /** Decision-log rows held while the database cannot take them; beyond this, decisions deny. */
  decisionLogMaxBuffered: number;
  /** How often the bridge checks that it can still reach its database while it is asked to answer (ADR 111). */
  databaseProbeMs: number;
  /** How often it checks when nothing asks it anything (ADR 111; default 20 s, under its pool's 30 s idle timeout, so the probe finds a connection open). */
  databaseIdleProbeMs?: number;
  /**
   * How long the bridge waits for its database where an answer waits on it (a token not cached, the health probe):
   * past it the database counts as unavailable and decisions deny, so a database that stops answering without
   * closing its connections (frozen, a network partition) never holds a decision (issue 27). BRIDGE_DATABASE_DEADLINE_MS; default 1 s.
   */
  databaseDeadlineMs?: number;
  /** How often the bridge looks for releases whose per-sample rows are not yet written (ADR 082; default 60 s). */
  releaseSamplesCheckMs?: number;
  /** RECONTACT_AS_NEEDED_CAP: the frequency cap a study's invitable pseudonyms are counted by (ADR 138; default 4). */
  recontactAsNeededCap?: number;
  /** Milliseconds since the epoch; tests move time without waiting. */
  clock: () => number;
  /** Follow the consent stream on NATS JetStream as a durable consumer (ADR 051); unset: the relay's HTTP delivery only. */
  consentStream?: ConsentStreamOptions;
  /**
   * Refuse to start unless the database URL names the bridge's own login (ADR 055): not a superuser, not the schema's
   * owner, no member of the app's or the relay's role. Production sets it; `false` (development) warns of a shared
   * login instead; unset (tests) says nothing.
   */
  requireOwnDatabaseLogin?: boolean;
}

export const bridgeDefaults = {
  tokenCacheTtlMs: 5_000,
  decisionLogFlushMs: 100,
  decisionLogMaxBuffered: 200_000,
  databaseProbeMs: 1_000,
  databaseIdleProbeMs: 20_000,
  databaseDeadlineMs: 1_000,
} as const;

export function bridgeConfigFromEnv(env: BridgeEnv, overrides: Partial<BridgeConfig> & { databaseUrl: string }): BridgeConfig {
  return {
    port: env.BRIDGE_PORT,
    host: env.BRIDGE_HOST,
    dataDir: path.resolve(env.TSUNAGI_DATA_DIR),
    signingKeysFile: env.BRIDGE_SIGNING_KEYS_FILE,
    stalenessMs: env.BRIDGE_STALENESS_MS,
    tokenCacheTtlMs: env.BRIDGE_TOKEN_CACHE_MS,
    decisionLogFlushMs: bridgeDefaults.decisionLogFlushMs,
    decisionLogMaxBuffered: bridgeDefaults.decisionLogMaxBuffered,
    databaseProbeMs: bridgeDefaults.databaseProbeMs,
    databaseDeadlineMs: env.BRIDGE_DATABASE_DEADLINE_MS,
    recontactAsNeededCap: env.RECONTACT_AS_NEEDED_CAP,
    clock: Date.now,
    requireOwnDatabaseLogin: env.NODE_ENV === "test" ? undefined : env.NODE_ENV === "production",
    consentStream:
      env.NATS_URL && env.BRIDGE_FEED !== "http" ? { natsUrl: env.NATS_URL, replicaId: env.BRIDGE_REPLICA_ID ?? hostname().replace(/[^A-Za-z0-9_.-]/g, "_").slice(0, 48) } : undefined,
    ...overrides,
  };
}
