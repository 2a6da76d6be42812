import { existsSync } from "node:fs";
import path from "node:path";
import { defineConfig, type ReporterDescription } from "@playwright/test";
import { budget } from "./tests/e2e/support/budget";
import { longRunningSpecs } from "./tests/e2e/support/long-specs-first";
import { e2eServer, e2eWorkerCount } from "./tests/e2e/support/e2e-servers";

// scripts/test.ts finds or installs a Chromium (scripts/ensure-chromium.ts) and passes it in CHROMIUM_PATH.
// Run directly (`npx playwright test`), Debian's headless shell or its /usr/bin/chromium is used if present, else
// Playwright's own. The headless shell first: half the Chromium CPU of the full browser (issue 26).
const executablePath =
  process.env.CHROMIUM_PATH || ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"].find((candidate) => existsSync(candidate));

// scripts/test.ts sets PLAYWRIGHT_JSON_OUTPUT_FILE to read the pass/fail counts; people just see the list.
const jsonReport = process.env.PLAYWRIGHT_JSON_OUTPUT_FILE;
const reporter: ReporterDescription[] = jsonReport ? [["list"], ["json", { outputFile: jsonReport }]] : [["list"]];

// Each worker has its own app server (ports, data folder, embedded PostgreSQL), because tests count on rate-limit
// counters, mail captured in the data folder and the seeded demo accounts. E2E_SLOT shifts every port and folder so
// two runs on one machine do not collide; E2E_WORKERS (default 1.5 per core, 3 on two cores) sets how many workers and
// servers (ADR 023).
const workers = e2eWorkerCount();
const servers = Array.from({ length: workers }, (_, index) => e2eServer(index));

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // A budget per test, not a timed assertion: on CI's two cores two app servers, their PostgreSQLs and Chromium share
  // the machine, and a plain page-by-page test that takes 12 s alone took over 30 s (Playwright's default) there.
  timeout: budget(90_000),
  // The same for each expectation's retries (Playwright's default 5 s): a page that renders in 1 s here can take
  // several on CI. A wait that passes early returns early; only a failure takes the whole budget.
  expect: { timeout: budget(5_000) },
  // Files are spread over the workers; the tests inside one file run in order in one worker, against one server.
  workers,
  // The longest files first (tests/e2e/support/long-specs-first.ts): Playwright dispatches a project's files after
  // those of the projects before it, so the run does not end with one worker on a long file while the others idle.
  // Every file is in exactly one of the two; a worker that moves to the second is a new process (a few seconds).
  projects: [
    { name: "long", testMatch: longRunningSpecs.map((file) => `**/${path.basename(file)}`) },
    { name: "rest", testIgnore: longRunningSpecs.map((file) => `**/${path.basename(file)}`) },
  ],
  reporter,
  use: {
    // A click, fill or navigation that waits longer than this fails there, naming what it waited for, instead of holding
    // the test to its whole budget (240 s on CI) and reporting only that the budget ran out. A page here answers within
    // seconds even on a slow hour; this is a bound on a wait that would never end.
    actionTimeout: budget(30_000),
    navigationTimeout: budget(30_000),
    // Worker 0's server; tests/e2e/fixtures.ts points each worker at its own (a worker-scoped fixture).
    baseURL: servers[0]!.baseURL,
    browserName: "chromium",
    locale: "ja-JP",
    timezoneId: "Asia/Tokyo",
    // The app's service worker (ADR 109) is network-only, so a page behaves the same with it as without; but Playwright's
    // page.route never sees a navigation a worker answered (public-page-cache.spec.ts rewrites /transparency so), and
    // installing it in every test's new context would fetch the app shell each time. Only installable-app.spec.ts, whose
    // subject it is, lets it register.
    serviceWorkers: "block",
    // No trace unless asked for (PLAYWRIGHT_TRACE=retain-on-failure, say, when hunting a failure): recording one for
    // every test cost about a fifth of Chromium's and Playwright's CPU in the run (family.spec: 47 → 37 and 20 → 12
    // CPU-seconds; issue 26). A failure still leaves its screenshot and the page's accessibility snapshot.
    trace: (process.env.PLAYWRIGHT_TRACE ?? "off") as "off" | "on" | "retain-on-failure" | "on-first-retry",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      // --no-sandbox: tests run as root in CI. The rest keep Chromium from calling home on a closed network.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  // The servers start side by side (issue 26; one after another they took about a minute of the browser step): each
  // entry without a url is started and not waited for, and the last entry, a waiter, is ready once every server answers
  // /healthz. Each server builds the app into build/ unless it is current; the build lock in scripts/lib/app-build.ts
  // lets exactly one build while the others wait for it.
  webServer: [
    ...servers.map((server) => ({
      // `npm start`, as a user runs it (README): its own PostgreSQL, migrations, the seed, the app and the services,
      // compiled (ADR 081; `npm test`'s build step compiles them once, before any server starts). Under tsx, as before
      // issue 62, each server's start took 26 CPU-seconds against 18 compiled, and its app workers ran on tsx's loader.
      // A fresh data folder each run: rate-limit counters and rows from earlier runs must not leak into this one.
      command: `rm -rf ${server.dataFolder} && npm start`,
      name: `app ${server.index}`,
      reuseExistingServer: false,
      stdout: "pipe" as const,
      stderr: "pipe" as const,
      env: {
        PORT: String(server.port),
        BRIDGE_PORT: String(server.bridgePort),
        TSUNAGI_DATA_DIR: server.dataFolder,
        // Every service's JSON log lines, kept for the check after the run (tests/log-privacy; ADR 027).
        LOG_FILE: server.logFile,
        EMBEDDED_POSTGRES_PORT: String(server.postgresPort),
        ...(server.databaseUrl ? { DATABASE_URL: server.databaseUrl } : {}),
        APP_URL: server.baseURL,
        NODE_ENV: "production",
        E2E: "1",
        // The tests are written about the demo's named participants; the 3,000-member cohort would change what they
        // count and add half a minute to every server's start (issue 29).
        DEMO_COHORT: "0",
        // The hourly snapshot (at :07) never fires here (31 February): the tests make snapshots themselves, and one
        // the schedule takes mid-test becomes the newest and hides the test's own (the likely cause of the phone test's
        // failure at CI stop 42).
        TRANSPARENCY_SNAPSHOT_CRON: "0 0 31 2 *",
        // Each server is a cluster of two app processes (ADR 028): enough that every spec runs against more than one,
        // and the same on a many-core machine as on a 2-core CI runner, unless WEB_CONCURRENCY says otherwise.
        WEB_CONCURRENCY: process.env.WEB_CONCURRENCY ?? "2",
      },
    })),
    {
      command: "npx tsx tests/e2e/servers-ready.cli.ts",
      name: "servers",
      wait: { stdout: /all \d+ browser-test servers ready/ },
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "pipe" as const,
      stderr: "pipe" as const,
    },
  ],
});
