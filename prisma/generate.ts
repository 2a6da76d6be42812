/**
 * `npm run db:generate` (and npm's postinstall): runs `prisma generate`, which writes the client to
 * app/generated/prisma.
 *
 * The prisma CLI insists on a schema engine binary before it starts, and this project never uses one (migrations
 * go through the WebAssembly engine, see prisma/migrations-engine.ts). Where engines cannot be downloaded that
 * check would fail, so PRISMA_SCHEMA_ENGINE_BINARY points at an existing executable (node itself) unless it is
 * already set. Generation itself needs no engine.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

let cli: string;
try {
  cli = path.join(path.dirname(require.resolve("prisma/package.json")), "build", "index.js");
} catch {
  // `npm ci --omit=dev` has no prisma CLI; the generated client must then come from the build.
  if (process.env.npm_lifecycle_event === "postinstall") {
    console.warn("prisma/generate.ts: the prisma CLI is not installed (dev dependencies omitted); skipping generation.");
    process.exit(0);
  }
  console.error("prisma/generate.ts: the prisma CLI is not installed; run `npm install`.");
  process.exit(1);
}

const result = spawnSync(process.execPath, [cli, "generate", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath,
    // No telemetry/update checks: they need the internet and only slow this down.
    CHECKPOINT_DISABLE: process.env.CHECKPOINT_DISABLE ?? "1",
    PRISMA_HIDE_UPDATE_MESSAGE: process.env.PRISMA_HIDE_UPDATE_MESSAGE ?? "1",
  },
});
if (result.error) {
  console.error(`prisma/generate.ts: could not run prisma: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
