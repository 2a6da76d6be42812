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
  "pipeline-bridge/**/*.test.ts",
  "packages/*/src/**/*.test.ts",
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
  // A console.error or a log line at level error fails the test; log lines are kept for tests to read (ADR 027).
  setupFiles: ["tests/support/fail-on-console-error.ts", "tests/support/captured-logs.ts"],
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
    minWorkers: 1,
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
          // Unit files share one module cache per worker instead of a fresh process each (issue 26): each new process
          // cost more than most of these files' tests, about 20 s of the run. They restore what they change
          // (process.env, the database URL) in their own hooks, as useTestDatabase() does.
          isolate: false,
        },
      },
      {
        ...shared,
        test: {
          ...sharedTest,
          name: "integration",
          include: integrationFiles,
          // A process of its own per file: these start servers, child processes and connection pools.
          isolate: true,
        },
      },
    ],
  },
});
