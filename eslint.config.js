// ESLint flat config. `npm test` runs `eslint . --max-warnings 0`, so a warning fails the build like an error.
import { readdirSync } from "node:fs";
import js from "@eslint/js";
import boundaries from "eslint-plugin-boundaries";
import { defineConfig, globalIgnores } from "eslint/config";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// Code that runs under Node only and talks to people through the terminal.
const nodeScriptDirs = ["scripts/**", "prisma/**", "services/pipeline-bridge/**", "tests/**", "bench/**"];

// What each part may import, as in docs/architecture.md. The dependencies rule refuses every import that no policy
// allows. Policies are read in order and a later one wins, which is how the exceptions at the end (Prisma, .server
// files in components, the consent rules' packages) narrow what came before.
/**
 * Which concept of app/domain may import which (issue 31 item 1, ADR 101): through the other's public entry only, and
 * only along this table, which has no circle (tests/integration/lint-boundaries.test.ts holds it to the table in
 * docs/architecture.md and proves it acyclic). A concept not named imports no other concept; every concept may use the
 * shared kernel (app/domain/kernel).
 */
export const conceptImports = {
  access: ["account", "auth", "authz", "consent", "mail", "security"],
  account: ["auth", "authz", "mail", "security", "session"],
  auth: ["authz", "mail", "security", "session"],
  briefings: ["mail", "security", "updates"],
  consent: ["auth", "authz", "facilities", "jobs", "mail", "pdf", "security", "session", "text", "time"],
  consultations: ["authz", "jobs", "mail", "security", "time", "transparency", "updates"],
  enquiries: ["consultations", "mail", "security"],
  facilities: ["authz"],
  family: ["auth", "authz", "consent", "mail"],
  fhir: ["api-tokens", "authz", "consent", "facilities"],
  findings: ["access", "api-tokens", "consent", "facilities", "results"],
  home: ["access", "account", "authz", "consent", "consultations", "findings", "jobs", "surveys", "time", "updates"],
  lifecycle: ["access", "consent"],
  mail: ["jobs"],
  "panel-claims": ["mail", "time"],
  "panel-meetings": ["updates"],
  "panel-recruitment": ["authz", "mail", "security", "updates"],
  push: ["auth", "jobs", "mail"],
  recontact: ["access", "consent", "jobs", "mail", "pdf", "text"],
  results: ["api-tokens", "consent", "facilities", "pdf", "text"],
  rights: ["consent", "facilities", "mail"],
  session: ["authz"],
  surveys: ["facilities", "mail", "transparency"],
  text: ["security"],
  transparency: ["access", "authz", "consent", "findings", "pdf", "results", "security", "text", "time", "updates"],
  updates: ["consent", "jobs", "mail", "security", "time"],
};

/**
 * The walled parts of the consent concept (issue 56 item 3, ADR 132): each folder of app/domain/consent is a part, and
 * which part may import which is this table, which has no circle. A part's files import each other freely, another
 * part only through its entries (index.ts, index.server.ts in the part's folder), and consent's own entries
 * (app/domain/consent/index{,.server}.ts) only re-export the parts' entries. Every part is named, with [] for none
 * (tests/integration/lint-boundaries.test.ts holds the names to the folders and the table to docs/architecture.md).
 */
export const consentPartImports = {
  ledger: [],
  explain: [],
  participants: ["ledger"],
  forms: ["ledger", "participants"],
  records: ["forms", "ledger", "participants"],
  journey: ["forms", "ledger", "participants", "records"],
  dashboard: ["explain", "forms", "ledger", "participants", "records"],
};

// Every form is checked by the server, whose errors are translated and shown beside their fields (Conform): the
// browser's own validation bubbles (in the browser's language, before the server is asked) are turned off where each
// form starts — Conform's getFormProps gives noValidate; a form without it says so itself (issue 55 defect 3).
const noValidateRule = {
  selector: "JSXOpeningElement[name.name=/^(Form|form)$/]:not(:has(JSXAttribute[name.name='noValidate'])):not(:has(JSXSpreadAttribute CallExpression[callee.name='getFormProps']))",
  message: "A form carries noValidate (or Conform's getFormProps): errors come from the server, translated, not from the browser's bubbles.",
};

/**
 * A route never maps a refusal itself (issue 56 item 2, ADR 131): it lets the domain's refusal go, and the one adapter
 * (app/forms/refusal-answers.server.ts) answers it with the table's status, the page's form error, page or JSON. What a
 * page alone knows it declares (`parseForm(request, Schema, answers)`, `answerRefusals`). Applied to the routes and
 * their support (tests/integration/lint-refusals.test.ts proves each selector fails on a probe and that no route file
 * breaks one).
 */
export const refusalMappingRules = [
  {
    selector: "ImportSpecifier[imported.name=/^(isAppError|refusedForm|notFoundOrForbidden|statusOf|refusalStatus|refusalText)$/]",
    message: "A route lets a refusal go: the adapter answers it once (ADR 131). Say what only this page knows with parseForm's or answerRefusals' options.",
  },
  {
    selector: "BinaryExpression[operator=/^[!=]==?$/] > MemberExpression[property.name='code']",
    message: "A route does not branch on a refusal's code: name it in answerRefusals' options (redirectTo, field, inWords, alsoMissing, aboutWhatWasSent) (ADR 131).",
  },
  {
    selector: "CallExpression[callee.property.name='includes'] > MemberExpression.arguments[property.name='code']",
    message: "A route does not branch on a refusal's code: name it in answerRefusals' options (ADR 131).",
  },
  {
    selector: "BinaryExpression[operator='instanceof'][right.name='AppError']",
    message: "A route lets a refusal go: the adapter answers it once (ADR 131).",
  },
  {
    selector: "Property[key.name='status'] > Literal[raw=/^4\\d\\d$/]",
    message: "A route does not choose a refusal's status: the table does (refusals.server.ts). Use invalidForm, badRequest or notFound, or let the refusal go (ADR 131).",
  },
];

/** A concept's public entries (ADR 101, 130): the only files of app/domain that code outside the concept imports. */
const conceptEntries = "app/domain/*/index{,.server}.ts";

/** The lint policies of consent's inner walls, made from `consentPartImports`. */
function consentPartPolicies() {
  const consent = { type: "domain", captured: { concept: "consent" } };
  const inPart = (name) => ({ element: consent, file: { path: `app/domain/consent/${name}/**` } });
  const entriesOf = (names) => ({ element: consent, file: { path: `app/domain/consent/{${names.join(",")},}/index{,.server}.ts` } });
  return [
    { from: { element: consent }, disallow: { to: { element: consent } } },
    { from: { element: consent, file: { path: "app/domain/consent/index{,.server}.ts" } }, allow: { to: entriesOf(Object.keys(consentPartImports)) } },
    ...Object.entries(consentPartImports).flatMap(([name, imported]) => [
      { from: inPart(name), allow: { to: inPart(name) } },
      { from: inPart(name), disallow: { to: entriesOf([name]) } },
      { from: inPart(name), allow: { to: entriesOf(imported) } },
    ]),
  ];
}

function layerPolicies() {
  const part = (type) => ({ element: { type } });
  const env = { element: { type: "app-shell" }, file: { categories: "env" } };
  const db = { element: { type: "app-shell" }, file: { categories: "db" } };
  const testFile = { file: { categories: "test" } };
  const prisma = [{ module: { source: "@prisma/*" } }, part("prisma-client"), db];
  /** A part may import itself and the parts listed (a type name, or a selector for env, db and the shell). */
  const mayImport = (from, to) => ({
    from: part(from),
    allow: { to: [part(from), ...to.map((target) => (typeof target === "string" ? part(target) : target))] },
  });
  const app = ["routes", "routes-support", "auth", "domain", "domain-kernel", "wiring", "components", "forms", "i18n", "app-shell"];
  return [
    // Packages from npm and Node's built-ins, for everyone; narrowed below.
    { allow: { to: { module: { origin: ["external", "core"] } } } },

    mayImport("routes", ["auth", "domain", "domain-kernel", "components", "forms", "i18n", "routes-support", "app-shell", "consent-rules", "furigana-jsx"]),
    mayImport("routes-support", ["auth", "domain", "domain-kernel", "components", "forms", "i18n", "app-shell", "consent-rules", "furigana-jsx"]),
    mayImport("app-shell", ["auth", "domain", "domain-kernel", "components", "forms", "i18n", "locales", "consent-rules", "service-kit", "furigana-jsx"]),
    mayImport("auth", ["domain", "domain-kernel", "forms", "i18n", env, "consent-rules", "service-kit"]),
    mayImport("components", ["domain", "domain-kernel", "forms", "i18n", "app-shell", "consent-rules", "furigana-jsx"]),
    mayImport("forms", ["i18n", "domain", "domain-kernel"]),
    mayImport("i18n", ["locales"]),
    mayImport("domain", ["domain-kernel", db, "prisma-client", "emails", "i18n", env, "consent-rules", "service-kit", "furigana-jsx"]),
    // Walls between the concepts (issue 31 item 1, ADR 101): a concept's files import each other freely, another
    // concept only through its public entry (index.ts, or index.server.ts for server-only code) — and never their own
    // entry, which would make a circle through it — and only the concepts `conceptImports` names.
    { from: part("domain"), disallow: { to: { element: { type: "domain", captured: { concept: "!{{ from.captured.concept }}" } } } } },
    ...Object.entries(conceptImports).map(([concept, imported]) => ({
      from: { element: { type: "domain", captured: { concept } } },
      allow: { to: { element: { type: "domain", captured: { concept: `{${imported.join(",")},}` } }, file: { path: conceptEntries } } },
    })),
    { from: part("domain"), disallow: { to: { element: { type: "domain", captured: { concept: "{{ from.captured.concept }}" } }, file: { path: conceptEntries } } } },
    // Walls inside consent (issue 56 item 3, ADR 132): a part's files import each other freely, another part only
    // through its entries and only along `consentPartImports` — never their own part's entries (a circle through
    // them); consent's own entries only re-export the parts' entries.
    ...consentPartPolicies(),
    // The domain's shared kernel (issue 31 item 1): refusals, ids, the request's context, the audit row, the text
    // rules, feeds — what every concept uses; it imports no concept.
    mayImport("domain-kernel", [db, "prisma-client", "consent-rules", "service-kit"]),
    // The wiring above the domain (issue 31 item 1): the job runner's handler table and the demo's seeding, which put
    // many concepts together. The domain never imports it; the server, the scripts and the tests do.
    mayImport("wiring", ["domain", "domain-kernel", db, "prisma-client", "emails", "i18n", env, "consent-rules", "service-kit"]),
    mayImport("emails", ["i18n", "locales", env, "consent-rules"]),
    // The web app serves and runs nothing else (ADR 129): no service's code is part of it.
    mayImport("server", ["app-shell", "i18n", "auth", "domain", "domain-kernel", "wiring", "service-kit", "consent-rules"]),
    // The relay is its own workspace package (ADR 103): like the bridge, the shared packages only; it runs its own
    // statements on its own pool (ADR 102). The checkpointer is its own package too (ADR 106): the domain's work (taking
    // and publishing a checkpoint) is given to it by its composition root, so the rest of it imports no concept. So is
    // the job worker (ADR 129): its queue's process code is its own, the handlers the app's, given the same way.
    mayImport("outbox-relay", ["service-kit", "consent-rules", "bridge-wire"]),
    mayImport("ledger-checkpointer", ["service-kit", "outbox-relay"]),
    mayImport("job-worker", ["service-kit"]),
    // An app-side service's composition root — its entry and the one file that hands it the app's work — reaches the
    // app: the wiring (the job worker's handler table and calendar), concepts through their public entries, the app's
    // settings (ADR 129). Nothing else in those folders does, and nothing of the app imports them.
    {
      from: { element: { type: "{job-worker,ledger-checkpointer}" }, file: { path: "services/{job-worker/src/{main,job-worker},ledger-checkpointer/src/{main,ledger-checkpointer}}.ts" } },
      allow: { to: [part("wiring"), env, { element: { type: "{domain,domain-kernel}" }, file: { path: conceptEntries } }] },
    },
    mayImport("bridge", ["consent-rules", "service-kit", "bridge-wire"]),
    mayImport("bridge-cli", []),
    mayImport("consent-rules", []),
    // What the relay and the bridge say to each other over HTTP (ADR 128): its paths and schemas, over the consent
    // rules' messages. Only they (and the tests, scripts and bench) import it.
    mayImport("bridge-wire", ["consent-rules"]),
    mayImport("service-kit", ["consent-rules"]),
    // The JSX runtime every .tsx file compiles against (ADR 037): React and itself only.
    mayImport("furigana-jsx", []),
    // The migrations and the client's generation (prisma/) import neither the app nor the scripts (issue 31 item 3):
    // the database's tooling stands below everything that uses it.
    mayImport("prisma-tooling", ["prisma-client", "service-kit"]),
    ...["scripts", "tests", "bench"].map((tooling) => ({ from: part(tooling), allow: { to: { element: { type: "*" } } } })),
    { from: { file: { categories: "config" } }, allow: { to: { element: { type: "*" } } } },
    // The boundary test reads the concept table from this file.
    { from: part("tests"), allow: { to: { file: { categories: "config" } } } },

    // Front doors (issue 56 item 1, ADR 130): outside the domain — routes, their support, components, forms, the auth
    // guards, the app shell, the wiring, the server and the scripts — a concept and the kernel are used only through
    // their public entries (index.ts for what the browser may load, index.server.ts for server code). Concepts reach
    // the kernel through its entries too. Tests may still reach in to arrange their case (the policy below).
    { from: part("{routes,routes-support,components,forms,auth,app-shell,wiring,server,scripts}"), disallow: { to: [part("domain"), part("domain-kernel")] } },
    { from: part("{routes,routes-support,components,forms,auth,app-shell,wiring,server,scripts}"), allow: { to: { element: { type: "{domain,domain-kernel}" }, file: { path: conceptEntries } } } },
    { from: part("domain"), disallow: { to: part("domain-kernel") } },
    { from: part("domain"), allow: { to: { element: { type: "domain-kernel" }, file: { path: conceptEntries } } } },
    { from: [{ ...testFile, element: { type: "scripts" } }], allow: { to: [part("domain"), part("domain-kernel")] } },

    // A test beside the code it tests may also use the test harness and the database (fixtures, assertions on rows);
    // the bridge's tests stay as free of app/ as the bridge.
    { from: [{ ...testFile, element: { type: `{${app.join(",")},emails,server,outbox-relay,ledger-checkpointer,job-worker,consent-rules,service-kit,furigana-jsx}` } }], allow: { to: [part("tests"), part("domain"), part("domain-kernel"), env, ...prisma] } },
    { from: [{ ...testFile, element: { type: "{bridge,bridge-cli}" } }], allow: { to: [part("tests"), part("bridge"), part("consent-rules")] } },

    // Prisma (its packages, the generated client, app/db.server.ts): only domain code, app/db.server.ts itself, the
    // database tooling, scripts, tests and benchmarks. Everyone else reaches the database through a domain function.
    { disallow: { to: prisma } },
    { from: [part("{domain,domain-kernel,wiring,scripts,prisma-tooling,tests,bench}"), { file: { categories: "{db,config,test}" } }], allow: { to: prisma } },

    // Components run in the browser: no server-only module (`*.server.ts`: domain verbs, env, db), not even for a type.
    { from: part("components"), disallow: { to: { file: { categories: "server-only" } } } },
    // A component's test renders it as the server does (the furigana analyser, the page's readings): it runs in Node.
    { from: [{ ...testFile, element: { type: "components" } }], allow: { to: { file: { categories: "server-only" } } } },

    // The consent rules and the relay-bridge wire are pure: zod and nothing else, no Node I/O. Their tests may use the
    // test tools.
    { from: part("{consent-rules,bridge-wire}"), disallow: { to: { module: { origin: ["external", "core"] } } } },
    { from: part("{consent-rules,bridge-wire}"), allow: { to: { module: { source: "zod" } } } },
    { from: [{ ...testFile, element: { type: "{consent-rules,bridge-wire}" } }], allow: { to: { module: { origin: ["external", "core"] } } } },
  ];
}

/**
 * The parts (docs/architecture.md, ADR 029): each file belongs to the first whose folder holds it. Element patterns are
 * folders; the few single files with rules of their own (app/db.server.ts, app/env.server.ts, the root config files) are
 * told apart by the file categories of the boundaries block below.
 */
const elements = [
  { type: "prisma-client", pattern: "app/generated/prisma", partialMatch: false },
  { type: "routes", pattern: "app/routes", partialMatch: false },
  { type: "routes-support", pattern: "app/routes-support", partialMatch: false },
  { type: "auth", pattern: "app/auth", partialMatch: false },
  { type: "domain-kernel", pattern: "app/domain/kernel", partialMatch: false },
  { type: "wiring", pattern: "app/wiring", partialMatch: false },
  // Each concept (app/domain/<concept>/) is a part of its own, told apart by the captured name (ADR 101).
  { type: "domain", pattern: "app/domain/*", capture: ["concept"], partialMatch: false },
  // A file directly in app/domain belongs to no concept: no policy lets it import or be imported.
  { type: "domain-loose", pattern: "app/domain", partialMatch: false },
  { type: "components", pattern: "app/components", partialMatch: false },
  { type: "forms", pattern: "app/forms", partialMatch: false },
  { type: "i18n", pattern: "app/i18n", partialMatch: false },
  // The rest of app/: the Remix shell (root layout, entries, route manifest, HTML rendering, request errors,
  // the CSP nonce) and, told apart by category, app/db.server.ts and app/env.server.ts.
  { type: "app-shell", pattern: "app", partialMatch: false },
  { type: "emails", pattern: "emails", partialMatch: false },
  { type: "locales", pattern: "locales", partialMatch: false },
  { type: "outbox-relay", pattern: "services/outbox-relay", partialMatch: false },
  { type: "ledger-checkpointer", pattern: "services/ledger-checkpointer", partialMatch: false },
  { type: "job-worker", pattern: "services/job-worker", partialMatch: false },
  { type: "server", pattern: "server", partialMatch: false },
  { type: "bridge", pattern: "services/pipeline-bridge/src", partialMatch: false },
  { type: "bridge-cli", pattern: "services/pipeline-bridge/cli", partialMatch: false },
  { type: "consent-rules", pattern: "packages/consent-rules", partialMatch: false },
  { type: "bridge-wire", pattern: "packages/bridge-wire", partialMatch: false },
  { type: "service-kit", pattern: "packages/service-kit", partialMatch: false },
  { type: "furigana-jsx", pattern: "packages/furigana-jsx", partialMatch: false },
  { type: "scripts", pattern: "scripts", partialMatch: false },
  { type: "prisma-tooling", pattern: "prisma", partialMatch: false },
  { type: "tests", pattern: "tests", partialMatch: false },
  { type: "bench", pattern: "bench", partialMatch: false },
];

/** The dependencies rule's setting over `policies`. */
function dependenciesRule(policies) {
  return [
    "error",
    {
      default: "disallow",
      checkAllOrigins: true,
      checkUnknownLocals: true,
      // Imports inside one part are checked too, so app/db.server.ts is Prisma even to the rest of the app shell.
      checkInternals: true,
      policies,
    },
  ];
}

/** Block names of policiesByFolder's blocks (the lint test removes them to compare against the one block). */
export const byFolderBlockName = "boundaries: the policies that can name this folder";

const lintedFiles = "**/*.{js,jsx,ts,tsx,mjs,cjs}";

/** Whether a glob (`*`, `{a,b,}` or a plain name) can match `value`; a template (`{{ … }}`) or a negation can match anything. */
function globCanMatch(glob, value) {
  if (typeof glob !== "string" || glob.includes("{{") || glob.startsWith("!") || glob === "*") return true;
  const alternatives = /^\{([^{}*]*)\}$/.exec(glob)?.[1]?.split(",") ?? (/[*?[\]{}]/.test(glob) ? undefined : [glob]);
  return alternatives === undefined || alternatives.includes(value);
}

/** Whether a file path pattern can match some file under `folder` (compared up to its first glob character). */
function pathCanMatch(pattern, folder) {
  if (typeof pattern !== "string") return true;
  const literal = pattern.slice(0, pattern.search(/[*?[\]{}!]/) === -1 ? pattern.length : pattern.search(/[*?[\]{}!]/));
  return literal.startsWith(folder) || folder.startsWith(literal);
}

/** Whether a policy's `from` can name a file of part `type` (concept `concept`) under `folder`; when unsure, yes. */
function fromCanName(from, { type, concept, folder }) {
  if (from === undefined) return true;
  if (Array.isArray(from)) return from.some((selector) => fromCanName(selector, { type, concept, folder }));
  if (!globCanMatch(from.element?.type, type)) return false;
  const capturedConcept = from.element?.captured?.concept;
  if (capturedConcept !== undefined && concept !== undefined && !globCanMatch(capturedConcept, concept)) return false;
  return pathCanMatch(from.file?.path, folder);
}

/**
 * The boundaries rule weighs every policy against every import (87 policies), and it was 60 % of ESLint's time with the
 * garbage collection its matching causes (issue 62). A policy whose `from` cannot name a file never decides that file's
 * imports, so each part's folder — each concept's, and each of consent's parts — is given only the policies that can
 * name it; a file no folder block holds (the root config files) keeps them all. Flat config lets the last block that
 * matches a file set the rule, so the folders come in the reverse of `elements`' order: a part that holds another's
 * folder (app/ holds app/routes/) comes first. When unsure a policy stays (`fromCanName`). What each file is allowed is
 * therefore the one block's; tests/integration/lint-boundaries.test.ts lints the same imports from every folder with
 * and without these blocks and compares.
 */
function policiesByFolder(policies) {
  const folders = [];
  for (const element of [...elements].reverse()) {
    if (element.capture) {
      const parent = element.pattern.replace(/\/\*$/, "");
      // A concept's folder that is a part of its own (app/domain/kernel) has that part's block.
      for (const concept of subfolders(parent).filter((name) => !elements.some((other) => other.pattern === `${parent}/${name}`))) {
        folders.push({ type: element.type, concept, folder: `${parent}/${concept}/` });
        // Consent's inner walls (ADR 132) name its parts' folders.
        if (concept === "consent") for (const inner of subfolders(`${parent}/${concept}`)) folders.push({ type: element.type, concept, folder: `${parent}/${concept}/${inner}/` });
      }
    } else {
      folders.push({ type: element.type, concept: undefined, folder: `${element.pattern}/` });
    }
  }
  return folders.map((part) => ({
    name: `${byFolderBlockName}: ${part.folder}`,
    files: [`${part.folder}${lintedFiles}`],
    rules: { "boundaries/dependencies": dependenciesRule(policies.filter((policy) => fromCanName(policy.from, part))) },
  }));
}

/** The folders directly inside `folder` (relative to this file). */
function subfolders(folder) {
  return readdirSync(new URL(`./${folder}/`, import.meta.url), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** A JSON module is imported with its attribute (see the rule below). */
const jsonImportRule = { selector: "ImportDeclaration[source.value=/\\.json$/][attributes.length=0]", message: 'Import JSON with `with { type: "json" }`: Node refuses it without.' };

export default defineConfig([
  globalIgnores([
    "build/",
    // The compiled services (scripts/lib/services-build.ts).
    "build-services/",
    // The compiled benchmarks (scripts/lib/bench-build.ts, ADR 173): made by the build step beside lint.
    "build-bench/",
    // The web bench's anchor builds into its own folder (bench/web/baseline/vite.config.ts).
    "bench/web/baseline/build/",
    "app/generated/",
    "node_modules/",
    ".data/",
    ".cache/",
    "test-results/",
    "playwright-report/",
    "public/build/",
  ]),

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      // The app and the services log through @tsunagi/service-kit/logger (JSON lines, no personal data; ADR 027).
      "no-console": "error",
    },
  },

  // The Remix app: browser code, plus server modules that also see Node's globals.
  {
    files: ["app/**/*.{js,jsx,ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ["app/**/*.server.{ts,tsx}", "app/**/.server/**", "app/entry.server.tsx", "app/routes/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.node } },
  },

  // Hooks rules wherever components and hooks live.
  {
    files: ["**/*.tsx", "app/**/*.ts"],
    ...reactHooks.configs.flat.recommended,
  },

  // Scripts, database tooling, the pipeline bridge, tests and config files run under Node.
  {
    files: [...nodeScriptDirs, "*.config.{js,ts,mjs,cjs}", "emails/**"],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: nodeScriptDirs,
    rules: { "no-console": "off" },
  },
  // ...but the bridge's service code logs through the logger too (its CLI, zero-dependency, prints).
  // A JSON module is imported with its attribute: Node's own ESM loader (which Playwright's specs run on) refuses one
  // without it, while Vite and Vitest accept both — CI run 56 lost its browser tests to one such import.
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    rules: {
      "no-restricted-syntax": [
        "error",
        jsonImportRule,
        noValidateRule,
      ],
    },
  },
  {
    files: ["app/routes/**/*.{ts,tsx}", "app/routes-support/**/*.{ts,tsx}"],
    ignores: ["**/*.test.{ts,tsx}"],
    rules: { "no-restricted-syntax": ["error", jsonImportRule, noValidateRule, ...refusalMappingRules] },
  },
  // The web bench's anchor is Remix's own template as it ships (bench/web/baseline, ADR 070): it keeps the browser's
  // own validation, as a plain Remix page does.
  {
    files: ["bench/web/baseline/**/*.{ts,tsx}"],
    rules: { "no-restricted-syntax": ["error", jsonImportRule] },
  },
  {
    files: ["services/pipeline-bridge/src/**"],
    ignores: ["**/*.test.ts"],
    rules: { "no-console": "error" },
  },

  // Layers (docs/architecture.md, ADR 029): every linted file belongs to exactly one part, and an import between parts
  // is refused unless a policy below allows it. boundaries/dependencies resolves each import through TypeScript's paths
  // (the `~/` alias) and the workspace links, so a rule names parts, not spellings of specifiers.
  {
    files: [lintedFiles],
    plugins: { boundaries },
    settings: {
      "import/resolver": { typescript: { alwaysTryTypes: true, project: "./tsconfig.json" } },
      "boundaries/elements": elements,
      // Every way one module reaches another: import, re-export, import() and require().
      "boundaries/dependency-nodes": ["import", "export", "dynamic-import", "require"],
      "boundaries/files": [
        { category: "server-only", pattern: ["**/*.server.{ts,tsx}", "**/.server/**"] },
        { category: "test", pattern: ["**/*.test.{ts,tsx}", "**/*.spec.ts"] },
        { category: "db", pattern: "app/db.server.ts" },
        { category: "env", pattern: "app/env.server.ts" },
        { category: "config", pattern: "*.config.{js,ts,mjs,cjs}" },
      ],
    },
    rules: {
      // A file outside every part is an error, so a new top-level folder cannot escape the rules.
      "boundaries/no-unknown-files": "error",
      "boundaries/dependencies": dependenciesRule(layerPolicies()),
    },
  },
  // The same policies again, each folder given only those that can name its files (below).
  ...policiesByFolder(layerPolicies()),
]);
