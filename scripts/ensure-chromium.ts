// Finds (or, as a last resort, installs) a Chromium for Playwright and returns its executable path.
//
//   npx tsx scripts/ensure-chromium.ts      prints the path on stdout; progress goes to stderr
//
// Order:
//   1. $CHROMIUM_PATH, if set and executable;
//   2. Debian's headless shell, /usr/bin/chromium-headless-shell (package chromium-headless-shell): the same Blink
//      without the browser's user interface, which Playwright itself launches for headless tests. The browser tests
//      took half the Chromium CPU with it that they took with the full browser in its new headless mode (family.spec:
//      77 → 37 CPU-seconds; issue 26);
//   3. Playwright's own Chromium, if it has already been downloaded (playwright-core's chromium.executablePath());
//   4. /usr/bin/chromium (Debian), or chromium / chromium-browser / google-chrome(-stable) on PATH;
//   5. `npx playwright install --no-shell chromium` (Playwright's download), bounded by a timeout
//      ($CHROMIUM_DOWNLOAD_TIMEOUT_MS, default 5 minutes);
//   6. as root on a system with apt-get: `apt-get update && apt-get install -y chromium-headless-shell`;
//   7. otherwise fail at once, saying exactly what to install. Tests are never skipped for want of a browser.

import { spawn } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import path from "node:path";
import { isEntryPoint, repoRoot } from "./lib/test-commands";

const defaultDownloadTimeoutMs = 5 * 60_000;

function log(message: string): void {
  process.stderr.write(`[ensure-chromium] ${message}\n`);
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** The path of Playwright's own Chromium if it has been downloaded, else undefined. */
async function playwrightChromium(): Promise<string | undefined> {
  try {
    const { chromium } = await import("playwright-core");
    const executable = chromium.executablePath();
    return executable && isExecutableFile(executable) ? executable : undefined;
  } catch {
    return undefined; // playwright-core not installed, or no build for this platform
  }
}

/** Debian's headless shell (package chromium-headless-shell), if installed. */
export const debianHeadlessShell = "/usr/bin/chromium-headless-shell";

function headlessShell(): string | undefined {
  return isExecutableFile(debianHeadlessShell) ? debianHeadlessShell : findOnPath("chromium-headless-shell");
}

function systemChromium(): string | undefined {
  if (isExecutableFile("/usr/bin/chromium")) return "/usr/bin/chromium";
  for (const name of ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]) {
    const found = findOnPath(name);
    if (found) return found;
  }
  return undefined;
}

/** Runs a command with its output on stderr (stdout is reserved for the path); resolves to its exit code. */
function run(command: string, args: string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<number> {
  return new Promise((resolve) => {
    log(`$ ${[command, ...args].join(" ")}`);
    const child = spawn(command, args, {
      cwd: repoRoot,
      env: options.env ?? process.env,
      stdio: ["ignore", process.stderr, process.stderr],
    });
    let timer: NodeJS.Timeout | undefined;
    if (options.timeoutMs) {
      timer = setTimeout(() => {
        log(`timed out after ${Math.round(options.timeoutMs! / 1000)} s; stopping it`);
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
      }, options.timeoutMs);
    }
    child.on("error", (error) => {
      if (timer) clearTimeout(timer);
      log(`could not run ${command}: ${error.message}`);
      resolve(127);
    });
    child.on("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

async function downloadWithPlaywright(): Promise<string | undefined> {
  const timeoutMs = Number(process.env.CHROMIUM_DOWNLOAD_TIMEOUT_MS) || defaultDownloadTimeoutMs;
  log("no Chromium found; trying Playwright's own download");
  // --no-install: use this project's Playwright, never fetch another one. --no-shell: we always launch the
  // full Chromium through executablePath, so the separate headless shell would be a wasted download.
  const code = await run("npx", ["--no-install", "playwright", "install", "--no-shell", "chromium"], {
    timeoutMs,
    env: { ...process.env, PLAYWRIGHT_DOWNLOAD_CONNECTION_TIMEOUT: process.env.PLAYWRIGHT_DOWNLOAD_CONNECTION_TIMEOUT ?? "20000" },
  });
  if (code !== 0) {
    log(`Playwright's download failed (exit code ${code})`);
    return undefined;
  }
  return playwrightChromium();
}

async function installWithApt(): Promise<string | undefined> {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot || !findOnPath("apt-get")) return undefined;
  log("installing Debian's chromium-headless-shell with apt-get (running as root)");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if ((await run("apt-get", ["update"], { env })) !== 0) {
    log("apt-get update failed");
    return undefined;
  }
  if ((await run("apt-get", ["install", "-y", "chromium-headless-shell"], { env })) !== 0) {
    log("apt-get install chromium-headless-shell failed");
    return undefined;
  }
  return headlessShell();
}

const installHelp = [
  "No Chromium could be found or installed for the end-to-end tests. Install one of these, then run the tests again:",
  "  - Debian:        sudo apt-get install chromium-headless-shell   (or chromium)",
  "  - any system:    npx playwright install chromium       (Playwright's own build; on Linux add --with-deps for its libraries)",
  "  - or point CHROMIUM_PATH at an existing Chromium or Chrome, e.g. CHROMIUM_PATH=/usr/bin/google-chrome npm test",
].join("\n");

/** Returns the path of a Chromium executable for Playwright's launchOptions.executablePath; throws if there is none. */
export async function ensureChromium(): Promise<string> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (isExecutableFile(fromEnv)) return fromEnv;
    log(`CHROMIUM_PATH=${fromEnv} is not an executable file; looking elsewhere`);
  }
  const found =
    headlessShell() ?? (await playwrightChromium()) ?? systemChromium() ?? (await downloadWithPlaywright()) ?? (await installWithApt());
  if (found) return found;
  throw new Error(installHelp);
}

if (isEntryPoint(import.meta.url)) {
  ensureChromium().then(
    (executable) => {
      process.stdout.write(`${executable}\n`);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
