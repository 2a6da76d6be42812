// The page sweep (issue 55 Deliver 4): every page a visitor can reach by following links, for the public and for each
// of the demo's accounts (participant, proxy, family, panel member, applicant, DAC expert, and each staff role), on a
// phone (390 × 844) in 日本語, やさしい日本語 and English, each page held to the layout check (layout-check.ts: no
// sideways overflow, no text collapsed to a character a line; the rule is in docs/testing.md, "The layout check") and
// scanned by axe. A flow's browser test walks it in one language (ADR 174): this is where every page it links to is
// read in the other two.
//
// The list of pages is not written here: each visitor starts at their first page and follows the links on every page,
// so a page added to a menu, a list or a card is swept the day it is linked. A page is visited once per shape (its
// path with ids made general: /updates/:id), by the first visitor who reaches it, so the public pages are swept once,
// not once per account. Only links are followed — never a form, so nothing is submitted — and not downloads, feeds,
// the sign-out and language switches, the dev mailbox or the assisted (clinic tablet) journey, whose GET hands the
// tablet to the patient.
import type { Page } from "@playwright/test";
import { getDatabase } from "../../app/db.server";
import { supportedLanguages } from "../../app/i18n/languages";
import { contrastRule, expect, test, type Axe } from "./fixtures";
import { layoutProblems, layoutReport } from "./layout-check";
import { signInAs } from "./support/accounts";
import { budget } from "./support/budget";
import { readDemoFile } from "./support/e2e-env";
import { useLanguage } from "./support/language";
import { phone } from "./support/viewports";

test.use({ viewport: phone });
// The three languages' sweeps share nothing (each keeps its own list of pages seen), and each takes about a minute and a
// half: run side by side on the workers rather than one after another on one (issue 62).
test.describe.configure({ mode: "parallel" });

/** Who sweeps, in this order: the public first, so every public page is judged as the public sees it. */
const visitorRoles = ["participant", "proxy", "family", "panel_member", "applicant", "dac_expert", "coordinator", "counsellor", "elsi_staff", "dac_secretariat", "dac_chair", "admin"] as const;

/** A visitor stops after this many pages new to the sweep: enough for every page of their menus and cards. */
const pagesPerVisitor = 40;

/** Links not followed: not pages (downloads, feeds, machine answers), or pages whose GET changes where the visitor is. */
const notFollowed = [
  /\.[a-z0-9]+$/i, // a file: .pdf, .csv, .json, .atom, .jws, .js
  /\/feed(\/|$)/,
  /^\/(sign-out|language)(\/|$)/,
  /^\/dev\//,
  /^\/api\//,
  /\/assisted(\/|$)/,
  /^\/transparency\/figures\//,
];

/** A path with its ids made general, so each kind of page is swept once: /staff/participants/:id. */
function pageShape(pathname: string): string {
  return pathname
    .split("/")
    .map((segment) => (/\d|^[\w-]{20,}$|\./.test(segment) ? ":id" : segment))
    .join("/");
}

/** What a sweep did: pages measured, documents loaded, links left unloaded (their shape swept), each check's own time. */
interface SweepTiming {
  pages: number;
  loads: number;
  skipped: number;
  measuring: number;
  scanning: number;
}

interface Finding {
  url: string;
  visitor: string;
  report: string;
}

/** What a sweep holds each new page to, and where it notes what it found. */
interface Checks {
  axe: Axe;
  layoutFindings: Finding[];
  axeFindings: Finding[];
}

/** Visits `start` and every page linked from it, breadth first, adding each new shape to `seen`. */
async function sweep(page: Page, visitor: string, start: string, seen: Set<string>, checks: Checks, timing: SweepTiming) {
  const queue = [start];
  const queued = new Set(queue);
  let fresh = 0;
  while (queue.length > 0 && fresh < pagesPerVisitor) {
    const href = queue.shift()!;
    // A link queued beside others of its shape (the twenty updates of a list, each /updates/:id) whose shape was swept
    // since: not measured and its links not followed (below), so not loaded either. Each load is a document's parse,
    // style and layout in Chromium: a third of the sweep's loads were such (issue 62).
    if (href !== start && seen.has(pageShape(new URL(href, "http://sweep.invalid").pathname))) {
      timing.skipped++;
      continue;
    }
    timing.loads++;
    const response = await page.goto(href);
    if (!response || !(response.headers()["content-type"] ?? "").startsWith("text/html")) continue;
    const url = new URL(page.url());
    const shape = pageShape(url.pathname);
    // A page already swept (a visitor's home, reached by another account first) is not measured again, but its
    // links are this visitor's way on.
    if (!seen.has(shape)) {
      seen.add(shape);
      fresh++;
      const before = performance.now();
      const problems = await layoutProblems(page);
      timing.measuring += performance.now() - before;
      timing.pages++;
      if (problems.length > 0) checks.layoutFindings.push({ url: `${url.pathname}${url.search}`, visitor, report: layoutReport(problems) });
      // Every page's faults are listed together at the end, not only the first page's.
      const scanStarted = performance.now();
      try {
        await checks.axe.expectNoAxeViolations(page);
      } catch (error) {
        checks.axeFindings.push({ url: `${url.pathname}${url.search}`, visitor, report: error instanceof Error ? error.message : String(error) });
      }
      timing.scanning += performance.now() - scanStarted;
    } else if (href !== start) continue;
    const links = await page.evaluate(() => [...document.querySelectorAll<HTMLAnchorElement>("a[href]:not([download])")].map((link) => link.href));
    for (const link of links) {
      const target = new URL(link);
      if (target.origin !== url.origin) continue;
      const path = `${target.pathname}${target.search}`;
      if (notFollowed.some((pattern) => pattern.test(target.pathname))) continue;
      if (queued.has(path) || seen.has(pageShape(target.pathname))) continue;
      queued.add(path);
      queue.push(path);
    }
  }
}

for (const language of supportedLanguages) {
  test(`[everyone] every linked page on a phone in ${language}: no sideways overflow, no text a character a line, no axe violation`, async ({ page, context, axe }) => {
    // With axe on every page (ADR 174) a language's sweep took 1.9 minutes alone on one worker and 5.4 beside the rest of
    // the browser step on a slow hour (docs/testing.md, row 138): room for an hour twice as slow.
    test.setTimeout(budget(450_000));
    const demo = readDemoFile();
    const seen = new Set<string>();
    const checks: Checks = { axe, layoutFindings: [], axeFindings: [] };
    const timing: SweepTiming = { pages: 0, loads: 0, skipped: 0, measuring: 0, scanning: 0 };
    const started = performance.now();
    const contrastBefore = { ...contrastRule };

    await useLanguage(context, language);
    await sweep(page, "public", "/", seen, checks, timing);
    for (const role of visitorRoles) {
      const account = demo.accounts.find((candidate) => candidate.role === role);
      expect(account, `the demo has a ${role} account`).toBeDefined();
      const user = await getDatabase().user.findUniqueOrThrow({ where: { email: account!.email } });
      await context.clearCookies();
      await useLanguage(context, language);
      await signInAs(context, { id: user.id, email: user.email, role: user.role, password: "", totpKey: null, facilityIds: [] });
      await sweep(page, role, "/home", seen, checks, timing);
    }

    const seconds = (performance.now() - started) / 1000;
    test.info().annotations.push({
      type: "layout check",
      description: `${timing.pages} pages in ${seconds.toFixed(1)} s (${timing.loads} loaded; ${timing.skipped} links of a shape already swept left unloaded); the layout check's own evaluate took ${(timing.measuring / 1000).toFixed(2)} s of it (${(timing.measuring / Math.max(1, timing.pages)).toFixed(0)} ms a page), axe's scans with their wait for a still page ${(timing.scanning / 1000).toFixed(1)} s (${(timing.scanning / Math.max(1, timing.pages)).toFixed(0)} ms a page; the contrast rule left out on ${contrastRule.leftOut - contrastBefore.leftOut}, run on samples on ${contrastRule.sampled - contrastBefore.sampled}, run whole on ${contrastRule.run - contrastBefore.run})`,
    });
    console.log(`[page sweep ${language}] ${test.info().annotations.at(-1)!.description}`);
    // Every kind of visitor's pages were reached, not only the public's: a broken sign-in would sweep nothing.
    const listed = (findings: Finding[]) => findings.map((finding) => `${finding.url} (${finding.visitor}):\n${finding.report}`).join("\n\n");
    expect(listed(checks.layoutFindings), "layout faults").toBe("");
    expect(listed(checks.axeFindings), "axe violations").toBe("");
    expect(timing.pages, `pages swept: ${[...seen].join(" ")}`).toBeGreaterThan(60);
  });
}
