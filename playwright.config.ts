import { existsSync } from "node:fs";
import { defineConfig, type ReporterDescription } from "@playwright/test";

// scripts/test.ts finds or installs a Chromium (scripts/ensure-chromium.ts) and passes it in CHROMIUM_PATH.
// Run directly (`npx playwright test`), Debian's /usr/bin/chromium is used if present, else Playwright's own.
const executablePath = process.env.CHROMIUM_PATH || (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

// scripts/test.ts sets PLAYWRIGHT_JSON_OUTPUT_FILE to read the pass/fail counts; people just see the list.
const jsonReport = process.env.PLAYWRIGHT_JSON_OUTPUT_FILE;
const reporter: ReporterDescription[] = jsonReport ? [["list"], ["json", { outputFile: jsonReport }]] : [["list"]];

// E2E_SLOT (0–9) shifts every port and the data folder, so two browser runs on one machine do not collide.
const slot = Number(process.env.E2E_SLOT ?? 0);
const port = 3200 + slot * 10;
const baseURL = `http://localhost:${port}`;
const dataFolder = slot === 0 ? ".data/e2e" : `.data/e2e-${slot}`;

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: process.env.CI ? 1 : undefined,
  reporter,
  use: {
    baseURL,
    browserName: "chromium",
    locale: "ja-JP",
    timezoneId: "Asia/Tokyo",
    trace: "retain-on-failure",
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
  webServer: {
    // Builds the app, starts its own PostgreSQL, migrates, seeds and serves (scripts/start.ts).
    // A fresh data folder each run: rate-limit counters and rows from earlier runs must not leak into this one.
    command: `rm -rf ${dataFolder} && npx tsx scripts/start.ts`,
    url: `${baseURL}/healthz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      BRIDGE_PORT: String(port + 1),
      TSUNAGI_DATA_DIR: dataFolder,
      EMBEDDED_POSTGRES_PORT: String(54331 + slot * 10),
      APP_URL: baseURL,
      NODE_ENV: "production",
      E2E: "1",
    },
  },
});
