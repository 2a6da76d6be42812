/**
 * Servers under measurement run in their own processes, so the load generator and the measuring code never
 * share an event loop with them. A child is a TypeScript file run through tsx, or its compiled entry when the bench runs
 * compiled (ADR 173), with an IPC channel: it sends
 * `{ type: "ready", ... }` once listening, and stops cleanly on `{ type: "stop" }`.
 */
import { fork, type ChildProcess } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { benchEntryPoints } from "../../scripts/lib/bench-build";

export interface BenchChild<Ready> {
  /** What the child said when it was ready (its URL, counts …). */
  ready: Ready;
  process: ChildProcess;
  send(message: unknown): void;
  /** Calls `listener` for every message other than `ready`. */
  onMessage(listener: (message: { type: string } & Record<string, unknown>) => void): void;
  /** Asks the child to stop, and kills it (by its pid) if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * BENCH_CPU_PROF_DIR set: every child writes V8 CPU profiles when it exits (`--cpu-prof`), one per thread (tsx's
 * module loader has one), into `<dir>/<script name>/`; the main thread's is the largest. Summarise one with
 * `npx tsx bench/bridge/summarise-cpu-profile.ts <file>`.
 */
function profilingArgv(script: string): string[] {
  const dir = process.env.BENCH_CPU_PROF_DIR;
  if (!dir) return [];
  return ["--cpu-prof", `--cpu-prof-dir=${path.join(dir, path.basename(script, ".ts"))}`];
}

/**
 * The node flags a checkout runs its bridge with (services/pipeline-bridge/src/node-flags.ts, ADR 093), so the bench's bridge
 * runs as deployed; a checkout from before that file has none. `root` is the checkout's folder.
 */
export async function bridgeNodeFlagsOf(root: string): Promise<readonly string[]> {
  const file = path.join(root, "services/pipeline-bridge/src/node-flags.ts");
  if (!existsSync(file)) return [];
  return ((await import(file)) as { bridgeNodeFlags: readonly string[] }).bridgeNodeFlags;
}

/** Set in every chunk of a compiled bundle (scripts/lib/services-build.ts); absent under tsx. */
declare const __servicesBundleUrl: string | undefined;
const compiledBundle = typeof __servicesBundleUrl === "string" ? __servicesBundleUrl : undefined;
const repositoryRoot = path.resolve(import.meta.dirname, "../..");

/**
 * What node runs for a child's source: run from the bench bundle (ADR 173), the bundle's compiled entry of that source
 * when it has one; else the source itself, through tsx (a run under tsx, or another checkout's file).
 */
function childModule(source: string): { file: string; loader: string[] } {
  const entry = compiledBundle && Object.entries(benchEntryPoints).find(([, file]) => path.resolve(repositoryRoot, file) === source)?.[0];
  return entry ? { file: fileURLToPath(new URL(`${entry}.mjs`, compiledBundle)), loader: [] } : { file: source, loader: ["--import", "tsx"] };
}

/** BENCH_TRACE_DIR set: every child records its garbage collections and late event loops (trace-pauses.ts). */
function tracingArgv(): string[] {
  return process.env.BENCH_TRACE_DIR ? ["--import", pathToFileURL(childModule(path.resolve(import.meta.dirname, "trace-pauses.ts")).file).href] : [];
}

export function startChild<Ready>(script: string, env: Record<string, string>, readyTimeoutMs = 60_000, nodeFlags: readonly string[] = []): Promise<BenchChild<Ready>> {
  const { file, loader } = childModule(path.resolve(import.meta.dirname, script));
  const child = fork(file, [], {
    execArgv: [...nodeFlags, ...loader, ...profilingArgv(script), ...tracingArgv()],
    env: { ...process.env, ...(process.env.BENCH_TRACE_DIR ? { BENCH_TRACE_NAME: path.basename(script, ".ts") } : {}), ...env },
    // stdout is the benchmark's report; a child's own chatter would interleave with it. Errors still show.
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const listeners: ((message: { type: string } & Record<string, unknown>) => void)[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} was not ready within ${readyTimeoutMs} ms`));
    }, readyTimeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready`));
    });
    child.on("message", (raw) => {
      const message = raw as { type: string } & Record<string, unknown>;
      if (message.type !== "ready") {
        for (const listener of listeners) listener(message);
        return;
      }
      clearTimeout(timer);
      resolve({
        ready: message as unknown as Ready,
        process: child,
        send: (value) => child.send(value as never),
        onMessage: (listener) => listeners.push(listener),
        async stop(graceMs = 10_000) {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.send({ type: "stop" });
          const killer = setTimeout(() => child.kill("SIGKILL"), graceMs);
          await exited;
          clearTimeout(killer);
        },
      });
    });
  });
}

/** In a child: calls `stop` on the parent's `{ type: "stop" }` (or when the parent goes away), then exits. */
export function stopOnRequest(stop: () => Promise<void>): void {
  let stopping = false;
  const end = () => {
    if (stopping) return;
    stopping = true;
    stop()
      .catch((error: unknown) => console.error(error))
      .finally(() => process.exit(0));
  };
  process.on("message", (message) => {
    if ((message as { type?: string }).type === "stop") end();
  });
  process.on("disconnect", end);
}

/**
 * In a child: a V8 CPU profile of this thread over a stretch the parent chooses (`{ type: "profile-start" }`, then
 * `{ type: "profile-stop", file }`, answered `{ type: "profiled", file }`), so a profile holds the work measured and
 * not the start-up (a million subjects loaded). Summarise it with summarise-cpu-profile.ts.
 */
export function profileOnRequest(): void {
  // Connected only when asked: an unprofiled child runs as it would without this.
  let session: Session | undefined;
  process.on("message", (raw) => {
    const message = raw as { type?: string; file?: string };
    if (message.type === "profile-start") {
      session ??= new Session();
      session.connect();
      void session.post("Profiler.enable").then(() => session!.post("Profiler.start"));
    } else if (message.type === "profile-stop" && message.file && session) {
      void session.post("Profiler.stop").then(({ profile }) => {
        writeFileSync(message.file!, JSON.stringify(profile));
        session?.disconnect();
        session = undefined;
        process.send!({ type: "profiled", file: message.file });
      });
    }
  });
}
