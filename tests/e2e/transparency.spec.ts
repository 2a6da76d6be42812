// The public transparency dashboard (issue 16 item 1; ADRs 044, 045) in the browser: a visitor who is not signed in
// reaches it from the footer, reads a figure as a chart with its name and as a table where small counts are "<10",
// and downloads the figure as CSV, which carries the time it was computed and the chain head — in 日本語, やさしい日本語
// and English, with and without JavaScript, axe on every page. A query out of range is a translated 400 page.
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { getDatabase } from "../../app/db.server";
import { refreshTransparencySnapshot } from "../../app/domain/transparency/snapshot/refresh-transparency-snapshot.server";
import { SnapshotContentSchema } from "../../app/domain/transparency/snapshot/snapshot-figures";
import { axeAsServed } from "./support/axe-as-served";
import { e2eBaseUrl } from "./support/e2e-env";
import { useLanguage } from "./support/language";
import { onPage, plainTranslator } from "./support/words";
import { expect, test } from "./fixtures";
import { budget } from "./support/budget";
import { phone } from "./support/viewports";

test("[public] reads the dashboard and downloads a figure as CSV", async ({ browser, axe }) => {
  test.setTimeout(budget(240_000));
  // The hourly job's work, done now so the page shows the demo's participants as they are.
  const snapshot = await refreshTransparencySnapshot({ reason: "schedule" });

  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled, baseURL: e2eBaseUrl, acceptDownloads: true });
    const page = await context.newPage();
    for (const language of ["ja", "ja-easy", "en"] as const) {
      const t = plainTranslator(language, "transparency");
      const figures = plainTranslator(language, "figures");
      await useLanguage(context, language);
      await page.goto("/");
      await page.getByRole("contentinfo").getByRole("link", { name: onPage(language, t("common:footer.transparency")) }).click();
      await expect(page.getByRole("heading", { level: 1, name: onPage(language, t("title"), { exact: true }) })).toBeVisible();

      // A figure about the participants' current choices: the demo's handful is "<10" in every cell of its table,
      // so instead of an empty frame it says there is nothing to draw (the test below draws one on a phone).
      const title = figures("consent-choices.title");
      const figure = page.locator('[data-figure="consent-choices"]');
      await expect(figure.getByRole("heading", { name: onPage(language, title, { exact: true }) })).toBeVisible();
      await expect(figure.locator('[data-chart="none"]')).toHaveText(onPage(language, t("figure.nothingToDraw")));
      await expect(figure.getByRole("img")).toHaveCount(0);
      await expect(figure.getByRole("table")).toContainText("<10");
      // The consultation desk's median days to answer: the demo's few answers are too few for one, and the page says so.
      const answerTimes = page.getByTestId("answer-times");
      await expect(answerTimes.getByRole("heading", { name: onPage(language, t("answerTimes.heading"), { exact: true }) })).toBeVisible();
      await expect(answerTimes).toContainText(onPage(language, t("answerTimes.lastYearFew")));
      if (javaScriptEnabled) await axe.expectNoAxeViolations(page);

      // The CSV: every line names the snapshot and the published checkpoint it was computed at.
      const download = page.waitForEvent("download");
      await figure.getByRole("link", { name: onPage(language, t("figure.downloadCsv", { title })) }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe("tsunagi-consent-choices.csv");
      const csv = await readFile((await file.path())!, "utf8");
      const [header, ...rows] = csv.trim().split(/\r?\n/);
      expect(header).toContain("computed_at");
      expect(header).toContain("checkpoint_seq");
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row).toContain(snapshot.id);
      expect(csv).toContain("<10");
      // Every count (the cells up to the row's total) is a number of 10 or more, "<10" or withheld; a table of questions
      // asked of the same people has no row totals, so that column is empty (issue 27).
      const countColumns = header!.split(",").indexOf("total");
      for (const row of rows) for (const cell of row.split(",").slice(1, countColumns)) expect(cell).toMatch(/^(<10|withheld|[1-9]\d+)$/);
      for (const row of rows.filter((line) => !line.startsWith("total,"))) expect(row.split(",")[countColumns]).toBe("");

      // A period outside what the page offers is refused with a page in the reader's language.
      const refused = await page.goto("/transparency?months=999");
      expect(refused?.status()).toBe(400);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(onPage(language, plainTranslator(language, "common")("errorPage.badRequest.title"), { exact: true }));
    }
    await context.close();
  }
});

// Issue 29 item 4: the dashboard on a phone (390 × 844), JavaScript on and off, in each language. A copy of the newest
// snapshot stands in for a national cohort in one figure (the demo's handful is "<10" everywhere, so nothing would be
// drawn): its bars and labels are HTML at the page's text size (at least 12 px, furigana in やさしい日本語), every
// column is labelled, the wide SVG is not what a phone shows, and the figure that still has only small counts says in
// words that there is nothing to draw. Table headings keep a readable width (they scrolled sideways instead of
// wrapping a letter per line), and no page logs a console error under the strict CSP (the fixture fails the test).
for (const javaScriptEnabled of [true, false]) {
  test.describe(`[public] on a phone, JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ viewport: phone, javaScriptEnabled });

    test("reads the charts and tables of the dashboard", async ({ page, context, browser, axe }) => {
      test.setTimeout(budget(180_000));
      await snapshotWithACohort();
      try {
        for (const language of ["ja", "ja-easy", "en"] as const) {
          const t = plainTranslator(language, "transparency");
          const figures = plainTranslator(language, "figures");
          await useLanguage(context, language);
          await page.goto("/transparency");
          const figure = page.locator('[data-figure="consent-choices"]');
          const chart = figure.getByRole("img", { name: onPage(language, figures("consent-choices.title")) });
          await expect(chart).toBeVisible();
          await expect(figure.locator(".figure-chart__svg")).toBeHidden();
          const columns = await figure.locator("table thead th").count();
          await expect(chart.locator(".figure-bars__label")).toHaveCount(columns - 1);
          for (const text of await chart.locator(".figure-bars__label, .figure-bars__series, .figure-bars__value").all()) {
            const size = await text.evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
            expect(size, `${language}: ${await text.innerText()}`).toBeGreaterThanOrEqual(12);
          }
          if (language === "ja-easy") expect(await chart.locator(".figure-bars__label ruby").count()).toBeGreaterThan(0);
          for (const heading of await figure.locator("table thead th").all()) {
            expect((await heading.boundingBox())!.width, `${language}: a heading of at least six characters' width`).toBeGreaterThanOrEqual(6 * 12);
          }
          await expect(page.locator('[data-chart="none"]').first()).toHaveText(onPage(language, t("figure.nothingToDraw")));
          if (javaScriptEnabled) await axe.expectNoAxeViolations(page);
          else await axeAsServed(browser, context, "/transparency", { openMenu: false });
        }
      } finally {
        // Snapshots are append-only for the app's login; a real one made now is the newest again.
        await refreshTransparencySnapshot({ reason: "schedule" });
      }
    });
  });
}

/**
 * The newest snapshot as the hourly job makes it, copied as the newest with the consent-choices figure counted as a
 * national cohort would be (hundreds per cell, one cell still "<10"); the caller makes a real one after it, so later tests
 * read the demo's own numbers again.
 */
async function snapshotWithACohort(): Promise<void> {
  const { id } = await refreshTransparencySnapshot({ reason: "schedule" });
  const db = getDatabase();
  const real = await db.transparencySnapshot.findUniqueOrThrow({ where: { id } });
  const content = SnapshotContentSchema.parse(real.figures);
  const figures = content.figures.map((figure) =>
    figure.id !== "consent-choices"
      ? figure
      : {
          ...figure,
          table: {
            ...figure.table,
            cells: figure.table.rows.map((_, row) =>
              figure.table.columns.map((_, column) => (row === 1 && column === 0 ? { kind: "small" as const } : { kind: "count" as const, value: 1200 - 900 * row + 37 * column })),
            ),
          },
        },
  );
  await db.transparencySnapshot.create({
    data: { ...real, id: randomUUID(), computedAt: new Date(real.computedAt.getTime() + 1), chainHead: real.chainHead ?? {}, figures: { ...content, figures } },
  });
}
