/**
 * Fault injection (issue 17 item 3): consent changes from many participants while processes are killed with SIGKILL
 * at random points — the app (the process committing changes), a relay, a bridge replica, one node of a three-node
 * NATS JetStream cluster — and PostgreSQL is restarted. Everything is real and on loopback: a private embedded
 * PostgreSQL, three nats-server processes, two relays (one leads; ADR 049), two bridge replicas following the stream
 * (ADR 051). Meanwhile every replica is asked, every PROBE_MS, for a decision on every participant.
 *
 * Afterwards: every replica's projection equals the ledger's current state (each participant's version), no replica
 * ever answered from a version lower than one it had answered from before (nothing applied out of order), and no
 * replica allowed a withdrawn participant longer than the bound after the withdrawal was committed.
 *
 *   npm run chaos                       10,000 changes, the full run (bench/RESULTS.md)
 *   npm run chaos -- --changes 1000     a shorter one (tests/integration/chaos.test.ts runs 500 changes with one kill
 *                                       of each kind in npm test)
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { jetstreamManager, StorageType } from "@nats-io/jetstream";
import { connect, nanos } from "@nats-io/transport-node";
import pg from "pg";
import { CONSENT_STREAM, CONSENT_SUBJECTS } from "@tsunagi/consent-rules/consent-change-message";
import { applyMigrations } from "../../prisma/migrations-engine";
import { ensurePostgres, stopEmbeddedServer, type PostgresHandle } from "../../scripts/lib/postgres";
import { benchEntry, ensureBenchBuild } from "../../scripts/lib/bench-build";
import { ensureServicesBuild, servicesEntry } from "../../scripts/lib/services-build";
import { bridgeNodeFlags } from "../../services/pipeline-bridge/src/node-flags";
import { freePort } from "../../tests/support/free-port";
import { startNatsCluster, type NatsCluster } from "./nats-cluster";

export type KillKind = "app" | "relay" | "bridge" | "nats" | "postgres";

export interface ChaosOptions {
  /** Consent changes to commit (ledger events in all). */
  changes: number;
  /** How many kills of each kind, spread over the run at random points. */
  kills: Record<KillKind, number>;
  seed?: number;
  /** The replicas' staleness bound (BRIDGE_STALENESS_MS). */
  stalenessMs?: number;
  log?: (line: string) => void;
}

export interface ChaosReport {
  committed: number;
  withdrawals: number;
  kills: { kind: KillKind; target: string; atCommitted: number }[];
  /** Messages in the stream, and per replica what its durable consumer delivered and redelivered. */
  inStream: number;
  replicas: { id: string; delivered: number; redelivered: number }[];
  /** Deliveries a replica dropped as already held (delivered beyond the stream's messages). */
  duplicatesDropped: number;
  /** The longest time a replica denied everything (stale, no database, or down and unreachable). */
  longestStaleWindowMs: number;
  /** The longest time any replica still allowed a participant after their withdrawal was committed. */
  longestAllowedAfterWithdrawalMs: number;
  /** The worst time from a withdrawal's commit to a replica's first deny of it (a replica out of reach counts as denying). */
  worstCommitToDenyMs: number;
  /** The bound the run checks against (ADR 051): the relay's lag bound, a heartbeat, the staleness bound, and a second. */
  boundMs: number;
  violations: string[];
  projectionMismatches: string[];
  versionRegressions: string[];
  /** Processes that died on their own (and were restarted). */
  unexpectedExits: string[];
  durationMs: number;
}

const PROBE_MS = 250;
const HEARTBEAT_MS = 250;
const LEADER_CHECK_MS = 300;
const MAX_LAG_MS = 1_000;
const root = path.resolve(import.meta.dirname, "../..");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A child process run with `node`, restartable; its last output lines kept for a failure report. Each runs compiled
 * (ADR 081, 173): the bridges and relays as deployments run them, from the services bundle, and the writer from the
 * bench bundle, so a restart after a kill does not compile the app's sources again.
 */
class Service {
  private child: ChildProcess | undefined;
  private tail = "";
  /** Set when the run is over: nothing is restarted any more. */
  stopped = false;
  readonly unexpectedExits: string[] = [];
  constructor(
    readonly name: string,
    private readonly nodeArgs: readonly string[],
    private readonly env: Record<string, string>,
  ) {}

  get running(): boolean {
    return this.child !== undefined;
  }

  start(): void {
    if (this.child) return;
    const child = spawn(process.execPath, [...this.nodeArgs], { cwd: root, env: { ...process.env, ...this.env }, stdio: ["ignore", "ignore", "pipe"] });
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      this.tail = (this.tail + chunk).slice(-3000);
    });
    child.once("exit", (code, signal) => {
      if (this.child !== child) return;
      if (code === 0) {
        this.child = undefined;
        return;
      }
      // Died on its own (say, started while PostgreSQL was restarting): restarted, as a supervisor would.
      this.child = undefined;
      this.unexpectedExits.push(`${this.name} exited (${signal ?? code})`);
      if (!this.stopped) setTimeout(() => this.start(), 1_000).unref();
    });
    this.child = child;
  }

  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGKILL");
    await gone;
  }

  output(): string {
    return this.tail;
  }
}

interface Observation {
  at: number;
  allowed: boolean;
  reason: string;
  version: number | null;
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? ((line: string) => console.log(line));
  const stalenessMs = options.stalenessMs ?? 3_000;
  // What ADR 051 promises: the relay's lag bound, a heartbeat, the staleness bound; and a second for delivery and probing.
  const boundMs = MAX_LAG_MS + HEARTBEAT_MS + stalenessMs + 1_000;
  let seed = (options.seed ?? 17) >>> 0;
  const random = () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const started = Date.now();
  const dataDir = mkdtempSync(path.join(tmpdir(), "tsunagi-chaos-"));
  const cleanups: (() => Promise<unknown>)[] = [];
  const services: Service[] = [];
  let postgres: PostgresHandle | undefined;
  let nats: NatsCluster | undefined;
  try {
    // PostgreSQL of its own (it is restarted), migrated.
    const postgresPort = await freePort();
    // Commit times kept (track_commit_timestamp): a withdrawal is measured from when it committed, the moment anything
    // outside its transaction can know of it, not from the time its verb began (which a lock wait under load can put
    // seconds earlier; ADR 051's bound runs from the commit).
    const startPostgres = () => ensurePostgres({ databaseUrl: null, dataDir, port: postgresPort, database: "tsunagi", settings: { track_commit_timestamp: "on" } });
    postgres = await startPostgres();
    cleanups.push(() => stopEmbeddedServer(dataDir));
    const url = postgres.url;
    await applyMigrations(url, { log: () => undefined });
    process.env.DATABASE_URL = url;
    const { issueApiToken } = await import("../../app/domain/api-tokens/issue-api-token.server");
    const relayToken = (await issueApiToken({ name: "chaos relay", scopes: ["bridge:ingest"], createdById: null })).token;
    const gateToken = (await issueApiToken({ name: "chaos prober", scopes: ["gate:analyze"], createdById: null })).token;
    const watcher = new pg.Pool({ connectionString: url, max: 2 });
    watcher.on("error", () => undefined);
    cleanups.push(() => watcher.end());

    // The services and the writer compiled, unless they already are (a hash check when the suite's build step made them).
    await ensureServicesBuild({ root });
    await ensureBenchBuild({ root });

    // NATS: three nodes, the stream on all three.
    nats = await startNatsCluster(3);
    await createReplicatedStream(nats.url);
    log(`PostgreSQL on :${postgresPort}, NATS cluster ${nats.url}`);

    const bridgePorts = [await freePort(), await freePort()];
    const replicaIds = ["chaos-1", "chaos-2"];
    const bridges = replicaIds.map((id, index) => {
      const dir = path.join(dataDir, `bridge-${id}`);
      mkdirSync(dir, { recursive: true });
      return new Service(`bridge ${id}`, [...bridgeNodeFlags, servicesEntry("bridge", root)], {
        DATABASE_URL: url,
        BRIDGE_PORT: String(bridgePorts[index]),
        BRIDGE_HOST: "127.0.0.1",
        NATS_URL: nats!.url,
        BRIDGE_FEED: "jetstream",
        BRIDGE_REPLICA_ID: id,
        BRIDGE_STALENESS_MS: String(stalenessMs),
        TSUNAGI_DATA_DIR: dir,
        LOG_LEVEL: "error",
      });
    });
    const relays = ["relay-1", "relay-2"].map(
      (id) =>
        new Service(id, [servicesEntry("relay", root)], {
          DATABASE_URL: url,
          // The HTTP lane goes to the first replica; the replicas follow the stream either way.
          BRIDGE_URL: `http://127.0.0.1:${bridgePorts[0]}`,
          RELAY_TOKEN: relayToken,
          NATS_URL: nats!.url,
          RELAY_HEARTBEAT_MS: String(HEARTBEAT_MS),
          RELAY_LEADER_CHECK_MS: String(LEADER_CHECK_MS),
          RELAY_MAX_LAG_MS: String(MAX_LAG_MS),
          TSUNAGI_DATA_DIR: dataDir,
          LOG_LEVEL: "error",
        }),
    );
    const writer = new Service("app", [benchEntry("writer-process", root)], { DATABASE_URL: url, CHAOS_TARGET: String(options.changes), CHAOS_SEED: String(options.seed ?? 17), LOG_LEVEL: "error" });
    services.push(...bridges, ...relays, writer);
    for (const service of services) service.start();
    cleanups.push(() =>
      Promise.all(
        services.map((service) => {
          service.stopped = true;
          return service.kill();
        }),
      ),
    );

    // What the ledger says, read as the run goes: every participant, and each withdrawal's commit time.
    const withdrawnAt = new Map<string, number>();
    let pseudonyms: string[] = [];
    let lastWithdrawalSeq = "0";
    const readLedger = async () => {
      const known = await watcher.query<{ pseudonym: string }>(`SELECT p.pseudonym FROM "Participant" p JOIN "ConsentState" s ON s."participantId" = p.id`);
      pseudonyms = known.rows.map((row) => row.pseudonym);
      const withdrawals = await watcher.query<{ pseudonym: string; at: Date; seq: string }>(
        `SELECT p.pseudonym, COALESCE(pg_xact_commit_timestamp(e.xmin), e."occurredAt") AS at, e."globalSeq"::text AS seq FROM "ConsentEvent" e JOIN "Participant" p ON p.id = e."participantId"
          WHERE e.type = 'withdrawn' AND e."globalSeq" > $1 ORDER BY e."globalSeq"`,
        [lastWithdrawalSeq],
      );
      for (const row of withdrawals.rows) {
        if (!withdrawnAt.has(row.pseudonym)) withdrawnAt.set(row.pseudonym, row.at.getTime());
        lastWithdrawalSeq = row.seq;
      }
    };
    const committedCount = async () => Number((await watcher.query<{ n: string }>(`SELECT count(*)::text AS n FROM "ConsentEvent"`)).rows[0]!.n);

    // Per replica: the last answer for each participant, when each was last allowed, and when a withdrawn one was
    // first denied after its last allow.
    const lastAnswer = replicaIds.map(() => new Map<string, Observation>());
    const lastAllowedAt = replicaIds.map(() => new Map<string, number>());
    const firstDenyAt = replicaIds.map(() => new Map<string, number>());
    const staleSince: (number | undefined)[] = replicaIds.map(() => undefined);
    let longestStaleWindowMs = 0;
    const versionRegressions: string[] = [];
    /** Asks replica `index` about `subjects` and records the answers (none when it cannot be reached). */
    const probe = async (index: number, subjects: string[]) => {
      if (subjects.length === 0) return;
      let decisions: { allowed: boolean; reason: string; stateVersion: number | null; evaluatedAt: string; subject: string }[] = [];
      try {
        for (let from = 0; from < subjects.length; from += 5_000) {
          const response = await fetch(`http://127.0.0.1:${bridgePorts[index]}/v1/decisions`, {
            method: "POST",
            headers: { Authorization: `Bearer ${gateToken}`, "Content-Type": "application/json" },
            body: JSON.stringify({ requests: subjects.slice(from, from + 5_000).map((subject) => ({ subject, action: "analyze", purpose: "DUO:0000006" })) }),
            signal: AbortSignal.timeout(3_000),
          });
          if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
          decisions = decisions.concat(((await response.json()) as { decisions: typeof decisions }).decisions);
        }
      } catch {
        decisions = [];
      }
      const now = Date.now();
      if (decisions.length === 0) {
        // A replica that cannot be reached denies, as far as a pipeline is concerned (tsunagi-gate fails closed).
        for (const subject of subjects) if (withdrawnAt.has(subject) && !firstDenyAt[index]!.has(subject)) firstDenyAt[index]!.set(subject, now);
      }
      const denyingAll = decisions.length === 0 || decisions.every((decision) => !decision.allowed && (decision.reason === "projection_stale" || decision.reason === "database_unavailable"));
      if (denyingAll) staleSince[index] ??= now;
      else staleSince[index] = undefined;
      if (staleSince[index] !== undefined) longestStaleWindowMs = Math.max(longestStaleWindowMs, now - staleSince[index]!);
      for (const decision of decisions) {
        const at = Date.parse(decision.evaluatedAt);
        const last = lastAnswer[index]!.get(decision.subject);
        if (last && decision.stateVersion !== null && last.version !== null && decision.stateVersion < last.version) {
          versionRegressions.push(`${replicaIds[index]} answered ${decision.subject} from version ${decision.stateVersion} after ${last.version}`);
        }
        lastAnswer[index]!.set(decision.subject, { at, allowed: decision.allowed, reason: decision.reason, version: decision.stateVersion });
        if (decision.allowed) {
          lastAllowedAt[index]!.set(decision.subject, at);
          firstDenyAt[index]!.delete(decision.subject);
        } else if (withdrawnAt.has(decision.subject) && !firstDenyAt[index]!.has(decision.subject)) {
          firstDenyAt[index]!.set(decision.subject, at);
        }
      }
    };
    /** Each round: every participant withdrawn lately (the check that matters), and a random few hundred others. */
    let probeEveryone = false;
    const probeSet = () => {
      if (probeEveryone) return pseudonyms.slice();
      const recent = Date.now() - boundMs - 5_000;
      const chosen = new Set([...withdrawnAt].filter(([, at]) => at >= recent).map(([pseudonym]) => pseudonym));
      for (let i = 0; i < 300 && pseudonyms.length > 0; i += 1) chosen.add(pseudonyms[Math.floor(random() * pseudonyms.length)]!);
      return [...chosen];
    };

    let probing = true;
    const prober = (async () => {
      while (probing) {
        const round = Date.now();
        await readLedger().catch(() => undefined);
        const subjects = probeSet();
        await Promise.all(replicaIds.map((_, index) => probe(index, subjects)));
        await sleep(Math.max(0, PROBE_MS - (Date.now() - round)));
      }
    })();

    // The kills, at random points of the run, each followed by a restart.
    const kinds: KillKind[] = (Object.entries(options.kills) as [KillKind, number][]).flatMap(([kind, count]) => Array.from({ length: count }, () => kind));
    for (let i = kinds.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [kinds[i], kinds[j]] = [kinds[j]!, kinds[i]!];
    }
    const points = kinds.map(() => Math.floor(options.changes * (0.05 + 0.85 * random()))).sort((a, b) => a - b);
    const kills: ChaosReport["kills"] = [];
    let next = 0;
    let committed = 0;
    let lastProgress = Date.now();
    let lastCommitted = -1;
    while (committed < options.changes) {
      await sleep(100);
      committed = await committedCount().catch(() => committed);
      if (committed !== lastCommitted) {
        lastCommitted = committed;
        lastProgress = Date.now();
      } else if (Date.now() - lastProgress > 120_000) {
        throw new Error(`no progress for 2 minutes at ${committed} changes; the app said:\n${writer.output()}`);
      }
      if (!writer.running) writer.start();
      while (next < kinds.length && committed >= points[next]!) {
        const kind = kinds[next]!;
        next += 1;
        const target = await inject(kind);
        kills.push({ kind, target, atCommitted: committed });
        log(`  ${String(committed).padStart(6)} changes: killed ${target}`);
      }
    }
    async function inject(kind: KillKind): Promise<string> {
      const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
      if (kind === "postgres") {
        await stopEmbeddedServer(dataDir);
        await sleep(500 + random() * 1_000);
        postgres = await startPostgres();
        return "PostgreSQL (restarted)";
      }
      if (kind === "nats") {
        const node = pick(nats!.nodes);
        await node.kill();
        setTimeout(() => void node.start().catch((error: unknown) => log(`  NATS ${node.name} did not start again: ${(error as Error).message}`)), 1_000 + random() * 2_000);
        return `NATS node ${node.name}`;
      }
      const service = kind === "app" ? writer : kind === "relay" ? pick(relays) : pick(bridges);
      await service.kill();
      setTimeout(() => service.start(), 300 + random() * 1_200);
      return service.name;
    }

    // Everything back: every node, every process. Then wait for the replicas to hold the ledger's state.
    await sleep(3_500);
    for (const node of nats.nodes) if (!node.running) await node.start();
    for (const service of [...bridges, ...relays]) service.start();
    const ledgerVersions = async () =>
      new Map(
        (
          await watcher.query<{ pseudonym: string; version: number }>(`SELECT p.pseudonym, s.version FROM "ConsentState" s JOIN "Participant" p ON p.id = s."participantId"`)
        ).rows.map((row) => [row.pseudonym, row.version]),
      );
    probeEveryone = true;
    let projectionMismatches: string[] = [];
    const settleBy = Date.now() + 120_000;
    for (;;) {
      await readLedger();
      const ledger = await ledgerVersions();
      projectionMismatches = [];
      for (const [index, id] of replicaIds.entries()) {
        const answers = lastAnswer[index]!;
        for (const [pseudonym, version] of ledger) {
          const held = answers.get(pseudonym);
          if (held?.version !== version) projectionMismatches.push(`${id}: ${pseudonym} at version ${held?.version ?? "none"}, the ledger at ${version}`);
          else if (withdrawnAt.has(pseudonym) && (held.allowed || held.reason !== "withdrawn_no_further_use")) projectionMismatches.push(`${id}: withdrawn ${pseudonym} answered ${held.reason}`);
        }
      }
      if (projectionMismatches.length === 0 || Date.now() > settleBy) break;
      await sleep(500);
    }
    probing = false;
    await prober;

    // The withdrawal check, over what the replicas answered.
    const violations: string[] = [];
    let longestAllowedAfterWithdrawalMs = 0;
    let worstCommitToDenyMs = 0;
    for (const [index, id] of replicaIds.entries()) {
      for (const [pseudonym, at] of withdrawnAt) {
        const allowed = lastAllowedAt[index]!.get(pseudonym);
        const allowedFor = allowed !== undefined && allowed >= at ? allowed - at : 0;
        longestAllowedAfterWithdrawalMs = Math.max(longestAllowedAfterWithdrawalMs, allowedFor);
        if (allowedFor > boundMs) violations.push(`${id} allowed withdrawn ${pseudonym} ${allowedFor} ms after the withdrawal (bound ${boundMs} ms)`);
        const denied = firstDenyAt[index]!.get(pseudonym);
        if (denied !== undefined) worstCommitToDenyMs = Math.max(worstCommitToDenyMs, denied - at);
      }
    }

    const { inStream, replicas } = await consumerFigures(nats.url, replicaIds);
    const report: ChaosReport = {
      committed: await committedCount(),
      withdrawals: withdrawnAt.size,
      kills,
      inStream,
      replicas,
      duplicatesDropped: replicas.reduce((sum, replica) => sum + Math.max(0, replica.delivered - inStream), 0),
      longestStaleWindowMs,
      longestAllowedAfterWithdrawalMs,
      worstCommitToDenyMs,
      boundMs,
      violations,
      projectionMismatches: projectionMismatches.slice(0, 20),
      versionRegressions: versionRegressions.slice(0, 20),
      unexpectedExits: services.flatMap((service) => service.unexpectedExits),
      durationMs: Date.now() - started,
    };
    return report;
  } catch (error) {
    for (const service of services) if (service.output()) log(`--- ${service.name}:\n${service.output()}`);
    throw error;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await nats?.dispose().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function createReplicatedStream(natsUrl: string): Promise<void> {
  const nc = await connect({ servers: natsUrl.split(","), maxReconnectAttempts: -1 });
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const jsm = await jetstreamManager(nc, { timeout: 2_000 });
        await jsm.streams.add({ name: CONSENT_STREAM, subjects: [CONSENT_SUBJECTS], storage: StorageType.File, num_replicas: 3, duplicate_window: nanos(2 * 3600_000) });
        return;
      } catch (error) {
        // The cluster elects its meta leader first.
        if (Date.now() > deadline) throw error;
        await sleep(250);
      }
    }
  } finally {
    await nc.close();
  }
}

async function consumerFigures(natsUrl: string, replicaIds: string[]): Promise<{ inStream: number; replicas: ChaosReport["replicas"] }> {
  const nc = await connect({ servers: natsUrl.split(",") });
  try {
    const jsm = await jetstreamManager(nc);
    const stream = await jsm.streams.info(CONSENT_STREAM);
    const replicas = [];
    for (const id of replicaIds) {
      const info = await jsm.consumers.info(CONSENT_STREAM, `bridge-${id}`);
      replicas.push({ id, delivered: info.delivered.consumer_seq, redelivered: info.num_redelivered });
    }
    return { inStream: stream.state.messages, replicas };
  } finally {
    await nc.close();
  }
}

export function formatChaosReport(report: ChaosReport): string {
  const kinds = new Map<string, number>();
  for (const kill of report.kills) kinds.set(kill.kind, (kinds.get(kill.kind) ?? 0) + 1);
  return [
    `Chaos run: ${report.committed} consent changes committed (${report.withdrawals} withdrawals) in ${(report.durationMs / 1000).toFixed(0)} s`,
    `  kills (SIGKILL; PostgreSQL restarted): ${[...kinds].map(([kind, count]) => `${kind} ×${count}`).join(", ")}`,
    `  in the stream: ${report.inStream}; delivered per replica: ${report.replicas.map((replica) => `${replica.id} ${replica.delivered} (${replica.redelivered} redelivered)`).join(", ")}`,
    `  duplicates dropped by the replicas: ${report.duplicatesDropped}`,
    `  longest stale window (a replica denying everything, or down): ${report.longestStaleWindowMs} ms`,
    `  longest a withdrawn participant was still allowed: ${report.longestAllowedAfterWithdrawalMs} ms (bound ${report.boundMs} ms)`,
    `  worst commit-to-deny latency: ${report.worstCommitToDenyMs} ms (a replica out of reach counts as denying, as tsunagi-gate does)`,
    `  processes that died on their own and were restarted: ${report.unexpectedExits.length === 0 ? "none" : report.unexpectedExits.join(", ")}`,
    `  projections equal to the ledger: ${report.projectionMismatches.length === 0 ? "yes" : `NO (${report.projectionMismatches.length})`}; versions answered out of order: ${report.versionRegressions.length}; withdrawals allowed past the bound: ${report.violations.length}`,
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argument = (name: string) => {
    const index = process.argv.indexOf(`--${name}`);
    return index === -1 ? undefined : process.argv[index + 1];
  };
  const changes = Number(argument("changes") ?? 10_000);
  const each = Math.max(1, Math.round(changes / 2_000));
  const report = await runChaos({ changes, seed: Number(argument("seed") ?? 17), kills: { app: each + 1, relay: each + 1, bridge: each + 1, nats: each, postgres: Math.max(1, Math.floor(each / 2)) } });
  console.log(formatChaosReport(report));
  for (const line of [...report.projectionMismatches, ...report.versionRegressions, ...report.violations].slice(0, 30)) console.log(`  ! ${line}`);
  process.exit(report.projectionMismatches.length + report.versionRegressions.length + report.violations.length === 0 ? 0 : 1);
}
