/**
 * A real bridge replica for the capacity benchmarks: `node build-services/current/bridge.mjs` with the bridge's node
 * flags, the service as a deployment runs it (ADR 105; under tsx until ADR 173, so each start compiled it first), with
 * NATS_URL and BRIDGE_FEED=jetstream so that it follows the consent stream as its own durable consumer
 * `bridge-<BRIDGE_REPLICA_ID>` (ADR 051), its decision log and ES256 signing on. Spawned directly (no wrapper
 * process), so its pid is the one whose CPU is read. Unlike bridge-process.ts it has no IPC channel: it is stopped as
 * an operator stops it, with SIGTERM (SIGKILL after a grace period), and every replica still running when this process
 * exits is killed, so a failed run leaves none behind.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { ensureServicesBuild, servicesEntry } from "../../scripts/lib/services-build";
import { bridgeNodeFlags } from "../../services/pipeline-bridge/src/node-flags";
import { freePort } from "../../tests/support/free-port";
import { pause } from "./figures";
import { processCpuMs } from "./read-cpu-time";

const root = path.resolve(import.meta.dirname, "../..");
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

export interface BridgeReplicaOptions {
  databaseUrl: string;
  natsUrl: string;
  replicaId: string;
  /** Its TSUNAGI_DATA_DIR: where its signing keys are made on first start and found again on a restart. */
  dataDir: string;
  /** Default: the service's own (BRIDGE_STALENESS_MS, 10 s). */
  stalenessMs?: number;
}

export interface ReplicaReadiness {
  /** From spawning the process to its first HTTP answer (the projection is loaded before it listens). */
  listeningMs: number;
  /** From spawning the process to `/readyz` answering 200. */
  readyMs: number;
}

export interface BridgeReplica {
  readonly replicaId: string;
  readonly url: string;
  readonly pid: number | undefined;
  /** performance.now() just before the process was spawned. */
  readonly spawnedAt: number;
  /** Polls `/readyz` every `pollMs` until it answers 200; throws if the process exits or `timeoutMs` passes first. */
  untilReady(options?: { timeoutMs?: number; pollMs?: number }): Promise<ReplicaReadiness>;
  /** CPU milliseconds the process has used so far (all its threads). */
  cpuMs(): number;
  /** SIGTERM (the service closes its consumer, flushes its decision log), SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** The last lines it wrote (warnings and errors), for a failure's message. */
  output(): string;
}

export async function startBridgeReplica(options: BridgeReplicaOptions): Promise<BridgeReplica> {
  await ensureServicesBuild({ root });
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    BRIDGE_HOST: "127.0.0.1",
    BRIDGE_PORT: String(port),
    NATS_URL: options.natsUrl,
    BRIDGE_FEED: "jetstream",
    BRIDGE_REPLICA_ID: options.replicaId,
    TSUNAGI_DATA_DIR: options.dataDir,
    LOG_LEVEL: "warn",
  };
  if (options.stalenessMs !== undefined) env.BRIDGE_STALENESS_MS = String(options.stalenessMs);
  delete env.LOG_FILE;
  delete env.BRIDGE_SIGNING_KEYS_FILE;

  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const child of running) child.kill("SIGKILL");
    });
  }
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...bridgeNodeFlags, servicesEntry("bridge", root)], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      running.delete(child);
      resolve();
    }),
  );
  let tail = "";
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      // Each 503 of /readyz is a warning line; while it catches up, those would crowd out whatever said why.
      const kept = chunk
        .split("\n")
        .filter((text) => !text.includes('"route":"/readyz"'))
        .join("\n");
      tail = (tail + kept).slice(-4000);
    });
  }
  const url = `http://127.0.0.1:${port}`;
  const gone = () => child.exitCode !== null || child.signalCode !== null;

  return {
    replicaId: options.replicaId,
    url,
    pid: child.pid,
    spawnedAt,
    async untilReady({ timeoutMs = 600_000, pollMs = 50 } = {}) {
      let listeningMs: number | undefined;
      for (;;) {
        if (gone()) throw new Error(`bridge replica ${options.replicaId} exited (${child.signalCode ?? child.exitCode}) before it was ready:\n${tail}`);
        const now = performance.now();
        if (now - spawnedAt > timeoutMs) throw new Error(`bridge replica ${options.replicaId} was not ready within ${timeoutMs} ms:\n${tail}`);
        const status = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) }).then(
          async (response) => {
            await response.body?.cancel();
            return response.status;
          },
          () => undefined,
        );
        const answeredAt = performance.now();
        if (status !== undefined) listeningMs ??= answeredAt - spawnedAt;
        if (status === 200) return { listeningMs: listeningMs!, readyMs: answeredAt - spawnedAt };
        await pause(pollMs);
      }
    },
    cpuMs: () => processCpuMs(child.pid),
    async stop(graceMs = 15_000) {
      if (gone()) return;
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(killer);
    },
    output: () => tail,
  };
}
