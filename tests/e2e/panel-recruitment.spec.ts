// An open panel (issue 59 item 3; ADR 151) in a real browser, on a phone: anyone, signed out, finds the panel from the
// footer, reads the glossary, applies to an open call (refused in words first), and opens the application's page from
// the mailbox — in 日本語, やさしい日本語 and English, and once with JavaScript off; staff read a closed call's
// applications and decide one with a reason. axe and the layout check on every page. Who comes first, seats under
// concurrency, the panel role and refusals are in tests/integration/panel-recruitment.test.ts.
import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { getDatabase } from "../../app/db.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { PanelCallFieldsSchema } from "../../app/domain/panel-recruitment/index";
import { applyToPanelCall, createPanelCall } from "../../app/domain/panel-recruitment/index.server";
import { requestFrom } from "../factories/user-factory";
import { expect, test } from "./fixtures";
import { layoutProblems, layoutReport } from "./layout-check";
import { createUser, signInAs } from "./support/accounts";
import { budget } from "./support/budget";
import { useLanguage } from "./support/language";
import { phone } from "./support/viewports";
import { translator } from "./support/words";
import { walkedIn } from "./support/walked-in";

type Language = "ja" | "ja-easy" | "en";
const japanLocal = (hours: number) => new Date(Date.now() + (hours + 9) * 3_600_000).toISOString().slice(0, 16);

async function aCall() {
  const staff = await createUser({ role: "elsi_staff", password: null });
  const tag = randomUUID().slice(0, 6);
  const input = PanelCallFieldsSchema.parse({
    seats: "8",
    opensAt: japanLocal(-1),
    closesAt: japanLocal(24 * 20),
    titleJa: `参加者パネル委員の募集 ${tag}`,
    titleJaEasy: `参加者パネルの 委員の 募集 ${tag}`,
    titleEn: `Join the participant panel ${tag}`,
    descriptionJa: "年4回の会合と審査への参加をお願いします。",
    descriptionJaEasy: "1年に 4回 集まります。",
    descriptionEn: "Four meetings a year, and reviews.",
  });
  return { ...(await createPanelCall({ input, actorUserId: staff.id, request: requestFrom() })), tag };
}

async function expectLayoutHolds(page: Page) {
  const problems = await layoutProblems(page);
  expect(problems, layoutReport(problems)).toEqual([]);
}

async function applies(page: Page, language: Language, check: (page: Page) => Promise<void>) {
  const t = translator(language, "panel-calls");
  const call = await aCall();
  await page.goto("/");
  await page.getByRole("contentinfo").getByRole("link", { name: t("common:footer.joinPanel") }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("list.title"));
  await check(page);
  await page.getByRole("link", { name: t("list.glossary") }).click();
  await expect(page.getByTestId("glossary-term").first()).toBeVisible();
  await check(page);
  await page.goBack();
  await page.locator(`a[href="/join-the-panel/${call.id}"]`).click();
  await expect(page.getByTestId("call-state")).toHaveText(t("states.open"));
  await check(page);
  // Nothing filled in: refused in words beside the fields.
  await page.getByRole("button", { name: t("call.submit") }).click();
  await expect(page.locator("[id$='name-error']").first()).toBeVisible();
  await check(page);
  const address = `panel-${randomUUID().slice(0, 8)}@test.tsunagi.test`;
  await page.getByLabel(t("call.name")).fill("山田 花子");
  await page.getByLabel(t("call.email")).fill(address);
  await page.getByRole("group", { name: t("call.connection") }).locator('input[value="family"]').check();
  await page.getByRole("group", { name: t("call.diseaseArea") }).locator('input[value="rare_disease"]').check();
  await page.getByLabel(t("call.prefecture")).selectOption("27");
  await page.getByRole("group", { name: t("call.ageBand") }).locator('input[value="40_59"]').check();
  await page.getByLabel(t("call.motivation")).fill("娘の難病の経験を、次の家族のために役立てたいです。");
  await page.getByRole("button", { name: t("call.submit") }).click();
  await expect(page.getByTestId("application-sent")).toHaveText(t("call.sent"));
  await check(page);

  const [mail] = await listCapturedMail({ to: address, limit: 1 });
  await page.goto(/\/join-the-panel\/applications\/[0-9a-f-]{36}\?t=[0-9a-f]{64}/.exec(mail!.text)![0]);
  await expect(page.getByTestId("application-state")).toHaveAttribute("data-state", "received");
  await check(page);
  await page.getByRole("button", { name: t("application.withdraw") }).click();
  await expect(page.getByTestId("application-state")).toHaveAttribute("data-state", "withdrawn");
  await check(page);
}

test.describe("on a phone", () => {
  test.use({ viewport: phone });
  for (const language of walkedIn("ja")) {
    test(`[public, ${language}] applies to join the panel, and withdraws from the mailed link`, async ({ page, context, axe }) => {
      test.setTimeout(budget(60_000));
      await useLanguage(context, language);
      await applies(page, language, async (current) => {
        await axe.expectNoAxeViolations(current);
        await expectLayoutHolds(current);
      });
    });
  }

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });
    test("[public, ja-easy] applies to join the panel, and withdraws from the mailed link", async ({ page, context }) => {
      test.setTimeout(budget(60_000));
      await useLanguage(context, "ja-easy");
      await applies(page, "ja-easy", expectLayoutHolds);
    });
  });
});

test("[ELSI staff] reads a closed call's applications, participants and families first, and decides one with a reason, in three languages", async ({ page, context, axe }) => {
  test.setTimeout(budget(60_000));
  const call = await aCall();
  for (const [index, connection] of (["public", "family"] as const).entries()) {
    await applyToPanelCall({
      callId: call.id,
      input: { name: `応募 ${index}`, email: `staff-view-${call.tag}-${index}@test.tsunagi.test`, connection, diseaseArea: "cancer", prefecture: "13", ageBand: "60_74", motivation: "参加したいです。" },
      userId: null,
      roles: [],
      language: "ja",
      request: requestFrom(),
    });
  }
  await getDatabase().panelCall.update({ where: { id: call.id }, data: { closesAt: new Date(Date.now() - 60_000) } });
  await signInAs(context, await createUser({ role: "elsi_staff", withTotp: true }));
  for (const language of ["ja", "ja-easy", "en"] as const) {
    const t = translator(language, "panel-calls");
    await useLanguage(context, language);
    await page.goto("/staff/panel-calls");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("staff.title"));
    await axe.expectNoAxeViolations(page);
    await page.locator(`a[href="/staff/panel-calls/${call.id}"]`).click();
    // Families (as they say) before the public.
    await expect(page.getByTestId("staff-application").first().getByRole("heading", { level: 3 })).toHaveAccessibleName("応募 1");
    await axe.expectNoAxeViolations(page);
    await expectLayoutHolds(page);
  }
  const t = translator("en", "panel-calls");
  const first = page.getByTestId("staff-application").first();
  await first.locator('input[value="selected"]').check();
  await first.getByLabel(t("staff.reason")).fill("Your experience as a family member is what the panel needs.");
  await first.getByRole("button", { name: t("staff.decide") }).click();
  await expect(page.getByTestId("staff-application").first()).toHaveAttribute("data-state", "selected");
  await expect(page.getByTestId("staff-application").first().getByTestId("application-reason")).toContainText("Your experience as a family member");
});
