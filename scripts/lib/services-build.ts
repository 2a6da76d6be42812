/**
 * The services as compiled JavaScript (ADR 081; issue 31 item 3, issue 30 item 5): `npm start`'s process
 * (scripts/start.ts: PostgreSQL, migrations, the seed, the cluster primary, the job worker, the scheduled jobs, the
 * ledger checkpointer, the relay, the bridge) and the app's cluster workers (server/app-worker.ts), bundled by esbuild
 * into build-services/<id>/{start,app-worker}.mjs (plus shared chunks), so production runs plain `node` on them: no tsx,
 * no esbuild service process beside it, no transpiling at start.
 *
 * Third-party packages stay imports of node_modules (external); the workspace's own packages (@tsunagi/*, TypeScript
 * sources) and the generated Prisma client are bundled. `import.meta.url`, `.dirname` and `.filename` in a bundled
 * source still name that source file (each is rewritten relative to the chunk), so paths found from them — the
 * repository root, prisma/migrations, the seed's data, build/server — are what they are under tsx.
 *
 * Built only when an input changed (as the web app's build, ADR 068): build-services/current.json lists every file the
 * last bundle read (esbuild's metafile) with its SHA-256, and the configuration's; the bundle is current while each still
 * hashes the same. build/ is not used: Vite's build empties it, and a start may rebuild the web app while its services
 * run. Each bundle goes into a folder of its own and `current` (a symbolic link) is switched to it in one rename, so a
 * process still running an older bundle keeps loading its own lazy chunks; the two newest bundles are kept.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { bridgeNodeFlags } from "../../services/pipeline-bridge/src/node-flags";
import { withBuildLock } from "./app-build";

const repositoryRoot = path.resolve(import.meta.dirname, "../..");

/**
 * The bundles' entry points, by output name: `npm start`'s process and its cluster workers, each service as a
 * deployment runs it alone (ADR 105, 129): the web app, the relay, the bridge, the ledger checkpointer and the job
 * worker; and the operator's commands that open the database (ADR 136). Remix's and React's files stay in
 * node_modules, patched there at install (patches/, ADR 126, 127), so every entry loads the patched code.
 */
export const servicesEntryPoints = {
  start: "scripts/start.ts",
  "app-worker": "server/app-worker.ts",
  app: "server/main.ts",
  relay: "services/outbox-relay/src/main.ts",
  bridge: "services/pipeline-bridge/src/main.ts",
  checkpointer: "services/ledger-checkpointer/src/main.ts",
  worker: "services/job-worker/src/main.ts",
  // The operator's commands (ADR 136), each named as its source so scripts/lib/command-entry.ts knows it is the entry:
  // `npm run ledger:verify` and the rest run these, as the tests do, without tsx compiling the app's sources each time.
  "ledger-verify": "scripts/ledger-verify.ts",
  "verify-checkpoints": "scripts/verify-checkpoints.ts",
  "restart-checkpoint-log": "scripts/restart-checkpoint-log.ts",
  "export-history": "scripts/export-history.ts",
  "rotate-signing-keys": "scripts/rotate-signing-keys.ts",
};
/**
 * A bundle of entry points compiled as the services are: where it goes (a folder of the repository) and what it holds.
 * The services are one (below); the benches are another (scripts/lib/bench-build.ts, ADR 173).
 */
export interface BundleSpec {
  /** Its folder, relative to the repository: `<folder>/current` is the bundle of the sources as they are now. */
  folder: string;
  /** Entry points by output name: `<folder>/current/<name>.mjs` runs `entryPoints[name]`. */
  entryPoints: Readonly<Record<string, string>>;
  /** Files that shape the bundle without being read into it (its configuration). */
  configFiles: readonly string[];
}

export const servicesFolder = "build-services";

/** The services' bundle (ADR 081). */
export const servicesBundle: BundleSpec = {
  folder: servicesFolder,
  entryPoints: servicesEntryPoints,
  configFiles: ["scripts/lib/services-build.ts", "tsconfig.json", "package.json", "package-lock.json"],
};

interface ServicesStamp {
  id: string;
  config: string;
  inputs: Record<string, string>;
}

const sha256 = (bytes: Buffer | string) => createHash("sha256").update(bytes).digest("hex");

function fileHash(root: string, file: string): string | undefined {
  try {
    return sha256(readFileSync(path.resolve(root, file)));
  } catch {
    return undefined;
  }
}

async function configHash(spec: BundleSpec, root: string): Promise<string> {
  const { version } = await import("esbuild");
  return sha256([process.version.split(".")[0], version, ...spec.configFiles.map((file) => `${file}:${fileHash(root, file) ?? "-"}`)].join("\n"));
}

function readStamp(spec: BundleSpec, root: string): ServicesStamp | undefined {
  try {
    return JSON.parse(readFileSync(path.join(root, spec.folder, "current.json"), "utf8")) as ServicesStamp;
  } catch {
    return undefined;
  }
}

/**
 * The flags `npm start` gives node for the compiled services (package.json's "start" says the same): the bridge's
 * (ADR 093), as the services process hosts it; the app's cluster workers inherit them.
 */
export const startNodeFlags: string[] = [...bridgeNodeFlags];

/** An entry point of the bundle, by output name ("start", "bridge", "ledger-verify"…). */
export type ServicesEntryName = keyof typeof servicesEntryPoints;

/** The path `node` runs for an entry point of a bundle's current build. */
export function bundleEntry(spec: BundleSpec, name: string, root = repositoryRoot): string {
  return path.join(root, spec.folder, "current", `${name}.mjs`);
}

/** The path `node` runs for an entry point of the current bundle (e.g. "start"). */
export function servicesEntry(name: ServicesEntryName, root = repositoryRoot): string {
  return bundleEntry(servicesBundle, name, root);
}

/** Whether `<spec.folder>/current` is a bundle of the sources as they are now. */
export async function bundleIsCurrent(spec: BundleSpec, root = repositoryRoot): Promise<boolean> {
  const stamp = readStamp(spec, root);
  if (!stamp || !Object.keys(spec.entryPoints).every((name) => existsSync(bundleEntry(spec, name, root)))) return false;
  if (stamp.config !== (await configHash(spec, root))) return false;
  return Object.entries(stamp.inputs).every(([file, hash]) => fileHash(root, file) === hash);
}

/** Whether build-services/current is a bundle of the sources as they are now. */
export function servicesBuildIsCurrent(root = repositoryRoot): Promise<boolean> {
  return bundleIsCurrent(servicesBundle, root);
}

/** `import.meta.url`, `.dirname` and `.filename` of a bundled source, as expressions valid in any chunk of the bundle. */
function sourceLocationRewrite(source: string, outDir: string, file: string): string {
  const relative = JSON.stringify(path.relative(outDir, file).split(path.sep).join("/"));
  const url = `new URL(${relative}, import.meta.url)`;
  return source.replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_match, property: string) =>
    property === "url" ? `${url}.href` : property === "filename" ? `__servicesFileURLToPath(${url})` : `__servicesDirname(__servicesFileURLToPath(${url}))`,
  );
}

/** What ensureServicesBuild and ensureBundle take: the repository (the checkout's by default) and where to say what it does. */
export interface EnsureBundleOptions {
  root?: string;
  log?: (line: string) => void;
}

/**
 * Bundles the services unless build-services/current is a bundle of the current sources. Resolves to whether it built.
 * Takes the web app's build lock, so two starts at once build it once.
 */
export function ensureServicesBuild(options: EnsureBundleOptions = {}): Promise<{ built: boolean }> {
  return ensureBundle(servicesBundle, "the services", options);
}

/** Bundles `spec` unless its current build is of the current sources (as ensureServicesBuild); `what` names it in the log. */
export async function ensureBundle(spec: BundleSpec, what: string, options: EnsureBundleOptions = {}): Promise<{ built: boolean }> {
  const root = options.root ?? repositoryRoot;
  const log = options.log ?? (() => undefined);
  if (await bundleIsCurrent(spec, root)) return { built: false };
  return withBuildLock(
    root,
    async () => {
      if (await bundleIsCurrent(spec, root)) return { built: false };
      const esbuild = await import("esbuild");
      const config = await configHash(spec, root);
      const folder = path.join(root, spec.folder);
      const building = path.join(folder, `building-${process.pid}`);
      rmSync(building, { recursive: true, force: true });
      log(`Compiling ${what} (esbuild)…`);
      try {
        const result = await esbuild.build({
          absWorkingDir: root,
          entryPoints: { ...spec.entryPoints },
          outdir: building,
          outExtension: { ".js": ".mjs" },
          bundle: true,
          splitting: true,
          format: "esm",
          platform: "node",
          target: `node${process.versions.node.split(".")[0]}`,
          sourcemap: "linked",
          metafile: true,
          logLevel: "warning",
          // What every chunk needs for the rewritten import.meta expressions; `__servicesBundleUrl` tells code that
          // runs compiled where its bundle is (server/app-cluster.ts forks app-worker.mjs from it).
          banner: {
            js: 'import { fileURLToPath as __servicesFileURLToPath } from "node:url"; import { dirname as __servicesDirname } from "node:path"; const __servicesBundleUrl = import.meta.url;',
          },
          plugins: [
            {
              name: "tsunagi-services",
              setup(build) {
                // node_modules stays external, but for the workspace's own packages (TypeScript sources).
                build.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("@tsunagi/") || args.path.startsWith("~/") ? undefined : { path: args.path, external: true }));
                build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (args) => {
                  const source = readFileSync(args.path, "utf8");
                  if (!source.includes("import.meta.")) return undefined;
                  const extension = path.extname(args.path).slice(1);
                  const loader = extension.endsWith("tsx") ? "tsx" : extension.endsWith("ts") ? "ts" : extension.endsWith("jsx") ? "jsx" : "js";
                  // Relative to the folder the bundle ends up in, build-services/<id>/ (as deep as building-<pid>/).
                  return { contents: sourceLocationRewrite(source, building, args.path), loader };
                });
              },
            },
          ],
        });
        const inputs: Record<string, string> = {};
        for (const file of Object.keys(result.metafile.inputs)) {
          const hash = fileHash(root, file);
          if (hash) inputs[file] = hash;
        }
        // Named by what it was built from; an edit made during the build makes the next caller build again.
        const id = sha256(JSON.stringify({ config, inputs })).slice(0, 16);
        const target = path.join(folder, id);
        rmSync(target, { recursive: true, force: true });
        renameSync(building, target);
        const link = path.join(folder, `current-${process.pid}`);
        rmSync(link, { force: true });
        symlinkSync(id, link);
        renameSync(link, path.join(folder, "current"));
        const stamp: ServicesStamp = { id, config, inputs };
        writeFileSync(path.join(folder, `current-${process.pid}.json`), `${JSON.stringify(stamp, null, 1)}\n`);
        renameSync(path.join(folder, `current-${process.pid}.json`), path.join(folder, "current.json"));
        pruneOlderBundles(folder, id);
        return { built: true };
      } finally {
        rmSync(building, { recursive: true, force: true });
        await esbuild.stop();
      }
    },
    log,
  );
}

/** Keeps the current bundle and the newest other one (a process started before this build may still be running it). */
function pruneOlderBundles(folder: string, current: string) {
  const bundles = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^[0-9a-f]{16}$/.test(entry.name) && entry.name !== current)
    .map((entry) => ({ name: entry.name, mtime: statSync(path.join(folder, entry.name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of bundles.slice(1)) rmSync(path.join(folder, old.name), { recursive: true, force: true });
}

