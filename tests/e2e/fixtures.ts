// Shared Playwright fixtures for every e2e test: import { test, expect } from "./fixtures".
//
// - `axe.expectNoAxeViolations(page)` runs axe-core with the WCAG 2.0/2.1 A and AA and WCAG 2.2 AA rules and
//   fails with a readable list of violations.
// - Automatically, every test fails if any page of its browser context logs a console error or throws an
//   uncaught exception. A test that expects one can allow it: test.use({ allowedConsoleErrors: [/pattern/] }).
// - Automatically, every text response the browser receives (pages, data requests, scripts, styles, JSON) must be
//   valid UTF-8 without NUL bytes (issue 10: Japanese pages carried NULs at the renderer's 2,048-byte boundaries).
// - Each worker talks to its own app server (ADR 023): `baseURL` (page.goto("/…"), `request`) is that server's,
//   chosen by the worker's parallelIndex from support/e2e-servers.ts, the same table playwright.config.ts starts.

import { appendFileSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";
import { readTreeCpu } from "../support/file-cpu";
import { installContrastStyles } from "./support/contrast-styles";
import { e2eServer, e2eWorkerCount, type E2eServer } from "./support/e2e-servers";

export const axeTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] as const;

export interface AxeCheckOptions {
  /** CSS selectors to limit the scan to. */
  include?: string[];
  /** CSS selectors to leave out of the scan (say, a third-party widget). */
  exclude?: string[];
  /** axe rule ids to switch off, each with a reason in the calling test. */
  disableRules?: string[];
}

/** What a scan reports of each violation: enough for the failure message, and small to carry out of the page. */
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; failureSummary: string | null }[];
}

/** The axe-core build @axe-core/playwright injects (the same package, so the same rules and version). */
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * Runs axe.run in the page itself. @axe-core/playwright's default runs axe.runPartial in every frame and
 * axe.finishRun in a new blank page, so that cross-origin iframes are scanned too: a page opened and closed per scan,
 * axe injected twice and every pass and inapplicable rule serialised out, about 0.8 s of Chromium a scan against
 * 0.2 s here (measured on /, /consent and /account; issue 26). The rules, tags and verdicts are the same: axe.run is
 * what runPartial and finishRun split in two. Our pages have no frames (the CSP allows none); if one ever does, the
 * scan falls back to AxeBuilder so a frame is never left unscanned.
 */
async function scanInPage(page: Page, options: AxeCheckOptions): Promise<AxeViolation[]> {
  return (await scan(page, options, "as-asked")).violations;
}

/**
 * What a scan does with the contrast rule: as the options ask (every text judged, nothing learnt); "learn", every text
 * judged and the styles it passed returned; "samples", the other rules on the whole page and the contrast rule on the
 * samples __tsunagiContrastSample picked, their passed styles returned (support/contrast-styles.ts, ADR 172).
 */
type ContrastMode = "as-asked" | "learn" | "samples";

/**
 * scanInPage's scan; learning (`contrast` "learn" or "samples"), it also returns the styles of the texts the contrast
 * rule judged and passed (support/contrast-styles.ts): every text it judged but those it left unsettled ("incomplete")
 * or failed. Learning needs the page's style reader, which expectNoAxeViolations has installed before it asks.
 */
async function scan(page: Page, options: AxeCheckOptions, contrast: ContrastMode): Promise<{ violations: AxeViolation[]; passedContrastStyles: string[] }> {
  const hasFrames = await page.evaluate(() => document.querySelectorAll("iframe, frame").length > 0);
  if (hasFrames) {
    let builder = new AxeBuilder({ page }).withTags([...axeTags]);
    for (const selector of options.include ?? []) builder = builder.include(selector);
    for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
    if (options.disableRules?.length) builder = builder.disableRules(options.disableRules);
    const violations = (await builder.analyze()).violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      helpUrl: violation.helpUrl,
      nodes: violation.nodes.map((node) => ({ target: node.target.map(String), failureSummary: node.failureSummary ?? null })),
    }));
    return { violations, passedContrastStyles: [] };
  }
  const injected = await page.evaluate(() => typeof (window as { axe?: { run?: unknown } }).axe?.run === "function");
  if (!injected) await page.evaluate(axeSource);
  return page.evaluate(
    async ({ tags, include, exclude, disableRules, contrast }) => {
      const axe = (window as unknown as { axe: typeof import("axe-core") }).axe;
      const context = include.length || exclude.length ? { include: include.length ? include : [document], exclude } : document;
      const samples = contrast === "samples" ? window.__tsunagiContrastSamples! : null;
      const rules = Object.fromEntries([...disableRules, ...(samples ? ["color-contrast"] : [])].map((rule) => [rule, { enabled: false }]));
      // Learning, the contrast rule's unsettled texts are needed in full (a type left out reports one element at most).
      const learning = contrast !== "as-asked";
      const resultTypes: import("axe-core").resultGroups[] = learning ? ["violations", "incomplete"] : ["violations"];
      const results = await axe.run(context as import("axe-core").ElementContext, { runOnly: { type: "tag", values: tags }, rules, resultTypes });
      if (samples) {
        // The contrast rule alone, on the samples (each with what it holds: a paragraph's own words and its rubies).
        const sampled = await axe.run({ include: samples } as unknown as import("axe-core").ElementContext, { runOnly: { type: "rule", values: ["color-contrast"] }, resultTypes });
        results.violations.push(...sampled.violations);
        results.incomplete.push(...sampled.incomplete);
      }
      let passedContrastStyles: string[] = [];
      if (learning) {
        const unsettled = [...results.violations, ...results.incomplete]
          .filter((rule) => rule.id === "color-contrast")
          .flatMap((rule) => rule.nodes.map((node) => document.querySelector(String(node.target[0]))))
          .filter((element): element is Element => element !== null);
        passedContrastStyles = window.__tsunagiContrastStyles!(unsettled, samples ?? undefined).passed;
      }
      const violations = results.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact ?? null,
        help: violation.help,
        helpUrl: violation.helpUrl,
        nodes: violation.nodes.map((node) => ({ target: node.target.map(String), failureSummary: node.failureSummary ?? null })),
      }));
      return { violations, passedContrastStyles };
    },
    { tags: [...axeTags], include: options.include ?? [], exclude: options.exclude ?? [], disableRules: options.disableRules ?? [], contrast },
  );
}

/** Fails the test with one line per violation (rule, impact, help, and the offending elements). */
/**
 * Waits until the page has loaded and its DOM has been still for 150 ms (at most 5 s): axe reads the page the reader
 * arrives at, not a client-side navigation's or a form's redirect half-way (on a slow machine CI caught the header and
 * a radio's label mid-change). A navigation that replaces the document meanwhile is waited for once more.
 */
async function settled(page: Page): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.waitForLoadState("load");
    try {
      await page.evaluate(
        () =>
          new Promise<void>((resolve) => {
            let quiet: ReturnType<typeof setTimeout>;
            const done = () => {
              observer.disconnect();
              clearTimeout(quiet);
              clearTimeout(limit);
              resolve();
            };
            const observer = new MutationObserver(() => {
              clearTimeout(quiet);
              quiet = setTimeout(done, 150);
            });
            observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
            quiet = setTimeout(done, 150);
            const limit = setTimeout(done, 5_000);
          }),
      );
      return;
    } catch (error) {
      if (!/Execution context was destroyed|navigation/i.test(String(error))) throw error;
    }
  }
}

/**
 * The text styles whose contrast a scan in this worker has judged and passed (support/contrast-styles.ts, ADR 135).
 * Exported, with the count of scans that left the rule out, for the test that checks this check.
 */
export const passedContrastStyles = new Set<string>();
export const contrastRule = { leftOut: 0, sampled: 0, run: 0 };

export async function expectNoAxeViolations(page: Page, options: AxeCheckOptions = {}): Promise<void> {
  await settled(page);
  // The contrast rule judges text styles: when every text on the page wears a style an earlier scan judged and passed,
  // and no positioned box lies over text, this scan leaves it out; when some do not, it judges one text of each of
  // those (ADR 172); every other rule runs on every scan. A page with a positioned box over text is judged whole and
  // teaches nothing, and a scan limited by the caller (include, exclude, a rule switched off) neither skips nor teaches.
  const whole = !options.include?.length && !options.exclude?.length && !options.disableRules?.length;
  let plan: keyof typeof contrastRule = "run";
  if (whole) {
    await page.evaluate(installContrastStyles);
    const { unknown, overlaid, sampled } = await page.evaluate((known) => window.__tsunagiContrastSample!(known), [...passedContrastStyles]);
    plan = overlaid ? "run" : unknown === 0 ? "leftOut" : sampled ? "sampled" : "run";
  }
  const { violations, passedContrastStyles: passed } = await scan(
    page,
    plan === "leftOut" ? { ...options, disableRules: ["color-contrast"] } : options,
    !whole || plan === "leftOut" ? "as-asked" : plan === "sampled" ? "samples" : "learn",
  );
  contrastRule[plan] += 1;
  expect(violations.length, `axe found accessibility violations on ${page.url()}:\n${axeReport(violations).join("\n")}`).toBe(0);
  for (const style of passed) passedContrastStyles.add(style);
}

/** The failure message's lines. Exported for the test that checks this check. */
export function axeReport(violations: AxeViolation[]): string[] {
  return violations.map((violation) => {
    const targets = violation.nodes.map((node) => `      ${node.target.join(" ")}\n        ${node.failureSummary?.replace(/\n/g, "\n        ") ?? ""}`);
    return `  [${violation.impact ?? "unknown"}] ${violation.id}: ${violation.help}\n    ${violation.helpUrl}\n${targets.join("\n")}`;
  });
}

/** Exported for the test that checks this check against AxeBuilder's own. */
export { scanInPage };

export interface Axe {
  /** Scans `page` (by default the test's own page). */
  expectNoAxeViolations: (page?: Page, options?: AxeCheckOptions) => Promise<void>;
}

interface Fixtures {
  axe: Axe;
  /** Console errors matching one of these are not counted as failures. */
  allowedConsoleErrors: RegExp[];
  /** Automatic: fails the test on any console error or uncaught page exception. */
  failOnConsoleErrors: void;
  /** Automatic: fails the test when a text response holds a NUL byte or is not valid UTF-8. */
  cleanTextResponses: void;
  /** Automatic: notes the test's CPU, this worker's and its Chromium's, when PLAYWRIGHT_CPU_LOG is set. */
  testCpu: void;
}

const textContentType = /^(text\/|application\/(json|javascript|xml|fhir\+json|problem\+json))|\+json\b/;

/** The production build's assets: /assets/<name>-<8-character content hash>.<js|css>, served immutable. */
const hashedAsset = /^\/assets\/[^/]+-[\w-]{8}\.(js|css)$/;
/** Assets whose bytes this worker has already checked. */
const checkedAssets = new Set<string>();

/** What is wrong with a text response's bytes, or null. Exported for the test that checks this check. */
export function textBodyProblem(body: Buffer): string | null {
  const nul = body.indexOf(0);
  if (nul !== -1) {
    const context = body.subarray(Math.max(0, nul - 24), nul + 8).toString("utf8").replace(/\0/g, "\\x00");
    return `a NUL byte at offset ${nul} of ${body.length} (…${context}…)`;
  }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(body);
    return null;
  } catch {
    return `invalid UTF-8 in ${body.length} bytes`;
  }
}

interface WorkerFixtures {
  /** This worker's app server (ports, data folder). */
  e2eServer: E2eServer;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  e2eServer: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's needs from this pattern; it needs none.
    async ({}, use, workerInfo) => {
      // playwright.config.ts starts one server per E2E_WORKERS; `--workers` alone would leave a worker without one.
      expect(workerInfo.parallelIndex, "more workers than app servers: set E2E_WORKERS=<n> instead of --workers <n>").toBeLessThan(e2eWorkerCount());
      const server = e2eServer(workerInfo.parallelIndex);
      // support/e2e-env.ts (session cookies, the mailbox, the demo file, the database) reads the same index from
      // TEST_PARALLEL_INDEX; both must name one server, or a test would sign in on one and browse another.
      expect(process.env.TEST_PARALLEL_INDEX, "the worker's parallelIndex as Playwright exports it").toBe(String(workerInfo.parallelIndex));
      await use(server);
    },
    { scope: "worker" },
  ],
  baseURL: async ({ e2eServer: server }, use) => {
    await use(server.baseURL);
  },
  axe: async ({ page }, use) => {
    await use({ expectNoAxeViolations: (target = page, options) => expectNoAxeViolations(target, options) });
  },
  allowedConsoleErrors: [[], { option: true }],

  // What each test costs the machine (issue 62): on two busy cores the browser step's length is its CPU, most of it
  // Chromium's. Set up before the test's context and torn down after it closes, so its renderers' time is counted.
  testCpu: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's needs from this pattern; it needs none.
    async ({}, use, testInfo) => {
      const log = process.env.PLAYWRIGHT_CPU_LOG;
      const before = log ? readTreeCpu() : undefined;
      await use();
      const after = before === undefined ? undefined : readTreeCpu();
      if (!log || before === undefined || after === undefined) return;
      const line = { file: path.relative(process.cwd(), testInfo.file), title: testInfo.titlePath.slice(1).join(" › "), cpu: Math.round((after - before) * 100) / 100 };
      appendFileSync(log, `${JSON.stringify(line)}\n`);
    },
    { auto: true },
  ],

  failOnConsoleErrors: [
    async ({ context, allowedConsoleErrors }, use) => {
      const errors: string[] = [];
      // A form answered 400/401/403/429 is the app working as designed (validation, wrong password, refusal,
      // rate limit); Chromium still logs every non-2xx fetch. Server errors (5xx) are never allowed.
      const expectedRefusal = /^Failed to load resource: the server responded with a status of (400|401|403|404|429) /;
      const allowed = (text: string) => expectedRefusal.test(text) || allowedConsoleErrors.some((pattern) => pattern.test(text));
      context.on("console", (message) => {
        if (message.type() !== "error" || allowed(message.text())) return;
        const { url, lineNumber } = message.location();
        errors.push(`console.error on ${message.page()?.url() ?? "?"}: ${message.text()}${url ? ` (${url}:${lineNumber})` : ""}`);
      });
      context.on("weberror", (webError) => {
        const error = webError.error();
        const text = `${error.name}: ${error.message}`;
        if (allowed(text)) return;
        errors.push(`uncaught exception on ${webError.page()?.url() ?? "?"}: ${error.stack ?? text}`);
      });
      await use();
      expect(errors, `the page logged errors:\n${errors.join("\n")}`).toEqual([]);
    },
    { auto: true },
  ],

  cleanTextResponses: [
    async ({ context }, use) => {
      const checks: Promise<string | null>[] = [];
      context.on("response", (response) => {
        const status = response.status();
        const type = response.headers()["content-type"] ?? "";
        if (status === 204 || (status >= 300 && status < 400) || !textContentType.test(type)) return;
        // A build asset's name carries its content's hash and the server sends it as immutable: its bytes are
        // checked the first time this worker sees it, not on every page of every test (issue 26).
        const { pathname } = new URL(response.url());
        if (status === 200 && hashedAsset.test(pathname)) {
          if (checkedAssets.has(pathname)) return;
          checkedAssets.add(pathname);
        }
        checks.push(
          response.body().then(
            (body) => {
              const problem = textBodyProblem(body);
              return problem ? `${response.request().method()} ${response.url()} (${status}, ${type}): ${problem}` : null;
            },
            // The page moved on before the body was read (Chromium drops it); the next response is checked instead.
            () => null,
          ),
        );
      });
      await use();
      const problems = (await Promise.all(checks)).filter((problem): problem is string => problem !== null);
      expect(problems, `responses with corrupted text:\n${problems.join("\n")}`).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
