// Told when it moves (issue 59 item 2; ADR 147) in a real browser, on a phone: anyone, signed out, follows a decision
// of a published report by mail — the address, then the confirmation link from the mailbox, then the button — in
// 日本語, やさしい日本語 and English, and once with JavaScript off. axe and the layout check on every page. Who is told,
// how often and never twice is in tests/integration/decision-notices.test.ts.
import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { createReportedConsultation } from "../factories/consultation-factory";
import { expect, test } from "./fixtures";
import { layoutProblems, layoutReport } from "./layout-check";
import { budget } from "./support/budget";
import { useLanguage } from "./support/language";
import { phone } from "./support/viewports";
import { translator } from "./support/words";
import { walkedIn } from "./support/walked-in";

test.use({ viewport: phone });

async function expectLayoutHolds(page: Page) {
  const problems = await layoutProblems(page);
  expect(problems, layoutReport(problems)).toEqual([]);
}

async function follows(page: Page, language: "ja" | "ja-easy" | "en", check: (page: Page) => Promise<void>) {
  const t = translator(language, "consultations");
  const consultation = await createReportedConsultation();
  await page.goto(`/consultations/${consultation.id}/report`);
  await page.getByTestId("follow-decision").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("follow.title"));
  await check(page);
  // Nothing written: refused in words.
  await page.getByRole("button", { name: t("follow.submit"), exact: true }).click();
  await expect(page.locator("[id$='email-error']").first()).toBeVisible();
  const address = `follow-${randomUUID().slice(0, 8)}@test.tsunagi.test`;
  await page.getByLabel(t("follow.email")).fill(address);
  await page.getByRole("button", { name: t("follow.submit"), exact: true }).click();
  await expect(page.getByTestId("follow-sent")).toHaveText(t("follow.sent"));
  await check(page);

  // The confirmation link, from the mailbox the address's holder reads.
  const [mail] = await listCapturedMail({ to: address, limit: 1 });
  const link = /\/follow\/[0-9a-f-]{36}\?t=[0-9a-f]{64}/.exec(mail!.text)![0];
  await page.goto(link);
  await expect(page.getByTestId("follow-state")).toHaveAttribute("data-state", "waiting");
  await page.getByRole("button", { name: t("following.confirm") }).click();
  await expect(page.getByTestId("follow-state")).toHaveAttribute("data-state", "following");
  await expect(page.getByTestId("follow-state")).toHaveText(t("following.states.following"));
  await check(page);
}

for (const language of walkedIn("ja")) {
  test(`[public, ${language}] follows a decision by mail and confirms from the link`, async ({ page, context, axe }) => {
    test.setTimeout(budget(60_000));
    await useLanguage(context, language);
    await follows(page, language, async (current) => {
      await axe.expectNoAxeViolations(current);
      await expectLayoutHolds(current);
    });
  });
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("[public, ja-easy] follows a decision by mail and confirms from the link", async ({ page, context }) => {
    test.setTimeout(budget(60_000));
    await useLanguage(context, "ja-easy");
    await follows(page, "ja-easy", expectLayoutHolds);
  });
});
