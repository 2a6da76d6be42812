import path from "node:path";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { ESLint } from "eslint";
import config, { byFolderBlockName, conceptImports, consentPartImports } from "../../eslint.config.js";
import { beforeAll, describe, expect, it } from "vitest";

// The layer rules in eslint.config.js (ADR 029), held to docs/architecture.md: a small file placed at a real path in
// the repository, importing across a boundary, must fail `npm run lint`, and the imports the table allows must not.
// The files exist only in memory; their imports name real modules, resolved as the lint run resolves them.
const root = path.resolve(import.meta.dirname, "../..");
let eslint: ESLint;

/**
 * Every test here reads only the boundaries rules' messages: the other rules are not run (ESLint's ruleFilter), so a
 * probe costs the walls' matching and not React's compiler or the unused-variable check besides. The configuration a
 * file is given — which blocks match it, with which settings — is resolved as `npm run lint` resolves it.
 */
const onlyTheWalls = ({ ruleId }: { ruleId: string }) => ruleId.startsWith("boundaries/");

beforeAll(() => {
  eslint = new ESLint({ cwd: root, ruleFilter: onlyTheWalls });
}, 60_000);

/** The layer errors ESLint reports for one in-memory file at `filePath` that imports each of `imports`. */
async function layerErrors(filePath: string, imports: string[]): Promise<string[]> {
  const code = imports.map((source, index) => `import * as probe${index} from "${source}";\nexport { probe${index} };\n`).join("");
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId?.startsWith("boundaries/") && message.severity === 2)
    .map((message) => `${message.ruleId}: ${message.message}`);
}

/** Fails on a circle in a table of who may import whom: depth-first, a name met again while still on the path. */
function expectNoCircle(table: Record<string, string[]>): void {
  const state = new Map<string, "open" | "done">();
  const visit = (name: string, trail: string[]): void => {
    if (state.get(name) === "done") return;
    expect(state.get(name), `circle: ${[...trail, name].join(" → ")}`).not.toBe("open");
    state.set(name, "open");
    for (const next of table[name] ?? []) visit(next, [...trail, name]);
    state.set(name, "done");
  };
  for (const name of Object.keys(table)) visit(name, []);
}

/** The rows of a table in docs/architecture.md between two markers: the first cell's name, the last cell's names. */
function documentedTable(marker: string): Record<string, string[]> {
  const doc = readFileSync(path.join(root, "docs/architecture.md"), "utf8");
  const block = doc.split(`<!-- ${marker}:start -->`)[1]?.split(`<!-- ${marker}:end -->`)[0] ?? "";
  const rows = block.split("\n").filter((line) => /^\| `[\w-]+` \|/.test(line));
  return Object.fromEntries(
    rows.map((row) => {
      const cells = row.split("|").map((cell) => cell.trim()).filter(Boolean);
      return [cells[0]!.slice(1, -1), [...cells.at(-1)!.matchAll(/`([\w-]+)`/g)].map((name) => name[1]!)];
    }),
  );
}

describe("an import that breaks the table in docs/architecture.md fails lint", () => {
  it.each([
    ["domain code importing a route", "app/domain/consent/probe.ts", "~/routes/consent._index"],
    ["domain code importing the journey's route support", "app/domain/consent/probe.ts", "~/routes-support/journey/journey-pages"],
    ["domain code importing a component", "app/domain/consent/probe.ts", "~/components/user-text"],
    ["domain code importing the form parser routes use", "app/domain/consent/probe.ts", "~/forms/parse-form.server"],
    ["a route importing the generated Prisma client", "app/routes/probe.tsx", "~/generated/prisma/client"],
    ["a route importing app/db.server.ts", "app/routes/probe.tsx", "~/db.server"],
    ["a route importing a Prisma package", "app/routes/probe.tsx", "@prisma/client"],
    ["a component importing the journey's route support", "app/components/probe.tsx", "~/routes-support/journey/journey-pages"],
    ["a component importing a server-only domain module", "app/components/probe.tsx", "../domain/consent/journey/load-journey.server"],
    ["a component importing the server environment", "app/components/probe.tsx", "~/env.server"],
    ["the app server importing app/db.server.ts", "server/probe.ts", "../app/db.server"],
    ["the app server importing the development bootstrap", "server/probe.ts", "../scripts/lib/postgres"],
    ["the outbox relay importing app/db.server.ts", "services/outbox-relay/src/probe.ts", "../../../app/db.server"],
    ["the outbox relay importing the Prisma client", "services/outbox-relay/src/probe.ts", "../../../app/generated/prisma/client"],
    ["the outbox relay importing a concept's public entry (it is its own service)", "services/outbox-relay/src/probe.ts", "../../../app/domain/api-tokens/index.server"],
    ["the outbox relay importing the app's environment schema", "services/outbox-relay/src/probe.ts", "../../../app/env.server"],
    ["the outbox relay importing the server", "services/outbox-relay/src/probe.ts", "../../../server/relay-token"],
    ["the ledger checkpointer importing a concept's public entry (it is given the domain's work)", "services/ledger-checkpointer/src/probe.ts", "../../../app/domain/consent/index.server"],
    ["the ledger checkpointer importing app/db.server.ts", "services/ledger-checkpointer/src/probe.ts", "../../../app/db.server"],
    ["the ledger checkpointer importing the app's environment schema", "services/ledger-checkpointer/src/probe.ts", "../../../app/env.server"],
    ["the ledger checkpointer importing the server", "services/ledger-checkpointer/src/probe.ts", "../../../server/relay-token"],
    // Process folders (ADR 129): an app-side service's own code imports nothing of the app; its composition root only
    // the wiring, concepts' entries and the app's settings; the web app none of the services.
    ["the job worker's queue importing the app's handler table (its composition root hands it over)", "services/job-worker/src/probe.ts", "../../../app/wiring/job-runner.server"],
    ["the job worker's queue importing a concept's public entry", "services/job-worker/src/probe.ts", "../../../app/domain/jobs/index.server"],
    ["the job worker's composition root importing a concept's file past its entry", "services/job-worker/src/job-worker.ts", "../../../app/domain/jobs/graphile-logger.server"],
    ["the ledger checkpointer's composition root importing the app's database client", "services/ledger-checkpointer/src/ledger-checkpointer.ts", "../../../app/db.server"],
    ["the web app's server importing the job worker (it runs apart)", "server/probe.ts", "@tsunagi/job-worker/job-worker"],
    ["the web app's server importing the ledger checkpointer (it runs apart)", "server/probe.ts", "@tsunagi/ledger-checkpointer/ledger-checkpointer"],
    ["the wiring importing the job worker (the worker is given the wiring's work, not the other way)", "app/wiring/probe.server.ts", "@tsunagi/job-worker/start-job-queue"],
    ["app code importing the development bootstrap", "app/domain/consent/probe.server.ts", "../../../scripts/lib/postgres"],
    ["the bridge importing the app's environment schema", "services/pipeline-bridge/src/probe.ts", "../../../app/env.server"],
    ["the bridge importing a domain rule from app/", "services/pipeline-bridge/src/decisions/probe.ts", "../../../../app/domain/authz/permissions"],
    ["the bridge importing the development bootstrap", "services/pipeline-bridge/src/probe.ts", "../../../scripts/lib/postgres"],
    ["the bridge importing the relay", "services/pipeline-bridge/src/probe.ts", "@tsunagi/outbox-relay/backoff"],
    ["the consent rules reading files", "packages/consent-rules/src/probe.ts", "node:fs"],
    ["the consent rules importing a package other than zod", "packages/consent-rules/src/probe.ts", "pino"],
    ["the consent rules importing the app", "packages/consent-rules/src/probe.ts", "../../../app/domain/authz/permissions"],
    ["the relay-bridge wire reading files (ADR 128)", "packages/bridge-wire/src/probe.ts", "node:fs"],
    ["the relay-bridge wire importing the relay", "packages/bridge-wire/src/probe.ts", "@tsunagi/outbox-relay/bridge-client"],
    ["the relay-bridge wire importing the service kit", "packages/bridge-wire/src/probe.ts", "@tsunagi/service-kit/logger"],
    ["the app server importing the relay-bridge wire (it is the relay's and the bridge's)", "server/probe.ts", "@tsunagi/bridge-wire/relay-wire"],
    ["the service kit importing the app", "packages/service-kit/src/probe.ts", "../../../app/env.server"],
    ["the service kit importing the server", "packages/service-kit/src/probe.ts", "../../../server/request-body"],
    ["the service kit importing the bridge", "packages/service-kit/src/probe.ts", "../../../services/pipeline-bridge/src/bridge-config"],
    ["emails importing a route", "emails/probe.ts", "../app/routes/participant/consent._index"],
    ["the migrations importing the app", "prisma/probe.ts", "../app/wiring/job-runner.server"],
    ["the domain's kernel importing a concept", "app/domain/kernel/probe.ts", "../consent/ledger/event-hash"],
    ["a concept importing another concept's file past its public entry", "app/domain/transparency/probe.server.ts", "../consent/ledger/event-hash"],
    ["a concept importing another's server-only file past its public entry", "app/domain/findings/probe.server.ts", "../consent/ledger/lock-participant-consent.server"],
    ["a concept importing its own public entry (a circle through it)", "app/domain/consent/probe.server.ts", "./index.server"],
    ["a concept importing a concept the table does not name (consent, which transparency imports)", "app/domain/consent/probe.server.ts", "../transparency/index.server"],
    ["a concept the table lets import nothing importing another (jobs importing mail)", "app/domain/jobs/probe.server.ts", "../mail/index.server"],
    ["a file directly in app/domain, outside every concept", "app/domain/probe.server.ts", "./consent"],
    ["a concept importing the wiring layer", "app/domain/consent/probe.server.ts", "../../wiring/job-runner.server"],
    ["a route importing the wiring layer", "app/routes/staff/probe.tsx", "../../wiring/demo/seed-demo-cohort.server"],
    ["the domain's kernel importing the mail", "app/domain/kernel/probe.ts", "../../../emails/render.server"],
    ["the migrations importing the app's environment", "prisma/probe.ts", "../app/env.server"],
    ["the migrations importing the scripts", "prisma/probe.ts", "../scripts/lib/postgres"],
    // Front doors (issue 56 item 1, ADR 130): outside the domain, a concept only through its public entry.
    ["a route importing a concept's file past its public entry", "app/routes/participant/probe.tsx", "~/domain/consent/journey/load-journey.server"],
    ["a route importing a kernel file past the kernel's entry", "app/routes/staff/probe.tsx", "../../domain/kernel/app-error"],
    ["the journey's route support importing a concept's file", "app/routes-support/journey/probe.ts", "~/domain/consent/journey/load-journey.server"],
    ["a component importing a concept's plain module past its entry", "app/components/probe.tsx", "../domain/consent/journey/journey-views"],
    ["the auth guards importing a concept's file", "app/auth/probe.server.ts", "../domain/session/validate-session-token.server"],
    ["the form helpers importing a kernel file", "app/forms/probe.server.ts", "../domain/kernel/app-error"],
    ["the wiring importing a concept's file", "app/wiring/probe.server.ts", "../domain/mail/deliver-mail-message.server"],
    ["the app server importing a concept's file", "server/probe.ts", "../app/domain/consent/ledger/checkpoints/take-ledger-checkpoint.server"],
    ["a script importing a concept's file", "scripts/probe.ts", "../app/domain/security/rekey-legacy-code-hashes.server"],
    ["a concept importing a kernel file past the kernel's entry", "app/domain/transparency/probe.server.ts", "../kernel/app-error"],
  ])("%s (%s imports %s)", async (_case, filePath, source) => {
    const errors = await layerErrors(filePath, [source]);
    expect(errors.filter((error) => error.startsWith("boundaries/dependencies:"))).toHaveLength(1);
  });

  it("a file outside every part (a new top-level folder) fails lint", async () => {
    const errors = await layerErrors("newpart/probe.ts", ["zod"]);
    expect(errors.some((error) => error.startsWith("boundaries/no-unknown-files:"))).toBe(true);
  });

  it("an import of a file that does not exist fails lint", async () => {
    const errors = await layerErrors("app/domain/consent/probe.ts", ["./no-such-module"]);
    expect(errors).toHaveLength(1);
  });
});

describe("the imports the table allows pass lint", () => {
  it.each([
    [
      "a route",
      "app/routes/probe.tsx",
      [
        "~/auth/guards.server",
        "~/domain/consent/index.server",
        "~/domain/consent/index",
        "~/domain/kernel/index",
        "~/components/user-text",
        "~/forms/parse-form.server",
        "~/i18n/languages",
        "~/routes-support/journey/journey-pages",
        "~/env.server",
        "@tsunagi/consent-rules/choice-catalogue",
      ],
    ],
    ["the journey's route support", "app/routes-support/journey/probe.ts", ["~/auth/guards.server", "~/domain/consent/index.server"]],
    [
      "domain code",
      "app/domain/consent/probe.server.ts",
      ["~/db.server", "~/generated/prisma/client", "@prisma/client", "~/env.server", "~/i18n/languages", "../../../emails/render.server", "~/domain/kernel/index", "@tsunagi/consent-rules/decide-action", "@tsunagi/service-kit/secure-random.server"],
    ],
    [
      "a concept, through other concepts' public entries, and its own files",
      "app/domain/transparency/probe.server.ts",
      ["../consent", "../consent/index.server", "../access", "./snapshot/compute-snapshot.server", "../kernel/index", "../kernel/index.server"],
    ],
    ["a concept's test, reaching into another concept to arrange its case", "app/domain/transparency/probe.server.test.ts", ["../consent/ledger/event-hash"]],
    ["a component", "app/components/probe.tsx", ["../domain/consent/index", "../domain/kernel/index", "~/i18n/languages", "@tsunagi/consent-rules/choice-catalogue", "react"]],
    ["the outbox relay", "services/outbox-relay/src/probe.ts", ["./outbox-streams", "@tsunagi/service-kit/listen-address", "@tsunagi/consent-rules/consent-change-message", "@tsunagi/bridge-wire/relay-wire", "pg", "zod"]],
    ["the ledger checkpointer's composition root", "services/ledger-checkpointer/src/ledger-checkpointer.ts", ["../../../app/domain/consent/index.server", "./start-ledger-checkpointer", "./checkpointer-env", "@tsunagi/outbox-relay/outbox-listener"]],
    ["the ledger checkpointer's entry", "services/ledger-checkpointer/src/main.ts", ["./ledger-checkpointer", "../../../app/domain/lifecycle/index.server", "@tsunagi/service-kit/logger"]],
    ["the job worker's composition root", "services/job-worker/src/job-worker.ts", ["../../../app/wiring/job-runner.server", "../../../app/domain/jobs/index.server", "../../../app/env.server", "./start-job-queue"]],
    ["the job worker's queue", "services/job-worker/src/probe.ts", ["./wake-for-later-jobs", "@tsunagi/service-kit/database-login", "graphile-worker", "pg"]],
    ["the bridge", "services/pipeline-bridge/src/probe.ts", ["./bridge-config", "@tsunagi/consent-rules/decide-action", "@tsunagi/service-kit/listen-address", "@tsunagi/bridge-wire/relay-wire", "pg", "node:http"]],
    ["the relay-bridge wire", "packages/bridge-wire/src/probe.ts", ["./relay-wire", "@tsunagi/consent-rules/consent-change-message", "zod"]],
    ["the consent rules", "packages/consent-rules/src/probe.ts", ["zod", "./decide-action"]],
    ["the service kit", "packages/service-kit/src/probe.ts", ["./listen-address", "@tsunagi/consent-rules/api-token-format", "node:fs"]],
    ["a script", "scripts/probe.ts", ["./lib/postgres", "../app/db.server", "@tsunagi/outbox-relay/main", "../app/domain/security/index.server"]],
    ["a route's test, reaching into a concept to arrange its case", "app/routes/participant/probe.test.ts", ["~/domain/consent/journey/load-journey.server", "~/domain/kernel/app-error"]],
    ["a script's test, reaching into a concept", "scripts/probe.test.ts", ["../app/domain/consent/ledger/event-hash"]],
    ["the wiring layer", "app/wiring/probe.server.ts", ["../domain/mail/index.server", "../domain/kernel/index", "../db.server", "../env.server"]],
    ["the domain's kernel", "app/domain/kernel/probe.server.ts", ["./app-error", "../../db.server", "@tsunagi/consent-rules/decide-action", "zod"]],
    ["the migrations", "prisma/probe.ts", ["./pg-client", "../app/generated/prisma/client", "@tsunagi/service-kit/database-login", "pg"]],
    ["an integration test", "tests/integration/probe.test.ts", ["../../scripts/lib/postgres", "../../app/db.server", "../../services/pipeline-bridge/src/bridge-config"]],
  ])("%s (%s)", async (_case, filePath, sources) => {
    expect(await layerErrors(filePath, sources)).toEqual([]);
  });
});

describe("the concept table (issue 31 item 1, ADR 101)", () => {
  const table = conceptImports as Record<string, string[]>;

  it("docs/architecture.md shows the table lint enforces, row for row", () => {
    expect(documentedTable("concept-imports")).toEqual(table);
  });

  it("names only concepts that exist, and has no circle", () => {
    const concepts = new Set(readdirSync(path.join(root, "app/domain"), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name));
    for (const [concept, imported] of Object.entries(table)) for (const name of [concept, ...imported]) expect(concepts, name).toContain(name);
    expectNoCircle(table);
  });
});

describe("consent's inner walls (issue 56 item 3, ADR 132)", () => {
  const table = consentPartImports as Record<string, string[]>;

  it.each([
    ["a part importing a part the table does not name (participants importing records)", "app/domain/consent/participants/probe.server.ts", "../records/index.server"],
    ["a lower part importing a higher part's browser entry (the ledger importing forms)", "app/domain/consent/ledger/probe.ts", "../forms/index"],
    ["a part importing another part's file past its entries (the journey importing the form loader)", "app/domain/consent/journey/probe.server.ts", "../forms/load-form-version.server"],
    ["a part's sub-folder importing another part's file past its entries", "app/domain/consent/records/documents/probe.server.ts", "../../ledger/ledger-rows"],
    ["a part importing its own entry (a circle through it)", "app/domain/consent/journey/probe.server.ts", "./index.server"],
    ["a part importing consent's own entry", "app/domain/consent/dashboard/probe.server.ts", "../index.server"],
    ["the part that imports no part importing one (explain importing the ledger)", "app/domain/consent/explain/probe.ts", "../ledger/index"],
    ["consent's entry re-exporting a part's file past the part's entries", "app/domain/consent/index.server.ts", "./journey/load-journey.server"],
    ["a file directly in consent, outside every part, importing a part", "app/domain/consent/probe.server.ts", "./ledger/index.server"],
  ])("%s (%s imports %s) fails lint", async (_case, filePath, source) => {
    const errors = await layerErrors(filePath, [source]);
    expect(errors.filter((error) => error.startsWith("boundaries/dependencies:"))).toHaveLength(1);
  });

  it.each([
    ["a part, through the entries of the parts the table names, and its own files", "app/domain/consent/journey/probe.server.ts", ["../forms/index", "../forms/index.server", "../records/index.server", "../participants/index.server", "../ledger/index", "./load-journey.server", "../../kernel/index", "../../facilities/index.server"]],
    ["a part's sub-folder, through entries and its own part's files", "app/domain/consent/records/documents/probe.server.ts", ["../../ledger/index", "../../forms/index.server", "./consent-document", "../grant-consent.server"]],
    ["consent's entries, re-exporting the parts' entries", "app/domain/consent/index.server.ts", ["./ledger/index.server", "./dashboard/index.server", "./explain/index"]],
    ["a consent test reaching into another part to arrange its case", "app/domain/consent/ledger/probe.test.ts", ["../records/grant-consent.server"]],
  ])("%s (%s) passes lint", async (_case, filePath, sources) => {
    expect(await layerErrors(filePath, sources)).toEqual([]);
  });

  it("names every folder of consent as a part, each with an entry of its own, and has no circle", () => {
    const folder = path.join(root, "app/domain/consent");
    const parts = readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    expect(Object.keys(table).sort()).toEqual(parts.sort());
    for (const [part, imported] of Object.entries(table)) {
      for (const name of imported) expect(parts, `${part} imports ${name}`).toContain(name);
      expect(readdirSync(path.join(folder, part)).filter((file) => /^index(\.server)?\.ts$/.test(file)), part).not.toEqual([]);
    }
    expectNoCircle(table);
  });

  it("docs/architecture.md shows the table lint enforces, row for row", () => {
    expect(documentedTable("consent-part-imports")).toEqual(table);
  });
});

describe("each folder judged by the policies that can name it (issue 62)", () => {
  /** The folders eslint.config.js gives their own share of the policies. */
  const folderBlocks = (config as { name?: string; files?: string[] }[]).filter((block) => block.name?.startsWith(byFolderBlockName));
  const folders = folderBlocks.map((block) => block.name!.slice(byFolderBlockName.length + 2));

  /**
   * What the probes import: a file of each kind of part, entries and insides, consent's parts, the database and the
   * settings, packages. A folder's block drops only policies whose `from` cannot name its files, whatever they import,
   * so what matters most is that every folder is a source; these reach both verdicts from each.
   */
  const targets = [
    "app/domain/consent/ledger/index.server.ts",
    "app/domain/consent/forms/index.ts",
    "app/domain/consent/journey/load-journey.server.ts",
    "app/domain/consent/index.server.ts",
    "app/domain/mail/index.server.ts",
    "app/domain/kernel/index.ts",
    "app/domain/kernel/app-error.ts",
    "app/db.server.ts",
    "app/env.server.ts",
    "app/components/consent-dashboard.tsx",
    "app/wiring/job-runner.server.ts",
    "server/app-server.ts",
    "scripts/lib/postgres.ts",
    "services/pipeline-bridge/src/bridge-config.ts",
    "tests/support/app-secret.ts",
    "vite.config.ts",
  ];
  const packages = ["zod", "node:fs", "@prisma/adapter-pg", "@tsunagi/consent-rules/decide-action", "@tsunagi/outbox-relay/relay-env"];

  // The same configuration without the folder blocks: every file judged by all the policies, as before them.
  let allPolicies: ESLint | undefined;
  const probes = [
    ...[...folders, ""].map((folder) => path.join(folder, "probe.server.ts")),
    // Tests beside the code have policies of their own (they may arrange their case through a concept's insides).
    ...["tests/", "scripts/", "app/routes/", "app/components/", "app/domain/mail/", "app/domain/consent/journey/", "services/pipeline-bridge/src/", "packages/consent-rules/"].map((folder) => `${folder}probe.test.ts`),
  ];
  // In four parts, each its own test: the whole took 45–60 s on two busy cores, at the edge of one test's budget.
  const parts = [0, 1, 2, 3].map((part) => probes.filter((_probe, index) => index % 4 === part));
  let refused = 0;
  let allowed = 0;

  it.each(parts.map((part, index) => [index + 1, part] as const))(
    "an import from every folder, a test beside the code or not, gets the verdict the one block of all the policies gives (part %i of 4)",
    async (_part, part) => {
      allPolicies ??= new ESLint({ cwd: root, ruleFilter: onlyTheWalls, overrideConfigFile: true, overrideConfig: (config as { name?: string }[]).filter((block) => !block.name?.startsWith(byFolderBlockName)) });
      for (const target of targets) expect(existsSync(path.join(root, target)), target).toBe(true);
      expect(folders.length).toBeGreaterThan(40);
      for (const filePath of part) {
        const sources = [...packages, ...targets.map((target) => {
          const relative = path.relative(path.dirname(path.join(root, filePath)), path.join(root, target)).replace(/\.tsx?$/, "");
          return relative.startsWith(".") ? relative : `./${relative}`;
        })];
        const code = sources.map((source, index) => `import * as probe${index} from "${source}";\nexport { probe${index} };\n`).join("");
        const verdicts = async (linter: ESLint) =>
          ((await linter.lintText(code, { filePath: path.join(root, filePath) }))[0]?.messages ?? [])
            .filter((message) => message.ruleId === "boundaries/dependencies")
            // A policy's index is its place in the list the file was given, which is shorter by folder.
            .map((message) => `${message.line}: ${message.message.replace(/ by policy at index \d+/, " by a policy")}`);
        const [byFolder, byAll] = await Promise.all([verdicts(eslint), verdicts(allPolicies)]);
        // ESLint lints in memory without waiting on anything: give the event loop a turn between probes (ADR 171).
        await new Promise<void>((resolve) => setImmediate(resolve));
        expect(byFolder, filePath).toEqual(byAll);
        refused += byAll.length;
        allowed += sources.length - byAll.length;
      }
    },
    60_000,
  );

  it("the probes met both verdicts many times, so the comparison compared something", () => {
    expect(refused).toBeGreaterThan(300);
    expect(allowed).toBeGreaterThan(300);
  });
});
