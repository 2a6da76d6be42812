// How consent felt (issue 59 item 4; ADR 149) in a real browser, on a phone: a participant asked two weeks after
// signing finds the card on /consent and answers the four statements and a comment — in 日本語, やさしい日本語 and English, and once with JavaScript
// off — and their coordinator reads "<10" for their facility and approves the comment. axe and the layout check on
// every page. Who is asked (the daily job), once, and never after a withdrawal or a death is in tests/integration/consent-survey.test.ts.
import type { Page } from "@playwright/test";
import { getDatabase } from "../../app/db.server";
import { consentedParticipant } from "./dashboard-fixtures";
import { expect, test } from "./fixtures";
import { layoutProblems, layoutReport } from "./layout-check";
import { createUser, signInAs } from "./support/accounts";
import { budget } from "./support/budget";
import { useLanguage } from "./support/language";
import { phone } from "./support/viewports";
import { translator } from "./support/words";
import { walkedIn } from "./support/walked-in";

const languages = ["ja", "ja-easy", "en"] as const;

async function expectLayoutHolds(page: Page) {
  const problems = await layoutProblems(page);
  expect(problems, layoutReport(problems)).toEqual([]);
}

async function answers(
  page: Page,
  language: (typeof languages)[number],
  check: (page: Page) => Promise<void>,
) {
  const t = translator(language, "surveys");
  // The way in a participant meets on their own: the card on /consent (the mail's link is the page's address).
  await page.goto("/consent");
  const card = page.getByTestId("survey-card");
  await expect(card.getByRole("heading", { level: 2 })).toHaveText(t("card.heading"));
  await check(page);
  await card.getByRole("link", { name: t("card.open") }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("title"));
  await check(page);
  // Nothing chosen: refused in words beside each statement.
  await page.getByRole("button", { name: t("submit") }).click();
  await expect(page.locator("[id$='understood-error']").first()).toBeVisible();
  for (const question of [
    "understood",
    "enoughTime",
    "freeToDecline",
    "clear",
  ] as const) {
    // "Agree" by its value: in やさしい日本語 its words are also inside "agree strongly".
    const agree = page
      .getByRole("group", { name: t(`questions.${question}`) })
      .locator('input[type="radio"][value="4"]');
    await expect(agree).toHaveAccessibleName(t("scale.4"));
    await agree.check();
  }
  await page.getByLabel(t("comment")).fill("説明がていねいでした。");
  await page.getByRole("button", { name: t("submit") }).click();
  await expect(page.getByTestId("survey-thanks")).toHaveText(t("thanks"));
  await expect(page.getByTestId("survey-standing")).toHaveAttribute(
    "data-standing",
    "answered",
  );
  await check(page);
}

/** A participant the daily job has asked (its row as the job writes it: the job itself, run here, would ask the whole demo cohort). */
async function askedParticipant(language: (typeof languages)[number]) {
  const participant = await consentedParticipant({ language });
  const { facilityId } = await getDatabase().participant.findUniqueOrThrow({
    where: { id: participant.id },
    select: { facilityId: true },
  });
  await getDatabase().consentSurvey.create({
    data: {
      participantId: participant.id,
      facilityId,
      language: language === "ja-easy" ? "ja_easy" : language,
      invitedAt: new Date(),
    },
  });
  return participant;
}

test.describe("on a phone", () => {
  test.use({ viewport: phone });
  for (const language of walkedIn("ja")) {
    test(`[participant, ${language}] says how consent felt`, async ({
      page,
      context,
      axe,
    }) => {
      test.setTimeout(budget(60_000));
      const participant = await askedParticipant(language);
      await signInAs(context, participant.user!);
      await useLanguage(context, language);
      await answers(page, language, async (current) => {
        await axe.expectNoAxeViolations(current);
        await expectLayoutHolds(current);
      });
    });
  }
  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });
    test("[participant, ja-easy] says how consent felt", async ({
      page,
      context,
    }) => {
      test.setTimeout(budget(60_000));
      const participant = await askedParticipant("ja-easy");
      await signInAs(context, participant.user!);
      await useLanguage(context, "ja-easy");
      await answers(page, "ja-easy", expectLayoutHolds);
    });
  });
});

test("[coordinator] reads the facility's answers as <10 and approves a comment, in three languages", async ({
  page,
  context,
  axe,
}) => {
  test.setTimeout(budget(60_000));
  const participant = await askedParticipant("ja");
  await getDatabase().consentSurvey.update({
    where: { participantId: participant.id },
    data: {
      answeredAt: new Date(),
      understood: 5,
      enoughTime: 5,
      freeToDecline: 4,
      clear: 4,
      comment: "丁寧でした。",
      commentState: "pending",
    },
  });
  const { facilityId } = await getDatabase().participant.findUniqueOrThrow({
    where: { id: participant.id },
    select: { facilityId: true },
  });
  await signInAs(
    context,
    await createUser({
      role: "coordinator",
      withTotp: true,
      facilities: [facilityId],
    }),
  );
  for (const language of languages) {
    const t = translator(language, "surveys");
    await useLanguage(context, language);
    await page.goto("/staff/consent-survey");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      t("staff.title"),
    );
    await expect(
      page.getByTestId("survey-facility").first().getByRole("table"),
    ).toContainText("<10");
    await axe.expectNoAxeViolations(page);
  }
  await page
    .getByRole("button", { name: translator("en", "surveys")("staff.approve") })
    .first()
    .click();
  await expect(page.getByRole("status")).toHaveText(
    translator("en", "surveys")("staff.saved"),
  );
});
