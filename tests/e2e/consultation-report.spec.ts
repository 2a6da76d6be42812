// "You said, we did" in the browser (issue 28 item 5; ADR 063), one short walk per language: in ja and en, ELSI staff
// write a closed consultation's report (summary, a theme's text, a quotation, a decision) and publish it, and the
// public reads it with its protected counts and the list of what became of each consultation; in やさしい日本語 the
// staff page of a reported consultation and the public report load, and without JavaScript the report and the list
// read the same. axe wherever JavaScript runs. Refusals, races and bad input are in
// tests/integration/consultation-report*.test.ts.
import { randomUUID } from "node:crypto";
import { getDatabase } from "../../app/db.server";
import { answerTextFingerprint } from "../../app/domain/consultations/answer-text-fingerprint.server";
import { createConsultationTheme } from "../../app/domain/consultations/create-consultation-theme.server";
import { moderateAnswerText } from "../../app/domain/consultations/moderate-answer-text.server";
import { newResponderToken } from "../../app/domain/consultations/responder-key.server";
import { setAnswerThemes } from "../../app/domain/consultations/set-answer-themes.server";
import { submitConsultationResponse } from "../../app/domain/consultations/submit-consultation-response.server";
import { createPublishedConsultation, createReportedConsultation } from "../factories/consultation-factory";
import { requestFrom } from "../factories/user-factory";
import { createUser, signInAs } from "./support/accounts";
import { useLanguage } from "./support/language";
import { onPage, translator } from "./support/words";
import { expect, test } from "./fixtures";
import { walkedIn } from "./support/walked-in";

const day = 24 * 3600_000;

/** A consultation that closed yesterday, with twelve public answers, each approved and given the theme "Cost". */
async function closedWithAnswers() {
  const consultation = await createPublishedConsultation({ audiences: ["participants", "public"], opensAt: new Date(Date.now() - 5 * day), closesAt: new Date(Date.now() - day) });
  const [single, , , , freeText] = consultation.questionIds;
  const staff = randomUUID();
  const theme = await createConsultationTheme({ consultationId: consultation.id, label: { ja: "費用", "ja-easy": "お金", en: "Cost" }, actorUserId: staff, request: requestFrom() });
  for (let index = 0; index < 12; index++) {
    const words = `The cost should be explained. (${index})`;
    const { responseId } = await submitConsultationResponse({
      consultationId: consultation.id,
      responder: { kind: "public", browserToken: newResponderToken() },
      answers: { [single!]: "yes", [freeText!]: words },
      request: { ...requestFrom(), now: new Date(Date.now() - 2 * day) },
    });
    await moderateAnswerText({ consultationId: consultation.id, responseId, questionId: freeText!, from: "pending", fingerprint: answerTextFingerprint(words), decision: { decision: "approved" }, actorUserId: staff, request: requestFrom() });
    await setAnswerThemes({ consultationId: consultation.id, responseId, questionId: freeText!, themeIds: [theme.id], actorUserId: staff, request: requestFrom() });
  }
  return consultation;
}

const texts = {
  ja: { summary: "多くの方が費用の説明を求めました。", said: "費用の説明が足りないという声でした。", decision: "費用を年次報告で公開します。", why: "多くの方が求めたためです。" },
  "ja-easy": { summary: "多くの 人が お金の 説明を もとめました。", said: "お金の 説明が 足りない という 声でした。", decision: "お金の ことを 毎年 知らせます。", why: "多くの 人が もとめたからです。" },
  en: { summary: "Many of you asked us to explain the costs.", said: "You said the costs were not explained.", decision: "We will publish the costs in the annual report.", why: "Most answers asked for it." },
} as const;
const languages = ["ja", "ja-easy", "en"] as const;

for (const language of walkedIn<"ja" | "en">("ja")) {
  test(`[ELSI staff] writes and publishes a "you said, we did" report, and the public reads it (${language})`, async ({ page, context, axe }) => {
    const t = translator(language, "consultation-admin");
    const pub = translator(language, "consultations");
    const consultation = await closedWithAnswers();
    const staff = await createUser({ role: "elsi_staff", withTotp: true });
    await signInAs(context, staff);
    await useLanguage(context, language);

    await page.goto(`/staff/consultations/${consultation.id}/report`);
    await expect(page.getByRole("heading", { level: 1, name: t("report.title") })).toBeVisible();
    await axe.expectNoAxeViolations();
    await page.getByLabel(t("report.startConfirm")).check();
    await page.getByRole("button", { name: t("report.start") }).click();
    await expect(page.getByRole("status")).toContainText(t("report.notices.started"));
    await expect(page.getByTestId("report-gaps")).toContainText(t("report.gaps.summary"));
    await axe.expectNoAxeViolations();

    // ja and en pages carry no readings, so the words are plain strings.
    const label = (key: string, lang: (typeof languages)[number]) => t(`report.${key}`, { language: t(`report.languages.${lang}`) as string });
    for (const lang of languages) await page.getByLabel(label("summaryLabel", lang)).fill(texts[lang].summary);
    await page.locator("#report-summary").getByRole("button", { name: t("report.save") }).click();
    // Each form carries the draft's token: wait for the page its save leads to before using the next.
    await expect(page).toHaveURL(/notice=saved&at=\d+#report-summary$/);
    await expect(page.getByTestId("report-gaps")).toHaveCount(0);

    for (const lang of languages) await page.getByLabel(label("saidLabel", lang)).fill(texts[lang].said);
    await page.locator("form[id^=theme-]").getByRole("button", { name: t("report.save") }).click();
    await expect(page).toHaveURL(/notice=saved&at=\d+#theme-/);
    await expect(page.getByRole("status")).toContainText(t("report.notices.saved"));

    await page.getByTestId("approved-answer").first().getByRole("button", { name: t("report.quote") }).click();
    await expect(page.getByRole("status")).toContainText(t("report.notices.quoted"));
    await expect(page.getByTestId("quoted-answer")).toHaveCount(1);

    const newDecision = page.getByRole("form", { name: t("report.newDecision") });
    for (const lang of languages) {
      await newDecision.getByLabel(label("decisionTextLabel", lang)).fill(texts[lang].decision);
      await newDecision.getByLabel(label("decisionReasonLabel", lang)).fill(texts[lang].why);
    }
    await newDecision.getByRole("button", { name: t("report.saveDecision") }).click();
    await expect(page.getByRole("status")).toContainText(t("report.notices.decisionSaved"));
    await expect(page.getByTestId("decision-state")).toHaveText(t("report.states.considered"));
    await axe.expectNoAxeViolations();

    await page.getByLabel(t("report.publishConfirm")).check();
    await page.getByRole("button", { name: t("report.publish") }).click();
    await expect(page.getByRole("status")).toContainText(t("report.notices.published"));
    await expect(page.getByTestId("published-version")).toHaveCount(1);
    await axe.expectNoAxeViolations();
    expect(await getDatabase().consultationReportVersion.count({ where: { consultationId: consultation.id, status: "published" } })).toBe(1);

    // The public report: this language's words, the quotation, the decision's state and the protected counts.
    await page.getByRole("link", { name: t("report.versionLabel", { version: 1 }) }).click();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByTestId("report-version")).toHaveText(pub("report.version", { version: 1 }));
    await expect(page.getByText(texts[language].summary)).toBeVisible();
    await expect(page.getByText(texts[language].said)).toBeVisible();
    await expect(page.getByTestId("report-quotation")).toHaveCount(1);
    await expect(page.getByTestId("report-decision-state")).toHaveText(t("report.states.considered"));
    await expect(page.getByTestId("responses-table")).toBeVisible();
    await axe.expectNoAxeViolations();

    await page.goto("/consultations/results");
    const outcome = page.getByTestId("consultation-outcome").filter({ has: page.locator(`a[href="/consultations/${consultation.id}/report"]`) });
    await expect(outcome.getByTestId("outcome-decisions")).toContainText(t("report.states.considered"));
    await axe.expectNoAxeViolations();
  });
}

test("[ELSI staff, public] a reported consultation's pages read in easy Japanese (ja-easy)", async ({ page, context, axe }) => {
  const t = translator("ja-easy", "consultation-admin");
  const consultation = await createReportedConsultation();
  const staff = await createUser({ role: "elsi_staff", withTotp: true });
  await signInAs(context, staff);
  await useLanguage(context, "ja-easy");
  await page.goto(`/staff/consultations/${consultation.id}/report`);
  await expect(page.getByTestId("published-version")).toHaveCount(1);
  await expect(page.getByRole("button", { name: t("report.correct") })).toBeVisible();
  await axe.expectNoAxeViolations();
  await page.goto(`/consultations/${consultation.id}/report`);
  await expect(page.getByTestId("report-decision")).toHaveCount(1);
  await axe.expectNoAxeViolations();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("[public] reads a report and what became of each consultation (ja-easy)", async ({ page, context }) => {
    const pub = translator("ja-easy", "consultations");
    const consultation = await createReportedConsultation({ audiences: ["panel"] });
    await useLanguage(context, "ja-easy");
    await page.goto("/consultations/results");
    await expect(page.getByRole("heading", { level: 1, name: pub("results.title") })).toBeVisible();
    await page.locator(`a[href="/consultations/${consultation.id}/report"]`).click();
    await expect(page.getByTestId("report-version")).toHaveText(pub("report.version", { version: 1 }));
    await expect(page.getByText(onPage("ja-easy", "たくさんの 人が、会社が 使う ときは きびしい 約束が いると 答えました。"))).toBeVisible();
    await expect(page.getByTestId("report-decision")).toHaveCount(1);
  });
});
