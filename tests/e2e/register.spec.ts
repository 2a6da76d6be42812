// The public register of approved data uses (issue 15 item 4; ADR 043) in the browser: a seeded approval is listed
// with its institution and applicant, and its page gives the purpose in words — in 日本語 and English, with and without
// JavaScript, axe on every page; the footer links to it; a やさしい日本語 reader gets the page too.
import { createApplicant, createApplication } from "../factories/data-access-factory";
import { e2eBaseUrl } from "./support/e2e-env";
import { useLanguage } from "./support/language";
import { plainTranslator } from "./support/words";
import { expect, test } from "./fixtures";
import { budget } from "./support/budget";

test("[public] finds an approved use in the register and reads its purpose in words, in ja and en, with and without JavaScript", async ({ browser, axe }) => {
  test.setTimeout(budget(180_000));
  const applicant = await createApplicant({ institution: "東京照合大学 ゲノム医科学研究所", displayName: "照合 花子" });
  const approved = await createApplication({
    applicant,
    content: {
      titleJa: "遺伝性腫瘍の解析手法の研究",
      titleEn: "Analysis methods for hereditary tumours",
      institutionEn: "Shogo Tokyo University, Institute of Genome Medicine",
      purposeCodes: ["DS", "MDS"],
      diseases: ["DOID:9256"],
      laySummaryJa: "遺伝性の大腸がんを見つける方法を研究します。",
      laySummaryEn: "We develop ways to find hereditary bowel cancer.",
    },
    approval: { outputs: "学会発表 1 件" },
  });
  const words = { ja: { ds: "疾患特異的研究", mds: "解析手法の開発研究", summary: "遺伝性の大腸がんを見つける方法を研究します。" }, en: { ds: "disease specific research", mds: "methods development research", summary: "We develop ways to find hereditary bowel cancer." } };

  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled, baseURL: e2eBaseUrl });
    const page = await context.newPage();
    for (const language of ["ja", "en"] as const) {
      const t = plainTranslator(language, "register");
      await useLanguage(context, language);
      await page.goto("/");
      await page.getByRole("contentinfo").getByRole("link", { name: t("common:footer.register") }).click();
      await expect(page.getByRole("heading", { level: 1, name: t("title") })).toBeVisible();
      const entry = page.locator(`[data-testid="register-entry"][data-reference="${approved.reference}"]`);
      // The title and institution in the reader's language (issue 29 item 7).
      await expect(entry).toContainText(language === "ja" ? "東京照合大学 ゲノム医科学研究所" : "Shogo Tokyo University, Institute of Genome Medicine");
      await expect(entry).toContainText("照合 花子");
      await expect(entry.getByTestId("register-status")).toHaveText(t("status.active"));
      await expect(entry.getByTestId("register-purpose")).toContainText(words[language].ds);
      await expect(entry.getByTestId("register-purpose")).toContainText(words[language].mds);
      if (javaScriptEnabled) await axe.expectNoAxeViolations(page);

      await entry.getByRole("link", { name: new RegExp(approved.reference) }).click();
      await expect(page.getByRole("heading", { level: 1 })).toContainText(language === "ja" ? "遺伝性腫瘍の解析手法の研究" : "Analysis methods for hereditary tumours");
      await expect(page.getByTestId("register-lay-summary")).toHaveText(words[language].summary);
      await expect(page.getByTestId("register-purpose")).toContainText(words[language].ds);
      await expect(page.getByTestId("register-purpose")).toContainText(words[language].mds);
      await expect(page.getByTestId("register-outputs")).toHaveText("学会発表 1 件");
      if (javaScriptEnabled) await axe.expectNoAxeViolations(page);
      await page.getByRole("link", { name: t("backToList") }).click();
      await expect(page.getByRole("heading", { level: 1, name: t("title") })).toBeVisible();
    }
    await context.close();
  }
});

test("[public] the register opens in やさしい日本語 and links its downloads", async ({ page, context, axe, request }) => {
  test.setTimeout(budget(120_000));
  await useLanguage(context, "ja-easy");
  const response = await page.goto("/register");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await axe.expectNoAxeViolations(page);
  for (const path of ["/register/entries.csv", "/register/entries.json", "/register/feed/ja", "/register/feed/en"]) {
    await expect(page.locator(`a[href="${path}"]`)).toHaveCount(1);
    expect((await request.get(path)).status()).toBe(200);
  }
});
