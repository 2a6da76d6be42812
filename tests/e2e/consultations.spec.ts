// Consultations from the respondent's side (issue 28; ADR 059), one short walk per language with JavaScript on and
// off: a participant (ja, JavaScript) answers every kind of question, sees the receipt and withdraws; the public
// (やさしい日本語, no JavaScript) is told which answer is missing, then answers and sees the receipt; a family member
// (en, JavaScript) answers and sees the receipt; a participant (en, no JavaScript) answers, changes an answer and
// withdraws. axe wherever JavaScript runs. Refusals, the cookie, the rate limit and
// who sees what are in tests/integration/consultation-pages.test.ts.
import type { Page } from "@playwright/test";
import { getDatabase } from "../../app/db.server";
import { createPublishedConsultation, type CreatedConsultation } from "../factories/consultation-factory";
import { createUser, signInAs } from "./support/accounts";
import { useLanguage } from "./support/language";
import { translator } from "./support/words";
import { expect, test } from "./fixtures";

const receiptPattern = /^[2-9A-Z]{5}-[2-9A-Z]{5}$/;

async function answerEverything(page: Page, consultation: CreatedConsultation) {
  const [single, multiple, scale, ranked, text] = consultation.questionIds as [string, string, string, string, string];
  await page.locator(`#q-${single}-yes`).check();
  await page.locator(`#q-${multiple}-privacy`).check();
  await page.locator(`#q-${multiple}-audit`).check();
  await page.locator(`#q-${scale}-4`).check();
  await page.locator(`#q-${ranked}-0`).selectOption("b");
  await page.locator(`#q-${ranked}-1`).selectOption("a");
  await page.locator(`#q-${text}`).fill("説明会をもっと開いてほしいです。");
}

const responses = (consultation: CreatedConsultation) => getDatabase().consultationResponse.findMany({ where: { consultationId: consultation.id } });

test.describe("with JavaScript", () => {
  test("[participant] answers a consultation, sees the receipt and withdraws (ja)", async ({ page, context, axe }) => {
    const t = translator("ja", "consultations");
    const consultation = await createPublishedConsultation({ audiences: ["participants", "families", "public"] });
    await useLanguage(context, "ja");
    await signInAs(context, await createUser({ role: "participant" }));

    await page.goto("/consultations");
    await expect(page.getByRole("heading", { level: 1, name: t("list.title") })).toBeVisible();
    await axe.expectNoAxeViolations();
    await page.locator(`a[href="/consultations/${consultation.id}"]`).click();
    await expect(page.getByText(t("detail.answeringAs.participants"))).toBeVisible();
    await axe.expectNoAxeViolations();

    await answerEverything(page, consultation);
    await page.getByRole("button", { name: t("form.submit") }).click();
    await expect(page).toHaveURL(new RegExp(`/consultations/${consultation.id}\\?answered=submitted$`));
    await expect(page.getByTestId("receipt")).toContainText(t("receipt.heading"));
    await expect(page.getByTestId("receipt-code")).toHaveText(receiptPattern);
    // The answers come back filled in, to change until the close.
    await expect(page.locator(`#q-${consultation.questionIds[0]}-yes`)).toBeChecked();
    await axe.expectNoAxeViolations();
    // The list says it is answered.
    await page.goto("/consultations");
    await expect(page.locator("li", { has: page.locator(`a[href="/consultations/${consultation.id}"]`) }).getByTestId("answered-badge")).toHaveText(t("list.answered"));
    await page.goto(`/consultations/${consultation.id}`);

    await page.getByRole("link", { name: t("withdraw.start") }).click();
    await expect(page.getByRole("heading", { name: t("withdraw.heading") })).toBeVisible();
    await axe.expectNoAxeViolations();
    await page.getByRole("button", { name: t("withdraw.submit") }).click();
    await expect(page.getByTestId("withdrawn-notice")).toHaveText(t("detail.withdrawn"));
    expect((await responses(consultation)).map((row) => row.withdrawnAt !== null)).toEqual([true]);
  });

  test("[family] answers a consultation and sees the receipt (en)", async ({ page, context, axe }) => {
    const t = translator("en", "consultations");
    const consultation = await createPublishedConsultation({ audiences: ["participants", "families", "public"] });
    await useLanguage(context, "en");
    await signInAs(context, await createUser({ role: "family" }));

    await page.goto(`/consultations/${consultation.id}`);
    await expect(page.getByText(t("detail.answeringAs.families"))).toBeVisible();
    await answerEverything(page, consultation);
    await page.getByRole("button", { name: t("form.submit") }).click();
    await expect(page.getByTestId("receipt")).toContainText(t("receipt.heading"));
    await expect(page.getByTestId("receipt-code")).toHaveText(receiptPattern);
    await expect(page.getByTestId("receipt")).toContainText(t("receipt.until"));
    await axe.expectNoAxeViolations();
    expect(await responses(consultation)).toEqual([expect.objectContaining({ capacity: "families", withdrawnAt: null })]);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("[participant] answers with their account, changes an answer and withdraws, all without JavaScript (en)", async ({ page, context }) => {
    const t = translator("en", "consultations");
    const consultation = await createPublishedConsultation({ audiences: ["participants", "public"] });
    const participant = await createUser({ role: "participant" });
    await useLanguage(context, "en");
    await signInAs(context, participant);

    await page.goto(`/consultations/${consultation.id}`);
    await expect(page.getByText(t("detail.answeringAs.participants"))).toBeVisible();
    await answerEverything(page, consultation);
    await page.locator('button[name="intent"][value="answer"]').click();
    await expect(page).toHaveURL(new RegExp(`/consultations/${consultation.id}\\?answered=submitted$`));
    await expect(page.getByTestId("receipt-code")).toHaveText(receiptPattern);
    expect(await responses(consultation)).toEqual([expect.objectContaining({ capacity: "participants", userId: participant.id, withdrawnAt: null })]);

    // Changed until the close: the same response, edited.
    await page.locator(`#q-${consultation.questionIds[0]}-no`).check();
    await page.locator('button[name="intent"][value="answer"]').click();
    await expect(page).toHaveURL(new RegExp(`/consultations/${consultation.id}\\?answered=edited$`));
    await expect(page.getByTestId("receipt")).toContainText(t("receipt.editedHeading"));
    const [edited] = await responses(consultation);
    expect(edited).toMatchObject({ version: 2 });
    expect((edited!.answers as Record<string, unknown>)[consultation.questionIds[0]!]).toBe("no");

    await page.getByRole("link", { name: t("withdraw.start") }).click();
    await page.locator('button[name="intent"][value="withdraw"]').click();
    await expect(page.getByTestId("withdrawn-notice")).toHaveText(t("detail.withdrawn"));
    expect((await responses(consultation)).map((row) => row.withdrawnAt !== null)).toEqual([true]);
  });

  test("[public] is told which answer is missing, answers and sees the receipt (ja-easy)", async ({ page, context }) => {
    const t = translator("ja-easy", "consultations");
    const consultation = await createPublishedConsultation({ audiences: ["participants", "families", "public"] });
    await useLanguage(context, "ja-easy");

    await page.goto(`/consultations/${consultation.id}`);
    await expect(page.getByText(t("detail.answeringAs.public"))).toBeVisible();
    // Nothing chosen: the required question says so, beside it, and nothing is kept.
    await page.locator('button[name="intent"][value="answer"]').click();
    await expect(page.getByTestId("question-error")).toHaveText(t("issues.required", {}, { exact: true }));
    expect(await responses(consultation)).toHaveLength(0);

    await answerEverything(page, consultation);
    await page.locator('button[name="intent"][value="answer"]').click();
    await expect(page).toHaveURL(new RegExp(`/consultations/${consultation.id}\\?answered=submitted$`));
    await expect(page.getByTestId("receipt-code")).toHaveText(receiptPattern);
    const cookie = (await context.cookies()).find((entry) => entry.name.endsWith("tsunagi_responder"));
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/consultations" });
    expect(await responses(consultation)).toEqual([expect.objectContaining({ capacity: "public", userId: null })]);
  });
});
