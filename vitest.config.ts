import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Vitest has its own config so the Remix Vite plugin (vite.config.ts) is not loaded for tests.
export default defineConfig({
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  // The app's JSX runtime (ADR 037), as in vite.config.ts.
  esbuild: { jsxImportSource: "@tsunagi/furigana-jsx" },
  test: {
    environment: "node",
    include: [
      "app/**/*.test.{ts,tsx}",
      "emails/**/*.test.{ts,tsx}",
      "server/**/*.test.ts",
      "scripts/**/*.test.ts",
      "pipeline-bridge/**/*.test.ts",
      "packages/*/src/**/*.test.ts",
      "tests/integration/**/*.test.ts",
    ],
    exclude: ["**/node_modules/**", "tests/e2e/**", ".data/**", "build/**"],
    // One PostgreSQL for the run, with a freshly migrated template database (tests/support/global-setup.ts);
    // files that call useTestDatabase() get their own copy of it (tests/support/database.ts).
    globalSetup: ["tests/support/global-setup.ts"],
    // A console.error or a log line at level error fails the test; log lines are kept for tests to read (ADR 027).
    setupFiles: ["tests/support/fail-on-console-error.ts", "tests/support/captured-logs.ts"],
    // Cloning a database and starting PostgreSQL take a moment on slow machines.
    hookTimeout: 60_000,
    testTimeout: 20_000,
  },
});
