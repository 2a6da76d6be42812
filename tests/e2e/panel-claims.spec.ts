// A panel member's honoraria and expenses (issue 59 item 3; ADR 152) in a real browser, on a phone: a member finds the
// page from their home page and claims travel expenses — in 日本語, やさしい日本語 and English, and once with JavaScript
// off — after an empty form is refused in words; staff approve a claim and mark it paid from their list. axe and the
// layout check on every page. Deadlines, races, other members' claims, mail and bad input are in
// tests/integration/panel-claims.test.ts.
import type { Page } from "@playwright/test";
import { submitPanelClaim } from "../../app/domain/panel-claims/index.server";
import { requestFrom } from "../factories/user-factory";
import { expect, test } from "./fixtures";
import { layoutProblems, layoutReport } from "./layout-check";
import { createUser, signInAs } from "./support/accounts";
import { budget } from "./support/budget";
import { useLanguage } from "./support/language";
import { phone } from "./support/viewports";
import { translator } from "./support/words";
import { walkedIn } from "./support/walked-in";

const languages = ["ja", "ja-easy", "en"] as const;
/** Yesterday in Japan, as a date input takes it. */
const yesterday = () => new Date(Date.now() - 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);

async function expectLayoutHolds(page: Page) {
  const problems = await layoutProblems(page);
  expect(problems, layoutReport(problems)).toEqual([]);
}

async function claimsTravel(page: Page, language: (typeof languages)[number], check: (page: Page) => Promise<void>) {
  const t = translator(language, "panel-claims");
  await page.goto("/home");
  await page.getByRole("link", { name: t("title") }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("title"));
  await expect(page.getByText(t("list.none"))).toBeVisible();
  await check(page);
  // Nothing filled in: refused in words beside the fields.
  await page.getByRole("button", { name: t("form.submit") }).click();
  await expect(page.locator("[id$='kind-error']").first()).toBeVisible();
  await expect(page.locator("[id$='description-error']").first()).toBeVisible();
  await check(page);
  await page.getByLabel(t("form.kind")).selectOption("travel");
  await page.getByLabel(t("form.amount")).fill("１２８０");
  await page.getByLabel(t("form.occurredOn")).fill(yesterday());
  await page.getByLabel(t("form.description")).fill("パネル会議（東京）横浜から電車で往復");
  await page.getByRole("button", { name: t("form.submit") }).click();
  await expect(page.getByTestId("claim-saved")).toHaveText(t("saved.claimed"));
  const claim = page.getByTestId("panel-claims").locator("li").first();
  await expect(claim).toHaveAttribute("data-state", "submitted");
  await expect(claim.getByTestId("claim-state")).toHaveText(t("states.submitted"));
  await expect(claim.getByRole("heading", { level: 3 })).toContainText(t("amount", { amount: "1,280" }));
  await check(page);
}

test.describe("on a phone", () => {
  test.use({ viewport: phone });
  for (const language of walkedIn("en")) {
    test(`[panel_member, ${language}] claims travel expenses`, async ({ page, context, axe }) => {
      test.setTimeout(budget(60_000));
      await signInAs(context, await createUser({ role: "panel_member" }));
      await useLanguage(context, language);
      await claimsTravel(page, language, async (current) => {
        await axe.expectNoAxeViolations(current);
        await expectLayoutHolds(current);
      });
    });
  }
  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });
    test("[panel_member, ja-easy] claims travel expenses", async ({ page, context }) => {
      test.setTimeout(budget(60_000));
      await signInAs(context, await createUser({ role: "panel_member" }));
      await useLanguage(context, "ja-easy");
      await claimsTravel(page, "ja-easy", expectLayoutHolds);
    });
  });

  test("[ELSI staff] approves a claim and marks it paid, the lists read in three languages", async ({ page, context, axe }) => {
    test.setTimeout(budget(60_000));
    const panelMember = await createUser({ role: "panel_member" });
    const { id } = await submitPanelClaim({ memberUserId: panelMember.id, input: { kind: "honorarium_meeting", occurredOn: yesterday(), description: "第3回 参加者パネル会議" }, request: requestFrom() });
    await signInAs(context, await createUser({ role: "elsi_staff", withTotp: true }));
    for (const language of languages) {
      const t = translator(language, "panel-claims");
      await useLanguage(context, language);
      await page.goto("/staff/panel-claims");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("staff.title"));
      await expect(page.getByTestId("claims-waiting").locator(`tr[data-claim-id="${id}"]`)).toBeVisible();
      await axe.expectNoAxeViolations(page);
      await expectLayoutHolds(page);
    }
    const t = translator("en", "panel-claims");
    await page.getByTestId("claims-waiting").locator(`tr[data-claim-id="${id}"]`).getByRole("button", { name: t("staff.approve") }).click();
    await expect(page.getByRole("status")).toHaveText(t("staff.saved.approve"));
    const unpaid = page.getByTestId("claims-unpaid").locator(`tr[data-claim-id="${id}"]`);
    await unpaid.getByLabel(t("staff.paymentReference")).fill("FB-2026-0101");
    await unpaid.getByRole("button", { name: t("staff.pay") }).click();
    await expect(page.getByRole("status")).toHaveText(t("staff.saved.pay"));
    await expect(page.getByTestId("claims-finished").locator(`tr[data-claim-id="${id}"]`)).toContainText(t("states.paid"));
    await axe.expectNoAxeViolations(page);
    await expectLayoutHolds(page);
  });
});
