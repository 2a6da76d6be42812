import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ensureServicesBuild, servicesBuildIsCurrent, servicesEntry, servicesEntryPoints, servicesFolder, startNodeFlags } from "./services-build";

/**
 * A tiny stand-in for the repository: the services' entry points, one of them finding a folder from its own
 * location (as prisma/migrations-engine.ts and server/app-server.ts do), and one lazily imported module.
 */
function fakeRepository(): string {
  const root = mkdtempSync(path.join(tmpdir(), "tsunagi-services-build-"));
  for (const [file, text] of Object.entries({
    "scripts/start.ts": 'import { whereAmI } from "../server/where";\nconst { greeting } = await import("../server/greeting");\nconsole.log(JSON.stringify({ where: whereAmI(), greeting }));\n',
    "server/where.ts": 'import path from "node:path";\nexport const whereAmI = (): string => path.resolve(import.meta.dirname, "..", "prisma");\n',
    "server/greeting.ts": 'export const greeting: string = "hello";\n',
    // Every other entry point, empty.
    ...Object.fromEntries(Object.values(servicesEntryPoints).filter((file) => file !== "scripts/start.ts").map((file) => [file, "export {};\n"])),
    "tsconfig.json": "{}",
    "package.json": '{ "type": "module" }',
  })) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

const runStart = (root: string) => JSON.parse(execFileSync(process.execPath, [servicesEntry("start", root)], { cwd: root, encoding: "utf8" })) as { where: string; greeting: string };

const made: string[] = [];
afterEach(() => {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe("the services run as compiled JavaScript, compiled once for what their sources are (ADR 081)", () => {
  it("compiles into plain JavaScript that node runs, where a source's own location still names that source's folder", async () => {
    const root = fakeRepository();
    made.push(root);
    expect(await servicesBuildIsCurrent(root)).toBe(false);
    expect(await ensureServicesBuild({ root })).toEqual({ built: true });
    expect(runStart(root)).toEqual({ where: path.join(root, "prisma"), greeting: "hello" });
    expect(await servicesBuildIsCurrent(root)).toBe(true);
  });

  it("is not compiled again while no source changed, and is when one did, keeping the bundle a running process may still load from", async () => {
    const root = fakeRepository();
    made.push(root);
    await ensureServicesBuild({ root });
    const first = readlinkSync(path.join(root, servicesFolder, "current"));
    expect(await ensureServicesBuild({ root })).toEqual({ built: false });

    // A lazily imported module changed: the bundle is stale, and the new one says so.
    writeFileSync(path.join(root, "server/greeting.ts"), 'export const greeting: string = "hello again";\n');
    expect(await servicesBuildIsCurrent(root)).toBe(false);
    expect(await ensureServicesBuild({ root })).toEqual({ built: true });
    expect(runStart(root).greeting).toBe("hello again");
    const second = readlinkSync(path.join(root, servicesFolder, "current"));
    expect(second).not.toBe(first);
    expect(existsSync(path.join(root, servicesFolder, first, "start.mjs"))).toBe(true);

    // The configuration changed: compiled again; the oldest of three bundles is gone.
    writeFileSync(path.join(root, "tsconfig.json"), '{ "compilerOptions": {} }');
    expect(await ensureServicesBuild({ root })).toEqual({ built: true });
    expect(existsSync(path.join(root, servicesFolder, first))).toBe(false);
    expect(existsSync(path.join(root, servicesFolder, second, "start.mjs"))).toBe(true);
  });
});

it("npm start compiles the services, then runs them on node with the flags the idle bench uses", () => {
  const manifest = JSON.parse(readFileSync(path.join(import.meta.dirname, "../../package.json"), "utf8")) as { scripts: Record<string, string> };
  expect(manifest.scripts.start).toBe(`tsx scripts/build-services.ts && ${["node", ...startNodeFlags, `${servicesFolder}/current/start.mjs`].join(" ")}`);
});

it("npm start's services log at warn from their first line when compiled: no module makes its logger before the level is set (issue 29 item 10)", async () => {
  await ensureServicesBuild();
  // Watches the moment the shared logging state is first made (packages/service-kit/src/logger.ts) and the level it
  // was made with. A PORT that is not a port stops the start after every module of it has loaded, before anything runs.
  const watch = `const key = Symbol.for("tsunagi.service-kit.logging"); let state;
Object.defineProperty(globalThis, key, { configurable: true, get: () => state, set: (value) => { state = value; process.stderr.write("\\nLOGGING " + JSON.stringify({ level: value.root.level }) + "\\n"); } });`;
  const run = spawnSync(process.execPath, [...startNodeFlags, "--import", `data:text/javascript,${encodeURIComponent(watch)}`, servicesEntry("start")], {
    cwd: path.join(import.meta.dirname, "../.."),
    encoding: "utf8",
    env: { ...process.env, PORT: "not-a-port", LOG_LEVEL: undefined, LOG_FILE: undefined },
    timeout: 60_000,
  });
  expect(run.stderr).toContain("Could not start");
  const made = run.stderr.split("\n").filter((line) => line.startsWith("LOGGING "));
  expect(made).toHaveLength(1); // some module does make its logger as it loads: the case this guards
  expect(JSON.parse(made[0]!.slice("LOGGING ".length))).toEqual({ level: "warn" });
});

it.each([
  { entry: "app" as const, says: "the app's own login" },
  { entry: "relay" as const, says: "`npm run relay` starts the embedded one" },
  { entry: "bridge" as const, says: "`npm run bridge` starts the embedded one" },
  { entry: "checkpointer" as const, says: "`npm start` runs the checkpointer" },
  { entry: "worker" as const, says: "`npm start` runs the job worker" },
])("a deployment runs the $entry service compiled, on plain node, and it starts its own main (ADR 105)", async ({ entry, says }) => {
  await ensureServicesBuild();
  // Without DATABASE_URL each service's main refuses to start and says why: proof that the compiled entry is the
  // service's main (a bundle whose main never ran would exit 0 in silence).
  const run = spawnSync(process.execPath, [...startNodeFlags, servicesEntry(entry)], {
    cwd: path.join(import.meta.dirname, "../.."),
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: undefined, LOG_FILE: undefined, LOG_LEVEL: undefined },
    timeout: 60_000,
  });
  expect(run.status).toBe(1);
  expect(`${run.stdout}${run.stderr}`).toContain("DATABASE_URL is not set");
  expect(`${run.stdout}${run.stderr}`).toContain(says);
});

it("each service's package starts it compiled, after the one build step (ADR 105)", () => {
  const scriptOf = (file: string) => (JSON.parse(readFileSync(path.join(import.meta.dirname, "../..", file), "utf8")) as { scripts: Record<string, string> }).scripts;
  expect(scriptOf("package.json")["services:build"]).toBe("tsx scripts/build-services.ts");
  expect(scriptOf("services/outbox-relay/package.json").start).toBe(`npm --prefix ../.. run -s services:build && node ../../${servicesFolder}/current/relay.mjs`);
  expect(scriptOf("services/ledger-checkpointer/package.json").start).toBe(`npm --prefix ../.. run -s services:build && node ../../${servicesFolder}/current/checkpointer.mjs`);
  expect(scriptOf("services/job-worker/package.json").start).toBe(`npm --prefix ../.. run -s services:build && node ../../${servicesFolder}/current/worker.mjs`);
  expect(scriptOf("services/pipeline-bridge/package.json").start).toMatch(/^npm --prefix \.\.\/\.\. run -s services:build && node .*\.\.\/\.\.\/build-services\/current\/bridge\.mjs$/);
});
