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
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

/**
 * `--if-stale` (npm test's step; never passed to prisma): generate only when the client was not made from what is here
 * now. npm ci's postinstall has just generated it, and generating it again took `npm test` 5–7 s of the same work
 * (issue 62). What the client is made from — the schema, this config, the prisma and client versions — is hashed into
 * a stamp beside the client, written after each generation.
 */
const ifStale = process.argv.includes("--if-stale");
const prismaArguments = process.argv.slice(2).filter((argument) => argument !== "--if-stale");
const stampFile = path.join(root, "app", "generated", "prisma", ".generated-from");

function sourcesHash(): string {
  const hash = createHash("sha256");
  for (const file of ["prisma/schema.prisma", "prisma.config.ts"]) hash.update(`${file}\0`).update(readFileSync(path.join(root, file))).update("\0");
  for (const name of ["prisma", "@prisma/client"]) {
    try {
      hash.update(`${name}@${(JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")) as { version: string }).version}\0`);
    } catch {
      hash.update(`${name}@none\0`);
    }
  }
  hash.update(prismaArguments.join("\0"));
  return hash.digest("hex");
}

if (ifStale && existsSync(stampFile) && readFileSync(stampFile, "utf8").trim() === sourcesHash()) {
  console.log("The Prisma client in app/generated/prisma was made from the schema and versions here: reused.");
  process.exit(0);
}

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

const result = spawnSync(process.execPath, [cli, "generate", ...prismaArguments], {
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
if (result.status === 0) writeFileSync(stampFile, `${sourcesHash()}\n`);
process.exit(result.status ?? 1);
