/**
 * The production build of the web app (`build/`), made once for what its inputs are (issue 26).
 *
 * `npm start`, `npm test`'s build step, the Vitest run (tests that serve the app) and the browser tests' servers all
 * use the same build/. It is rebuilt only when an input changed: a SHA-256 over the paths and contents of every
 * file the build reads (the app, e-mails, workspace packages, locales, public files, the Vite, TypeScript and npm
 * configuration) is kept beside it in build/.inputs-sha256, written only after a build succeeded. Two processes
 * asking at once take turns on a lock, so build/ is never written twice at the same time.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { processRuns } from "./process-runs";

const repositoryRoot = path.resolve(import.meta.dirname, "../..");

/** Folders whose files (tests excepted) go into the build, and single files that shape it. */
const inputFolders = ["app", "emails", "packages", "services/pipeline-bridge/src", "locales", "public"];
const inputFiles = ["vite.config.ts", "server/vite-file-watching.ts", "server/vite-build-warnings.ts", "server/vite-route-texts.ts", "tsconfig.json", "package.json", "package-lock.json"];
const skipped = /(^|\/)(node_modules|dist|build)(\/|$)|\.test\.tsx?$/;

export const buildStampFile = ".inputs-sha256";

function filesUnder(root: string, folder: string): string[] {
  const absolute = path.join(root, folder);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .filter((file) => !skipped.test(file));
}

/** The SHA-256 of every build input's path and content, in a stable order. */
export function buildInputsHash(root = repositoryRoot): string {
  const files = [...inputFolders.flatMap((folder) => filesUnder(root, folder)), ...inputFiles.filter((file) => existsSync(path.join(root, file)))].sort();
  const hash = createHash("sha256");
  for (const file of files) hash.update(file).update("\0").update(createHash("sha256").update(readFileSync(path.join(root, file))).digest()).update("\0");
  return hash.digest("hex");
}

/** Whether build/ is a complete build of the inputs as they are now. */
export function appBuildIsCurrent(root = repositoryRoot): boolean {
  const stamp = path.join(root, "build", buildStampFile);
  if (!existsSync(stamp) || !existsSync(path.join(root, "build/server/index.js"))) return false;
  return readFileSync(stamp, "utf8").trim() === buildInputsHash(root);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function lockHolder(lock: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(lock, "pid"), "utf8"));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function lockAgeMs(lock: string): number {
  try {
    return Date.now() - statSync(lock).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * One builder at a time: a folder made atomically, holding the builder's pid; a dead builder's lock is taken over. The
 * services' bundle (scripts/lib/services-build.ts) takes the same lock.
 */
export async function withBuildLock<T>(root: string, work: () => Promise<T>, log: (line: string) => void): Promise<T> {
  const lock = path.join(root, ".data", "build.lock");
  mkdirSync(path.dirname(lock), { recursive: true });
  let waited = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, "pid"), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = lockHolder(lock);
      // A dead holder's lock, or one whose holder died before writing its pid, is taken over.
      if ((holder !== undefined && !processRuns(holder)) || (holder === undefined && lockAgeMs(lock) > 10_000)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!waited) log(`waiting for another process (${holder === undefined ? "starting" : `pid ${holder}`}) to finish building the app`);
      waited = true;
      await sleep(250);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function viteBuild(root: string, output: ((text: string) => void) | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build", "--logLevel", "warn"], {
      cwd: root,
      env: { ...process.env, NODE_ENV: "production" },
      stdio: output ? ["ignore", "pipe", "pipe"] : "inherit",
    });
    child.stdout?.on("data", (chunk: Buffer) => output?.(chunk.toString("utf8")));
    child.stderr?.on("data", (chunk: Buffer) => output?.(chunk.toString("utf8")));
    child.on("error", reject);
    child.on("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`vite build failed (${signal ?? `exit code ${code}`})`))));
  });
}

/**
 * Builds the app into build/ unless it already holds a build of the current inputs. Resolves to whether it built.
 * `output` takes what the build prints (else it goes to this process's stdout and stderr).
 */
export async function ensureAppBuild(options: { root?: string; log?: (line: string) => void; output?: (text: string) => void } = {}): Promise<{ built: boolean }> {
  const root = options.root ?? repositoryRoot;
  const log = options.log ?? (() => undefined);
  if (appBuildIsCurrent(root)) return { built: false };
  return withBuildLock(
    root,
    async () => {
      // Another process may have built it while this one waited.
      if (appBuildIsCurrent(root)) return { built: false };
      const inputs = buildInputsHash(root);
      rmSync(path.join(root, "build", buildStampFile), { force: true });
      log("Building the web app (vite build)…");
      await viteBuild(root, options.output);
      // The inputs as they were when the build began: an edit made during it makes the next caller build again.
      writeFileSync(path.join(root, "build", buildStampFile), `${inputs}\n`);
      return { built: true };
    },
    log,
  );
}
