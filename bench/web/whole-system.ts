/**
 * The whole system as `npm start` runs it (issue 60 item 1): the compiled start entry (build-services/current/start.mjs,
 * with package.json's node flags) as its own process, against the bench's database and data folder — the app's cluster
 * of WEB_CONCURRENCY processes, the demo seed, the bridge, the relay, the checkpointer and the job worker, every one of
 * them — ready once its started marker is written, as the browser tests' servers are. What a user meets is this, not
 * one app process: the bench charges each page the CPU of this process tree and of every PostgreSQL backend serving
 * the database, whichever process asked.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { DemoFileSchema, type DemoFile } from "../../app/wiring/demo/demo-file";
import { ensureServicesBuild, servicesEntry, startNodeFlags } from "../../scripts/lib/services-build";
import { startedMarkerPath } from "../../scripts/lib/started-marker";

export interface WholeSystem {
  url: string;
  /** The start process: its children are the app's cluster workers; the services run inside it. */
  process: ChildProcess;
  /** The app's processes (WEB_CONCURRENCY; one per core unless set). */
  processes: number;
  demo: DemoFile;
  stop(): Promise<void>;
}

/** Starts the whole system and resolves once everything `npm start` does is done (its started marker is written). */
export async function startWholeSystem(options: { databaseUrl: string; dataDir: string; port: number; bridgePort: number; timeoutMs?: number }): Promise<WholeSystem> {
  await ensureServicesBuild({ log: (line) => console.error(`   [services] ${line}`) });
  const url = `http://localhost:${options.port}`;
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    TSUNAGI_DATA_DIR: options.dataDir,
    PORT: String(options.port),
    BRIDGE_PORT: String(options.bridgePort),
    APP_URL: url,
    NODE_ENV: "production",
    // The bench's cohort is the size; the demo's 3,000 would only add to the start.
    DEMO_COHORT: "0",
    // The bench builds the app once, before any server starts.
    SKIP_BUILD: "1",
    LOG_LEVEL: "warn",
  };
  // A user's machine has no NATS and no log file: the start as the README runs it.
  delete environment.NATS_URL;
  delete environment.LOG_FILE;
  const child = spawn(process.execPath, [...startNodeFlags, servicesEntry("start")], { env: environment, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const marker = startedMarkerPath(options.dataDir);
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  let ended = false;
  void exited.then(() => (ended = true));
  while (!existsSync(marker)) {
    if (ended) throw new Error(`npm start exited before it was ready:\n${output.slice(-4000)}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`npm start was not ready in time:\n${output.slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const processes = Number(/; (\d+) process(?:es)?, WEB_CONCURRENCY/.exec(output)?.[1] ?? Number.NaN);
  const demo = DemoFileSchema.parse(JSON.parse(readFileSync(path.join(options.dataDir, "demo.json"), "utf8")));
  return {
    url,
    process: child,
    processes,
    demo,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
