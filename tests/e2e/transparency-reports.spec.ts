// ELSI transparency reports (issue 16 item 2; ADR 048) in the browser: ELSI staff start a report, write its section in
// three languages with a figure, check the preview and publish it; the public reads it (with JavaScript and without),
// gets its PDF; staff correct it as version 2 with a note of what changed; both versions stay readable at their own
// addresses, version 1 saying a newer one exists; an address naming nothing is a translated 404 page. Walked in en
// (one language, ADR 174), axe on every page.
import { randomBytes } from "node:crypto";
import type { BrowserContext, Locator, Page } from "@playwright/test";
import { createUser, signInAs } from "./support/accounts";
import { e2eBaseUrl } from "./support/e2e-env";
import { useLanguage } from "./support/language";
import { onPage, plainTranslator, translator } from "./support/words";
import { expect, test } from "./fixtures";
import { budget } from "./support/budget";
import { walkedIn } from "./support/walked-in";

const languages = ["ja", "ja-easy", "en"] as const;
type Language = (typeof languages)[number];

const bodies: Record<Language, string> = {
  ja: "同意にもとづく**判断**の数です。\n\n- 許可\n- 拒否",
  "ja-easy": "どうい に そった こたえ の かず です。",
  en: "The number of **decisions** the consent gate made.\n\n- allowed\n- denied",
};

/** The fieldset of one language inside a form (its legend is the language's name; exact, since 日本語 is in やさしい日本語). */
function languageGroup(form: Locator, pageLanguage: Language, written: Language): Locator {
  const t = translator(pageLanguage, "reports");
  return form.getByRole("group", { name: t(`staff.fields.language.${written}`, {}, { exact: true }), exact: true });
}

async function expectStatus(page: Page, text: ReturnType<ReturnType<typeof translator>>) {
  await expect(page.getByRole("status")).toContainText(text);
}

for (const language of walkedIn("en")) {
  test(`[ELSI staff] publishes a report, corrects it, and both versions stay readable (${language})`, async ({ page, context, browser, axe, request }) => {
    test.setTimeout(budget(300_000));
    const t = translator(language, "reports");
    const words = plainTranslator(language, "reports");
    const figures = translator(language, "figures");
    const errors = translator(language, "reports");
    const tag = randomBytes(3).toString("hex");
    const slug = `e2e-${tag}-${language}`;
    const title = (written: Language, version: number) => `Report ${tag} v${version} ${written}`;
    const staff = await createUser({ role: "elsi_staff", withTotp: true });
    await signInAs(context, staff);
    await useLanguage(context, language);

    // A new report: address, rhythm and the title in three languages.
    await page.goto("/staff/reports");
    await expect(page.getByRole("heading", { level: 1, name: t("staff.list.title") })).toBeVisible();
    await axe.expectNoAxeViolations();
    await page.getByLabel(t("staff.fields.slug")).fill(slug);
    await page.getByRole("radio", { name: t("schedules.none") }).check();
    for (const written of languages) {
      const label = `${words("staff.fields.title")} (${words(`staff.fields.language.${written}`)})`;
      await page.getByLabel(onPage(language, label, { exact: true }), { exact: true }).fill(title(written, 1));
    }
    await page.getByRole("button", { name: t("staff.list.create") }).click();
    await expectStatus(page, t("staff.detail.notices.created"));
    await axe.expectNoAxeViolations();
    const reportPage = new URL(page.url()).pathname;

    // Its section, in each language, with the figure of the gate's decisions.
    const section = page.getByRole("form", { name: t("staff.detail.sectionHeading", { number: 1 }) });
    for (const written of languages) {
      const group = languageGroup(section, language, written);
      await group.getByLabel(t("staff.fields.heading", {}, { exact: true }), { exact: true }).fill(`Decisions ${tag} ${written}`);
      await group.getByLabel(t("staff.fields.body", {}, { exact: true }), { exact: true }).fill(bodies[written]);
    }
    await section.getByRole("checkbox", { name: figures("bridge-decisions.title") }).check();
    await section.getByRole("button", { name: t("staff.detail.saveSection", { number: 1 }) }).click();
    await expectStatus(page, t("staff.detail.notices.saved"));
    for (const previewed of languages) {
      await expect(page.getByTestId(`preview-${previewed}`)).toContainText(title(previewed, 1));
      await expect(page.getByTestId(`preview-${previewed}`)).toContainText(`Decisions ${tag} ${previewed}`);
    }
    await expect(page.getByTestId("preview-en").locator("strong")).toHaveText("decisions");
    await expect(page.getByTestId("missing-languages")).toHaveCount(0);
    await axe.expectNoAxeViolations();

    // Published: its numbers are frozen now.
    // Publishing cannot be undone: the box to tick says so, for everyone in three languages (issue 29 item 6).
    await page.getByLabel(t("staff.detail.publishConfirm", { version: 1, count: 3 })).check();
    await page.getByRole("button", { name: t("staff.detail.publish", { version: 1 }) }).click();
    await expectStatus(page, t("staff.detail.notices.published"));
    await expect(page.getByTestId("published-version")).toContainText(t("staff.detail.readOnline", { version: 1 }));
    await axe.expectNoAxeViolations();

    // The public, in a window with JavaScript (axe runs in the page) and one without.
    const windows: BrowserContext[] = [];
    for (const javaScriptEnabled of [true, false]) {
      const window = await browser.newContext({ javaScriptEnabled, baseURL: e2eBaseUrl, locale: "ja-JP", timezoneId: "Asia/Tokyo" });
      await useLanguage(window, language);
      windows.push(window);
    }
    const [scanning, plain] = windows as [BrowserContext, BrowserContext];
    const scanPage = await scanning.newPage();
    const plainPage = await plain.newPage();

    await plainPage.goto("/transparency/reports");
    await expect(plainPage.getByRole("heading", { level: 1, name: t("public.title") })).toBeVisible();
    await plainPage.getByRole("link", { name: title(language, 1) }).click();
    await expect(plainPage.getByRole("heading", { level: 1, name: title(language, 1) })).toBeVisible();
    await expect(plainPage.getByRole("heading", { level: 2, name: `Decisions ${tag} ${language}` })).toBeVisible();
    await expect(plainPage.getByRole("heading", { level: 3, name: figures("bridge-decisions.title") })).toBeVisible();
    await expect(plainPage.getByTestId("newer-version")).toHaveCount(0);
    await scanPage.goto("/transparency/reports");
    await axe.expectNoAxeViolations(scanPage);
    await scanPage.goto(`/transparency/reports/${slug}`);
    await axe.expectNoAxeViolations(scanPage);

    // Its PDF in this language, as stored.
    const pdfHref = await plainPage.getByTestId(`pdf-${language}`).getAttribute("href");
    expect(pdfHref).toBe(`/transparency/reports/${slug}/v/1/${language}.pdf`);
    const pdf = await request.get(pdfHref!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    expect((await pdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");

    // A correction: version 2, with its title changed and a note of what changed in each language.
    await page.goto(reportPage);
    await page.getByRole("button", { name: t("staff.detail.correct") }).click();
    await expectStatus(page, t("staff.detail.notices.correctionStarted"));
    await expect(page.getByTestId("missing-change-notes")).toBeVisible();
    await axe.expectNoAxeViolations();
    const header = page.getByRole("form", { name: t("staff.detail.headerHeading") });
    for (const written of languages) {
      const group = languageGroup(header, language, written);
      await group.getByLabel(t("staff.fields.title", {}, { exact: true }), { exact: true }).fill(title(written, 2));
      await group.getByLabel(t("staff.fields.changeNote", {}, { exact: true }), { exact: true }).fill(`Changed ${tag} ${written}`);
    }
    await header.getByRole("button", { name: t("staff.detail.saveHeader") }).click();
    await expectStatus(page, t("staff.detail.notices.saved"));
    await expect(page.getByTestId("missing-change-notes")).toHaveCount(0);
    // Publishing cannot be undone: the box to tick says so, for everyone in three languages (issue 29 item 6).
    await page.getByLabel(t("staff.detail.publishConfirm", { version: 2, count: 3 })).check();
    await page.getByRole("button", { name: t("staff.detail.publish", { version: 2 }) }).click();
    await expectStatus(page, t("staff.detail.notices.published"));
    await expect(page.getByTestId("staff-report-versions").getByRole("link")).toHaveCount(2);
    await axe.expectNoAxeViolations();

    // Both versions readable: the newest at the report's address, version 1 at its own, saying a newer one exists.
    await plainPage.goto(`/transparency/reports/${slug}`);
    await expect(plainPage.getByRole("heading", { level: 1, name: title(language, 2) })).toBeVisible();
    await expect(plainPage.getByTestId("change-note")).toContainText(`Changed ${tag} ${language}`);
    await plainPage.getByTestId("report-versions").getByRole("link", { name: t("public.versionItem", { version: 1 }) }).click();
    await expect(plainPage).toHaveURL(new RegExp(`/transparency/reports/${slug}/v/1$`));
    await expect(plainPage.getByRole("heading", { level: 1, name: title(language, 1) })).toBeVisible();
    await expect(plainPage.getByTestId("newer-version")).toContainText(t("public.newerExists", { version: 2 }));
    await plainPage.getByTestId("newer-version").getByRole("link", { name: t("public.readNewer", { version: 2 }) }).click();
    await expect(plainPage.getByRole("heading", { level: 1, name: title(language, 2) })).toBeVisible();
    for (const path of [`/transparency/reports/${slug}`, `/transparency/reports/${slug}/v/1`, `/transparency/reports/${slug}/v/2`]) {
      await scanPage.goto(path);
      await axe.expectNoAxeViolations(scanPage);
    }
    expect((await request.get(`/transparency/reports/${slug}/v/1/${language}.pdf`)).status()).toBe(200);
    expect((await request.get(`/transparency/reports/${slug}/v/2/${language}.pdf`)).status()).toBe(200);

    // A version that does not exist: a 404 page in the reader's language, with and without JavaScript.
    const missing = await plainPage.goto(`/transparency/reports/${slug}/v/3`);
    expect(missing!.status()).toBe(404);
    await expect(plainPage.getByRole("heading", { level: 1, name: errors("errors.notFoundTitle") })).toBeVisible();
    const malformed = await scanPage.goto(`/transparency/reports/${slug}/v/zero`);
    expect(malformed!.status()).toBe(400);
    await expect(scanPage.getByRole("heading", { level: 1, name: errors("errors.badRequestTitle") })).toBeVisible();
    await axe.expectNoAxeViolations(scanPage);
    for (const window of windows) await window.close();
  });
}
