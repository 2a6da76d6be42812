// The public transparency dashboard (issue 16 item 1; ADRs 044, 045) in the browser: a visitor who is not signed in
// reaches it from the footer, reads a figure as a chart with its name and as a table where small counts are "<10",
// and downloads the figure as CSV, which carries the time it was computed and the chain head — in 日本語, やさしい日本語
// and English, with and without JavaScript, axe on every page. A query out of range is a translated 400 page.
import { readFile } from "node:fs/promises";
import { refreshTransparencySnapshot } from "../../app/domain/transparency/snapshot/refresh-transparency-snapshot.server";
import { e2eBaseUrl } from "./support/e2e-env";
import { useLanguage } from "./support/language";
import { onPage, plainTranslator } from "./support/words";
import { expect, test } from "./fixtures";
import { budget } from "./support/budget";

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
      await page.getByRole("contentinfo").getByRole("link", { name: onPage(language, t("footerLink")) }).click();
      await expect(page.getByRole("heading", { level: 1, name: onPage(language, t("title"), { exact: true }) })).toBeVisible();

      // A figure about the participants' current choices: its chart is an image named by its title, and its table
      // gives each count, the demo's handful being "<10".
      const title = figures("consent-choices.title");
      const figure = page.locator('[data-figure="consent-choices"]');
      await expect(figure.getByRole("heading", { name: onPage(language, title, { exact: true }) })).toBeVisible();
      await expect(figure.getByRole("img", { name: onPage(language, title) })).toBeVisible();
      await expect(figure.getByRole("table")).toContainText("<10");
      if (javaScriptEnabled) await axe.expectNoAxeViolations(page);

      // The CSV: every line names the snapshot and the chain head it was computed at.
      const download = page.waitForEvent("download");
      await figure.getByRole("link", { name: onPage(language, t("figure.downloadCsv", { title })) }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe("tsunagi-consent-choices.csv");
      const csv = await readFile((await file.path())!, "utf8");
      const [header, ...rows] = csv.trim().split(/\r?\n/);
      expect(header).toContain("computed_at");
      expect(header).toContain("chain_hash");
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
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(onPage(language, plainTranslator(language, "errors")("page.badRequest.title"), { exact: true }));
    }
    await context.close();
  }
});
