// The consultation staff pages (issue 28; ADR 059) in the browser, one short walk per language: in ja, ELSI staff
// draft a consultation in three languages with one question and publish it; in en, a moderator reads a pending
// answer redacted with its personal-data flag named and hides it with a reason; in ja-easy, the list and the editor
// load; in en (one language, ADR 174), staff read a closed consultation's figures (its closing release, ADR 115), add a theme, tick it
// on an answer and count the themes again. axe on every page. Refusals, races and bad input are in tests/integration/consultation-staff.test.ts.
import { getDatabase } from "../../app/db.server";
import { countConsultationAudience } from "../../app/domain/consultations/count-consultation-audience.server";
import { submitConsultationResponse } from "../../app/domain/consultations/submit-consultation-response.server";
import { createPublishedConsultation } from "../factories/consultation-factory";
import { requestFrom } from "../factories/user-factory";
import { createUser, signInAs } from "./support/accounts";
import { useLanguage } from "./support/language";
import { onPage, translator } from "./support/words";
import { expect, test } from "./fixtures";
import { walkedIn } from "./support/walked-in";

const languages = ["ja", "ja-easy", "en"] as const;
/** Japan time as a datetime-local input takes it. */
const japanLocal = (date: Date) => new Date(date.getTime() + 9 * 3_600_000).toISOString().slice(0, 16);
/** The editor's field ids (consultation-editor.tsx): the field's name with every other character a dash. */
const field = (name: string) => `#f-${name.replace(/[^a-zA-Z0-9-]/g, "-")}`;

test("[ELSI staff] drafts a consultation in three languages and publishes it (ja)", async ({ page, context, axe }) => {
  const t = translator("ja", "consultation-admin");
  const staff = await createUser({ role: "elsi_staff", withTotp: true });
  await signInAs(context, staff);
  await useLanguage(context, "ja");

  await page.goto("/staff/consultations");
  await expect(page.getByRole("heading", { level: 1, name: t("list.title") })).toBeVisible();
  await axe.expectNoAxeViolations();
  await page.getByRole("link", { name: t("list.new") }).click();
  await expect(page.getByRole("heading", { level: 1, name: t("new.title") })).toBeVisible();
  await axe.expectNoAxeViolations();

  const words = { ja: ["企業利用への意見", "ご意見をお聞かせください。", "賛成ですか。", "はい", "いいえ"], "ja-easy": ["会社が 使う こと", "考えを 教えて ください。", "さんせい ですか。", "はい", "いいえ"], en: ["Companies' use", "Tell us what you think.", "Do you agree?", "Yes", "No"] };
  for (const language of languages) {
    const [title, summary, prompt, yes, no] = words[language];
    await page.locator(field(`title.${language}`)).fill(title!);
    await page.locator(field(`summary.${language}`)).fill(summary!);
    await page.locator(field(`questions[0].prompt.${language}`)).fill(prompt!);
    await page.locator(field(`questions[0].options[0].label.${language}`)).fill(yes!);
    await page.locator(field(`questions[0].options[1].label.${language}`)).fill(no!);
  }
  await page.getByRole("checkbox", { name: t("audiences.participants"), exact: true }).check();
  await page.locator(field("opensAt")).fill(japanLocal(new Date(Date.now() - 3_600_000)));
  await page.locator(field("closesAt")).fill(japanLocal(new Date(Date.now() + 14 * 86_400_000)));
  await page.locator(field("questions[0].kind")).selectOption("single_choice");
  await page.getByRole("button", { name: t("new.submit") }).click();
  await expect(page.getByRole("status")).toContainText(t("editor.notices.created"));
  await expect(page.getByTestId("consultation-status")).toHaveText(t("status.draft"));
  // The saved question, and a new empty slot after it.
  await expect(page.locator(field("questions[0].prompt.en"))).toHaveValue("Do you agree?");
  await expect(page.locator(field("questions[1].kind"))).toHaveValue("");
  await axe.expectNoAxeViolations();

  // The box states how many accounts it asks: every participant of this world (issue 29 item 6).
  const { accounts } = await countConsultationAudience({ audiences: ["participants"], allowsProxy: false });
  expect(accounts).toBeGreaterThan(0);
  await page.getByLabel(t("editor.publishConfirm_other", { count: accounts })).check();
  await page.getByRole("button", { name: t("editor.publish") }).click();
  await expect(page.getByRole("status")).toContainText(t("editor.notices.published"));
  await expect(page.getByTestId("consultation-status")).toHaveText(t("status.open"));
  await axe.expectNoAxeViolations();
});

test("[ELSI staff] hides a pending answer with a reason, reading it redacted (en)", async ({ page, context, axe }) => {
  const t = translator("en", "consultation-admin");
  const consultation = await createPublishedConsultation();
  const [single, multiple, scale, ranked, freeText] = consultation.questionIds;
  const participant = await createUser({ role: "participant", password: null });
  const { responseId } = await submitConsultationResponse({
    consultationId: consultation.id,
    responder: { kind: "account", userId: participant.id, roles: ["participant"] },
    answers: { [single!]: "yes", [multiple!]: ["audit"], [scale!]: "3", [ranked!]: ["a"], [freeText!]: "Write to me at hanako@example.jp about this." },
    request: requestFrom(),
  });
  const staff = await createUser({ role: "elsi_staff", withTotp: true });
  await signInAs(context, staff);
  await useLanguage(context, "en");

  await page.goto(`/staff/consultations/${consultation.id}/moderation`);
  await expect(page.getByRole("heading", { level: 1, name: t("moderation.title") })).toBeVisible();
  const item = page.getByTestId("moderation-item");
  await expect(item).toHaveCount(1);
  await expect(item.getByTestId("flags")).toHaveText(t("personalData.email"));
  await expect(item.getByTestId("redacted-text")).not.toContainText("hanako@example.jp");
  await axe.expectNoAxeViolations();

  await item.getByLabel(t("moderation.reason")).fill("Asks for personal contact, not a view on the question.");
  await item.getByRole("button", { name: t("moderation.hide") }).click();
  await expect(page.getByRole("status")).toContainText(t("moderation.notices.hidden"));
  await expect(page.getByText(t("moderation.empty"))).toBeVisible();
  await axe.expectNoAxeViolations();
  const stored = await getDatabase().consultationAnswerText.findFirstOrThrow({ where: { responseId } });
  expect(stored.moderation).toBe("hidden");
});

test("[ELSI staff] the list and the editor read in easy Japanese (ja-easy)", async ({ page, context, axe }) => {
  const t = translator("ja-easy", "consultation-admin");
  const staff = await createUser({ role: "elsi_staff", withTotp: true });
  await signInAs(context, staff);
  await useLanguage(context, "ja-easy");
  await page.goto("/staff/consultations");
  await expect(page.getByRole("heading", { level: 1, name: t("list.title") })).toBeVisible();
  await axe.expectNoAxeViolations();
  await page.goto("/staff/consultations/new");
  await expect(page.getByRole("heading", { level: 1, name: t("new.title") })).toBeVisible();
  await axe.expectNoAxeViolations();
});

/**
 * A consultation that closed an hour ago with twelve public answers given the day before, each with a free-text view
 * (issue 28 item 4): its figures are the closing release (ADR 115).
 */
async function answeredConsultation() {
  const { newResponderToken } = await import("../../app/domain/consultations/responder-key.server");
  const day = 24 * 3_600_000;
  const consultation = await createPublishedConsultation({ audiences: ["participants", "public"], opensAt: new Date(Date.now() - 3 * day), closesAt: new Date(Date.now() - 3_600_000) });
  const [single, , scale, , freeText] = consultation.questionIds;
  for (let index = 0; index < 12; index++) {
    await submitConsultationResponse({
      consultationId: consultation.id,
      responder: { kind: "public", browserToken: newResponderToken() },
      answers: { [single!]: index % 4 === 0 ? "no" : "yes", [scale!]: String(1 + (index % 5)), [freeText!]: `The cost of the programme should be explained. (${index})` },
      request: { ...requestFrom(), now: new Date(Date.now() - day) },
    });
  }
  return consultation;
}

for (const language of walkedIn("en")) {
  test(`[ELSI staff] reads the closing release with its charts, adds a theme, gives it to an answer and counts the themes again (${language})`, async ({ page, context, axe }) => {
    const t = translator(language, "consultation-admin");
    const consultation = await answeredConsultation();
    const staff = await createUser({ role: "elsi_staff", withTotp: true });
    await signInAs(context, staff);
    await useLanguage(context, language);

    await page.goto(`/staff/consultations/${consultation.id}/analysis`);
    await expect(page.getByRole("heading", { level: 1, name: t("analysis.title") })).toBeVisible();
    // The closing release: a chart per choice question, drawn as SVG with its title; "<10" in words where a count is
    // small; the twelve answers, all without an account, counted with the participants' none and so not told apart.
    await expect(page.getByTestId("analysis-release")).toBeVisible();
    await expect(page.getByTestId("analysis-question")).toHaveCount(5);
    await expect(page.locator("svg[role=img]").first()).toBeVisible();
    await expect(page.getByTestId("question-1-answers-table")).toContainText("<10");
    await expect(page.getByTestId("analysis-without-account")).toBeVisible();
    await expect(page.getByText(t("analysis.noThemes"))).toBeVisible();
    await axe.expectNoAxeViolations();

    await page.getByLabel(t("analysis.themeLabel.ja")).fill("費用");
    await page.getByLabel(t("analysis.themeLabel.ja-easy")).fill("お金");
    await page.getByLabel(t("analysis.themeLabel.en")).fill("Cost");
    await page.getByRole("button", { name: t("analysis.addThemeSubmit") }).click();
    await expect(page.getByRole("status")).toContainText(t("analysis.themeAdded"));
    // Released figures do not move by themselves: the new theme waits to be counted.
    await expect(page.getByText(t("analysis.themesNotReleased"))).toBeVisible();
    await axe.expectNoAxeViolations();

    await page.goto(`/staff/consultations/${consultation.id}/moderation`);
    const item = page.getByTestId("moderation-item").first();
    // Staff's own words are read in やさしい日本語 too (ADR 123): the theme's name carries its reading.
    const themeName = onPage(language, language === "en" ? "Cost" : language === "ja" ? "費用" : "お金");
    await item.getByRole("checkbox", { name: themeName }).check();
    await item.getByRole("button", { name: t("moderation.saveThemes") }).click();
    await expect(page.getByRole("status")).toContainText(t("moderation.notices.themes"));
    await expect(page.getByTestId("moderation-item").first().getByRole("checkbox", { name: themeName })).toBeChecked();
    await axe.expectNoAxeViolations();
    expect(await getDatabase().consultationAnswerTheme.count({ where: { theme: { consultationId: consultation.id } } })).toBe(1);

    // After the close, staff count the themes again: a release of its own, every other figure as at the close.
    await page.goto(`/staff/consultations/${consultation.id}/analysis`);
    await page.getByRole("button", { name: t("analysis.recountSubmit") }).click();
    await expect(page.getByRole("status")).toContainText(t("analysis.themesCounted"));
    await expect(page.getByTestId("themes-table")).toBeVisible();
    await axe.expectNoAxeViolations();

    // The download carries the same protected numbers.
    const csv = await page.request.get(`/staff/consultations/${consultation.id}/analysis.csv`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain(",themes,");
  });
}
