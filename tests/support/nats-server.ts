/**
 * A real, private NATS server with JetStream for tests: `nats-server -js -sd <dir> -p <port> -a 127.0.0.1`.
 *
 *   const nats = await startNatsServer();   // a free port and a fresh store directory
 *   await nats.stop();                       // the store directory is kept…
 *   await nats.start();                      // …so streams, messages and the dedupe window survive a restart
 *   await nats.dispose();                    // stop and delete the store directory
 *
 * The binary is found on PATH, in /usr/sbin or /usr/bin. Missing, it is installed with apt-get when this runs as
 * root on Debian; otherwise the error says what to install. Tests that need NATS never skip.
 *
 * Vitest's global setup (tests/support/global-setup.ts) starts one for the run unless NATS_URL is set; test files
 * reach it with natsUrlForTests() from tests/support/nats-url.ts. (This file is loaded by the global setup, where
 * importing vitest is not allowed.)
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { Socket } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "./free-port";

export { freePort };

const execFileAsync = promisify(execFile);

declare module "vitest" {
  export interface ProvidedContext {
    /** nats://127.0.0.1:<port> of the run's NATS server (NATS_URL when set). */
    tsunagiNatsUrl: string;
  }
}

export const NATS_INSTALL_HINT =
  "nats-server (with JetStream) is needed by the NATS tests. Install it, e.g. `sudo apt-get install nats-server` on Debian/Ubuntu, " +
  "or download it from https://github.com/nats-io/nats-server/releases and put it on PATH, or set NATS_URL to a server with JetStream enabled.";

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function lookUp(): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean), "/usr/sbin", "/usr/bin", "/usr/local/bin"];
  return dirs.map((dir) => path.join(dir, "nats-server")).find(executable);
}

let found: Promise<string> | undefined;

/** The nats-server binary, installing it with apt-get as root when it is missing; throws saying what to install otherwise. */
export function findNatsServer(): Promise<string> {
  found ??= (async () => {
    const existing = lookUp();
    if (existing) return existing;
    const isRoot = userInfo().uid === 0;
    const aptGet = ["/usr/bin/apt-get", "/bin/apt-get"].find(executable);
    if (!isRoot || !aptGet) throw new Error(`nats-server was not found on PATH, in /usr/sbin or /usr/bin. ${NATS_INSTALL_HINT}`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    try {
      await execFileAsync(aptGet, ["update"], { env, maxBuffer: 64 * 1024 * 1024 });
      await execFileAsync(aptGet, ["install", "-y", "nats-server"], { env, maxBuffer: 64 * 1024 * 1024 });
    } catch (error) {
      throw new Error(`nats-server was missing and \`apt-get install -y nats-server\` failed: ${(error as Error).message}\n${NATS_INSTALL_HINT}`, { cause: error });
    }
    const installed = lookUp();
    if (!installed) throw new Error(`apt-get installed nats-server but no nats-server binary was found afterwards. ${NATS_INSTALL_HINT}`);
    return installed;
  })();
  found.catch(() => (found = undefined));
  return found;
}

export interface NatsTestServer {
  /** nats://127.0.0.1:<port>; the same across restarts. */
  readonly url: string;
  readonly port: number;
  /** JetStream's store directory; the same across restarts. */
  readonly storeDir: string;
  readonly running: boolean;
  /** Starts it again on the same port and store directory (after stop()). */
  start(): Promise<void>;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s); the store directory stays. */
  stop(): Promise<void>;
  /** stop() and start(). */
  restart(): Promise<void>;
  /** Stops it and deletes the store directory. */
  dispose(): Promise<void>;
}

/** Starts a private nats-server with JetStream on 127.0.0.1 (a free port unless given). */
export async function startNatsServer(options: { port?: number; storeDir?: string } = {}): Promise<NatsTestServer> {
  const binary = await findNatsServer();
  const port = options.port ?? (await freePort());
  const ownsStoreDir = !options.storeDir;
  const storeDir = options.storeDir ?? mkdtempSync(path.join(tmpdir(), "tsunagi-nats-"));
  let child: ChildProcess | undefined;

  const start = async () => {
    if (child) return;
    const process_ = spawn(binary, ["-js", "-sd", storeDir, "-p", String(port), "-a", "127.0.0.1"], { stdio: ["ignore", "ignore", "pipe"] });
    let output = "";
    process_.stderr?.setEncoding("utf8");
    process_.stderr?.on("data", (chunk: string) => {
      if (output.length < 20_000) output += chunk;
    });
    const exited = new Promise<never>((_, reject) => {
      process_.once("error", (error) => reject(new Error(`Could not run ${binary}: ${error.message}`)));
      process_.once("exit", (code, signal) => reject(new Error(`nats-server exited (${signal ?? code}) before it was ready:\n${output.slice(-4000)}`)));
    });
    exited.catch(() => undefined);
    try {
      await Promise.race([waitUntilAccepting(port, () => output.includes("Server is ready")), exited]);
    } catch (error) {
      process_.kill("SIGKILL");
      throw error;
    }
    child = process_;
  };

  const stop = async () => {
    const current = child;
    if (!current) return;
    child = undefined;
    if (current.exitCode !== null || current.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => current.once("exit", () => resolve()));
    current.kill("SIGTERM");
    const killer = setTimeout(() => current.kill("SIGKILL"), 5_000);
    await gone;
    clearTimeout(killer);
  };

  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    get running() {
      return child !== undefined;
    },
    start,
    stop,
    restart: async () => {
      await stop();
      await start();
    },
    dispose: async () => {
      await stop();
      if (ownsStoreDir) rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

async function waitUntilAccepting(port: number, ready: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (ready() && (await accepts(port))) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`nats-server did not accept connections on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.connect(port, "127.0.0.1");
  });
}
