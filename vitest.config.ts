import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import LongFilesFirst from "./tests/support/long-files-first";

// How many test files run at once (issue 26). Vitest's default on two cores is one: integration files spend much of
// their time waiting (on PostgreSQL, a relay's heartbeat, a child process), so one worker left a core idle. One and a
// half per core keeps both busy; TEST_WORKERS overrides it, as does --maxWorkers.
const workers = Number(process.env.TEST_WORKERS) || Math.max(2, Math.ceil(availableParallelism() * 1.5));

/** Where the two projects' files live: the integration tests, and everything else (unit tests beside the code). */
const integrationFiles = ["tests/integration/**/*.test.ts"];
const unitFiles = [
  "app/**/*.test.{ts,tsx}",
  "emails/**/*.test.{ts,tsx}",
  "server/**/*.test.ts",
  "scripts/**/*.test.ts",
  "services/pipeline-bridge/cli/*.test.ts",
  "packages/*/src/**/*.test.ts",
  "services/*/src/**/*.test.ts",
];

/** What both projects share (a project does not extend the root config, so the global setup runs once). */
const shared = {
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  // The app's JSX runtime (ADR 037), as in vite.config.ts.
  esbuild: { jsxImportSource: "@tsunagi/furigana-jsx" },
} satisfies TestProjectInlineConfiguration;

const sharedTest = {
  environment: "node",
  exclude: ["**/node_modules/**", "tests/e2e/**", ".data/**", "build/**"],
  // Each file leaves process.env as it found it (the files share worker processes). A console.error or a log line at
  // level error fails the test; log lines are kept for tests to read (ADR 027).
  // Each stall of a worker's event loop is noted with its file (tests/support/loop-stalls-setup.ts) when TSUNAGI_STALL_LOG is set.
  // Each file's CPU, the worker's and its children's, is noted (tests/support/file-cpu-setup.ts) when TSUNAGI_FILE_CPU_LOG is set.
  setupFiles: ["tests/support/restore-process-env.ts", "tests/support/fail-on-console-error.ts", "tests/support/captured-logs.ts", "tests/support/loop-stalls-setup.ts", "tests/support/file-cpu-setup.ts"],
  // Cloning a database and starting PostgreSQL take a moment on slow machines.
  hookTimeout: 60_000,
  testTimeout: 20_000,
} satisfies TestProjectInlineConfiguration["test"];

// Vitest has its own config so the Remix Vite plugin (vite.config.ts) is not loaded for tests.
export default defineConfig({
  ...shared,
  test: {
    ...sharedTest,
    include: [...unitFiles, ...integrationFiles],
    maxWorkers: workers,
    // Workers are kept for the whole run (issue 26): a worker over the minimum is ended when idle, and ending one while
    // Vitest recycles the pool between the two projects failed the run with "Terminating worker thread".
    minWorkers: workers,
    // A test file runs in a worker process that earlier files used (issue 26). Without isolation Vitest keeps each
    // module it has evaluated for the next files of the worker too (only the test file itself is evaluated anew; three
    // files importing one module with a counter read 1, 2 and 3), so app state (the Prisma client, the env cache,
    // module-level singletons) and what lives in the process outlast the file: timers, watches, servers, sockets and
    // child processes. A file closes and resets what it opened (useTestDatabase() closes the app's database client and
    // key watches; useTempDataDir() the watch on its folder's keys). A new process per file cost about
    // 350 CPU-seconds of loading the same packages again: 466 s → 286 s for the whole step, measured side by side.
    poolOptions: { forks: { isolate: false } },
    // The files measured to run longest start first (tests/support/long-files-first.ts).
    sequence: { sequencer: LongFilesFirst },
    // One PostgreSQL for the run, with a freshly migrated template database (tests/support/global-setup.ts);
    // files that call useTestDatabase() get their own copy of it (tests/support/database.ts). Runs once, for both
    // projects, which read what it provides.
    globalSetup: ["tests/support/global-setup.ts"],
    projects: [
      {
        ...shared,
        test: {
          ...sharedTest,
          name: "unit",
          include: unitFiles,
        },
      },
      {
        ...shared,
        test: {
          ...sharedTest,
          name: "integration",
          include: integrationFiles,
          // These share worker processes too (issue 62): a file closes the servers, child processes and pools it
          // started, and an app it serves loads the build's modules afresh (tests/support/app-server.ts), since Node
          // keeps a natively imported module, with the settings it read, for the life of the process. A process per
          // file cost each of the 159 files its own loading of the same packages: 553 s against 503 s (ADR 133).
        },
      },
    ],
  },
});
