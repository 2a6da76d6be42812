// Public sessions (issue 59 item 5; ADR 148) in a real browser: anyone, signed out, on a phone, finds a session from
// the menu, registers with a name and an address, opens the manage link from the mailbox and gives the place up — in
// 日本語, やさしい日本語 and English, and once with JavaScript off; staff publish a session from their page. axe and the
// layout check on every page. Capacity under concurrent registrations, the waiting list, reminders and refusals are in
// tests/integration/briefings.test.ts.
import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { BriefingFieldsSchema } from "../../app/domain/briefings/index";
import { createBriefing } from "../../app/domain/briefings/index.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { requestFrom } from "../factories/user-factory";
import { expect, test } from "./fixtures";
import { layoutProblems, layoutReport } from "./layout-check";
import { createUser, signInAs } from "./support/accounts";
import { budget } from "./support/budget";
import { useLanguage } from "./support/language";
import { phone } from "./support/viewports";
import { translator } from "./support/words";
import { walkedIn } from "./support/walked-in";

const japanLocal = (hours: number) => new Date(Date.now() + (hours + 9) * 3_600_000).toISOString().slice(0, 16);

async function aSession() {
  const staff = await createUser({ role: "elsi_staff", password: null });
  const tag = randomUUID().slice(0, 6);
  const input = BriefingFieldsSchema.parse({
    kind: "briefing",
    format: "in_person",
    startsAt: japanLocal(96),
    endsAt: japanLocal(98),
    capacity: "30",
    place: "東京会場 3階 会議室",
    titleJa: `ゲノム医療の説明会 ${tag}`,
    titleJaEasy: `ゲノム医療の 説明会 ${tag}`,
    titleEn: `A briefing on genomic medicine ${tag}`,
    descriptionJa: "事業の説明と質疑応答です。",
    descriptionJaEasy: "研究の 説明と 質問の 時間です。",
    descriptionEn: "The programme explained, and your questions.",
  });
  return createBriefing({ input, actorUserId: staff.id, request: requestFrom() });
}

async function expectLayoutHolds(page: Page) {
  const problems = await layoutProblems(page);
  expect(problems, layoutReport(problems)).toEqual([]);
}

async function registersAndGivesUp(page: Page, language: "ja" | "ja-easy" | "en", check: (page: Page) => Promise<void>) {
  const t = translator(language, "briefings");
  const session = await aSession();
  await page.goto("/briefings");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("list.title"));
  await check(page);
  await page.locator(`a[href="/briefings/${session.id}"]`).click();
  await expect(page.getByTestId("places-left")).toHaveText(t("page.placesLeft_other", { count: 30 }));
  await check(page);
  await page.getByRole("button", { name: t("page.register"), exact: true }).click();
  await expect(page.locator("[id$='name-error']").first()).toBeVisible();
  const address = `briefing-${randomUUID().slice(0, 8)}@test.tsunagi.test`;
  await page.getByLabel(t("page.name")).fill("山田 花子");
  await page.getByLabel(t("page.email")).fill(address);
  await page.getByRole("button", { name: t("page.register"), exact: true }).click();
  await expect(page.getByTestId("registered")).toHaveText(t("page.done.registered"));
  await check(page);

  const [mail] = await listCapturedMail({ to: address, limit: 1 });
  expect(mail!.attachments?.map((file) => file.filename)).toEqual(["tsunagi-briefing.ics"]);
  await page.goto(/\/briefings\/registrations\/[0-9a-f-]{36}\?t=[0-9a-f]{64}/.exec(mail!.text)![0]);
  await expect(page.getByTestId("registration-state")).toHaveAttribute("data-state", "registered");
  await check(page);
  await page.getByRole("button", { name: t("registration.cancel") }).click();
  await expect(page.getByTestId("registration-state")).toHaveAttribute("data-state", "cancelled");
  await expect(page.getByTestId("registration-state")).toHaveText(t("registration.states.cancelled"));
  await check(page);
}

test.describe("on a phone", () => {
  test.use({ viewport: phone });
  for (const language of walkedIn("en")) {
    test(`[public, ${language}] registers for a session, and gives the place up from the mailed link`, async ({ page, context, axe }) => {
      test.setTimeout(budget(60_000));
      await useLanguage(context, language);
      await registersAndGivesUp(page, language, async (current) => {
        await axe.expectNoAxeViolations(current);
        await expectLayoutHolds(current);
      });
    });
  }

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });
    test("[public, ja-easy] registers for a session, and gives the place up from the mailed link", async ({ page, context }) => {
      test.setTimeout(budget(60_000));
      await useLanguage(context, "ja-easy");
      await registersAndGivesUp(page, "ja-easy", expectLayoutHolds);
    });
  });
});

async function learns(page: Page, language: "ja" | "ja-easy" | "en", check: (page: Page) => Promise<void>) {
  const t = translator(language, "learning");
  await page.goto("/briefings");
  await page.getByRole("link", { name: translator(language, "briefings")("list.learn") }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("public.title"));
  await check(page);
  await page.getByRole("link", { name: t("modules.programme.title") }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("modules.programme.title"));
  // The self-check is a GET form: feedback from the query, nothing stored, no account.
  await page.getByRole("radio", { name: t("modules.programme.questions.q1.options.b") }).check();
  await page.getByRole("button", { name: t("check.submit") }).click();
  await expect(page.getByTestId("feedback-q1")).toContainText(t("check.correct"));
  await check(page);
}

test.describe("learning, on a phone", () => {
  test.use({ viewport: phone });
  test("[public] reads the panel's modules without an account, in three languages", async ({ page, context, axe }) => {
    test.setTimeout(budget(60_000));
    for (const language of ["ja", "ja-easy", "en"] as const) {
      await useLanguage(context, language);
      await learns(page, language, async (current) => {
        await axe.expectNoAxeViolations(current);
        await expectLayoutHolds(current);
      });
    }
  });
  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });
    test("[public, ja-easy] reads a module and checks an answer", async ({ page, context }) => {
      await useLanguage(context, "ja-easy");
      await learns(page, "ja-easy", expectLayoutHolds);
    });
  });
});

test("[ELSI staff] publishes a session and sees it with its registrations, in three languages", async ({ page, context, axe }) => {
  test.setTimeout(budget(60_000));
  await signInAs(context, await createUser({ role: "elsi_staff", withTotp: true }));
  for (const language of ["ja", "ja-easy", "en"] as const) {
    const t = translator(language, "briefings");
    await useLanguage(context, language);
    await page.goto("/staff/briefings");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("staff.title"));
    await axe.expectNoAxeViolations(page);
    if (language !== "en") continue;
    await page.getByLabel(t("staff.startsAt")).fill(japanLocal(200));
    await page.getByLabel(t("staff.endsAt")).fill(japanLocal(201));
    await page.getByLabel(t("staff.capacity")).fill("40");
    await page.getByLabel(t("staff.place")).fill("Osaka venue, 2F");
    await page.getByLabel(t("staff.titleJa")).fill("データ利用のセミナー");
    await page.getByLabel(t("staff.titleJaEasy")).fill("データの 使い方の セミナー");
    await page.getByLabel(t("staff.titleEn")).fill("A seminar on data use");
    await page.getByLabel(t("staff.descriptionJa")).fill("データ利用の説明です。");
    await page.getByLabel(t("staff.descriptionJaEasy")).fill("データの 使い方の 説明です。");
    await page.getByLabel(t("staff.descriptionEn")).fill("How data is used.");
    await page.getByRole("button", { name: t("staff.publish"), exact: true }).click();
    await expect(page.getByRole("status")).toHaveText(t("staff.saved.published"));
    await expect(page.getByText(t("staff.noRegistrations"))).toBeVisible();
    await axe.expectNoAxeViolations(page);
  }
});
