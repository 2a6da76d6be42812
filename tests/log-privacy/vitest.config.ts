import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The log-privacy check reads what a browser run left behind, so it has its own config: `npm test` runs it after
// Playwright (scripts/test.ts), and the main suite (vitest.config.ts) never picks it up.
export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    environment: "node",
    include: ["tests/log-privacy/e2e-logs.test.ts"],
    setupFiles: ["tests/support/fail-on-console-error.ts"],
  },
});
