import { createUser, signInAs } from "./support/accounts";
import { onPage, withReadings } from "./support/words";
import { expect, test } from "./fixtures";
import { getDatabase } from "../../app/db.server";
import type { SupportedLanguage } from "../../app/i18n/languages";
import { takeCaseStep } from "../../app/domain/findings/take-case-step.server";
import { createFinding } from "../factories/finding-factory";
import { consentedParticipant } from "./dashboard-fixtures";
import { caseWalkedIn } from "./support/walked-in";

// Secondary findings (issue 13 item 4; ADR 034): a counsellor works a case from the queue to the disclosure, and the
// participant's consent page says only that the care team would like to talk, with the appointment; a participant who
// does not want to know never meets their finding anywhere — not in the queue, not on a page, not by its address.
// Each test first creates a consented participant (a real signature, PDF and mail) in a tsx child process.
test.describe.configure({ timeout: 240_000 });

interface Words {
  language: SupportedLanguage;
  switcher: string;
  open: (pseudonym: string) => string;
  toReturn: string;
  claim: string;
  schedule: string;
  at: string;
  mode: string;
  video: string;
  recordCounselling: string;
  recordDisclosure: string;
  date: string;
  attendees: string;
  understood: string;
  recorded: string;
  historyDisclosure: string;
  notice: string;
  talkAboutResult: string;
}

const ja: Words = {
  language: "ja",
  switcher: "日本語",
  open: (pseudonym) => `${pseudonym} の症例を開く`,
  toReturn: "返却予定",
  claim: "担当する",
  schedule: "予約する",
  at: "日時（日本時間）",
  mode: "方法",
  video: "ビデオ通話",
  recordCounselling: "カウンセリングを記録",
  recordDisclosure: "開示を記録",
  date: "日付",
  attendees: "同席者",
  understood: "理解された内容",
  recorded: "記録しました。",
  historyDisclosure: "開示記録",
  notice: "医療チームからお話ししたいことがあります",
  talkAboutResult: "医療チームから、結果についてお話ししたいことがあります。",
};
const cases: Words[] = [
  ja,
  { ...ja, language: "ja-easy", switcher: "やさしい日本語", notice: "病院の 人が あなたと 話したいと 思って います", talkAboutResult: "病院の 人が、検査の 結果に ついて あなたと 話したいと 思って います。" },
  {
    language: "en",
    switcher: "English",
    open: (pseudonym) => `Open case ${pseudonym}`,
    toReturn: "To return",
    claim: "Claim",
    schedule: "Schedule",
    at: "Date and time (Japan time)",
    mode: "How",
    video: "Video call",
    recordCounselling: "Record counselling",
    recordDisclosure: "Record disclosure",
    date: "Date",
    attendees: "Who attended",
    understood: "What was understood",
    recorded: "Recorded.",
    historyDisclosure: "Disclosure recorded",
    notice: "Your care team would like to talk with you",
    talkAboutResult: "Your care team would like to talk with you about a result.",
  },
];

for (const words of caseWalkedIn(cases, "ja")) {
  test(`[counsellor, ${words.language}] works a case from the queue to disclosure`, async ({ page, context, axe }) => {
    const seen = (text: string, options?: { exact?: boolean }) => onPage(words.language, text, options);
    const participant = await consentedParticipant({ language: words.language, choices: { "findings.secondary.hereditary_cancer": "want" } });
    const findingId = await createFinding(participant.id, "hereditary_cancer");
    const counsellor = await createUser({ role: "counsellor", withTotp: true });
    await signInAs(context, counsellor);

    await page.goto("/staff");
    if (words.language !== "ja") await page.getByRole("button", { name: seen(words.switcher, { exact: true }), exact: true }).click();
    await page.goto("/staff/findings");
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: seen(words.open(participant.pseudonym)) }) });
    await expect(row).toContainText(seen(words.toReturn));
    await axe.expectNoAxeViolations();

    await row.getByRole("link").click();
    await expect(page).toHaveURL(new RegExp(`/staff/findings/${findingId}$`));
    await expect(page.getByText("BRCA1", { exact: true })).toBeVisible();
    await axe.expectNoAxeViolations();

    await page.getByRole("button", { name: seen(words.claim, { exact: true }), exact: true }).click();
    await expect(page.getByRole("status")).toContainText(seen(words.recorded));
    // Claimed: not offered again; closing asks for a reason, and "disclosed" is not one before a disclosure (issue 29 item 6).
    await expect(page.getByRole("button", { name: seen(words.claim, { exact: true }), exact: true })).toHaveCount(0);
    const closeReason = page.locator('section[aria-labelledby="close-heading"] select[name="reason"]');
    await expect(closeReason).toHaveValue("");
    await expect(closeReason.locator('option[value="disclosed"]')).toHaveCount(0);
    await page.getByLabel(seen(words.at)).fill("2026-12-01T10:00");
    await page.getByLabel(seen(words.mode, { exact: true }), { exact: true }).selectOption({ label: words.video });
    await page.getByRole("button", { name: seen(words.schedule, { exact: true }), exact: true }).click();
    await expect(page.getByRole("status")).toContainText(seen(words.recorded));
    await axe.expectNoAxeViolations();

    const counselling = page.locator('section[aria-labelledby="record_counselling-heading"]');
    await counselling.getByLabel(seen(words.date)).fill("2026-12-01");
    await counselling.getByLabel(seen(words.attendees)).fill("本人と配偶者");
    await counselling.getByLabel(seen(words.understood)).fill("結果の意味を理解された");
    await counselling.getByRole("button", { name: seen(words.recordCounselling) }).click();
    await expect(page.getByRole("status")).toContainText(seen(words.recorded));

    const disclosure = page.locator('section[aria-labelledby="record_disclosure-heading"]');
    await disclosure.getByLabel(seen(words.date)).fill("2026-12-01");
    await disclosure.getByLabel(seen(words.attendees)).fill("本人");
    await disclosure.getByLabel(seen(words.understood)).fill("次の検査について理解された");
    await disclosure.getByRole("button", { name: seen(words.recordDisclosure) }).click();
    await expect(page.getByRole("status")).toContainText(seen(words.recorded));
    await expect(page.locator("ol li").filter({ hasText: seen(words.historyDisclosure) })).toHaveCount(1);
    await expect(closeReason.locator('option[value="disclosed"]')).toHaveCount(1);
    await axe.expectNoAxeViolations();

    const events = await getDatabase().findingCaseEvent.findMany({ where: { findingId }, orderBy: { seq: "asc" } });
    expect(events.map((event) => event.type)).toEqual(["claimed", "appointment_scheduled", "counselling_recorded", "disclosure_recorded"]);

    // The participant's page: that the care team would like to talk, and when — never the gene, variant or category.
    await context.clearCookies();
    await signInAs(context, participant.user!);
    await page.goto("/consent");
    if (words.language !== "ja") await page.getByRole("button", { name: seen(words.switcher, { exact: true }), exact: true }).click();
    const notice = page.getByTestId("care-team-notice");
    await expect(notice.getByRole("heading", { name: seen(words.notice) })).toBeVisible();
    await expect(notice).toContainText(seen(words.talkAboutResult));
    await expect(page.locator("main")).not.toContainText("BRCA1");
    await expect(page.locator("main")).not.toContainText("c.68");
    await axe.expectNoAxeViolations();
  });
}

// axe runs inside the page, so it scans with JavaScript on; without it, the same pages must work all the same.
for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    for (const words of javaScriptEnabled ? caseWalkedIn(cases, "ja-easy") : caseWalkedIn(cases, "en")) {
      test(`[participant, ${words.language}] says not_want and the finding never appears`, async ({ page, context, axe }) => {
        const seen = (text: string, options?: { exact?: boolean }) => onPage(words.language, text, options);
        const participant = await consentedParticipant({ language: words.language, choices: { "findings.secondary.hereditary_cancer": "not_want" } });
        const findingId = await createFinding(participant.id, "hereditary_cancer");

        const counsellor = await createUser({ role: "counsellor", withTotp: true });
        await signInAs(context, counsellor);
        await page.goto("/staff/findings");
        await expect(page.getByRole("link", { name: seen(words.open(participant.pseudonym)) })).toHaveCount(0);
        await expect(page.locator("main")).not.toContainText(participant.pseudonym);
        if (javaScriptEnabled) await axe.expectNoAxeViolations();
        const direct = await page.goto(`/staff/findings/${findingId}`);
        expect(direct?.status()).toBe(404);
        await expect(page.locator("body")).not.toContainText("BRCA1");

        await context.clearCookies();
        await signInAs(context, participant.user!);
        await page.goto("/consent");
        // The language switcher is a plain form: it works without JavaScript.
        if (words.language !== "ja") await page.getByRole("button", { name: seen(words.switcher, { exact: true }), exact: true }).click();
        await expect(page.getByTestId("consent-status")).toBeVisible();
        await expect(page.getByTestId("care-team-notice")).toHaveCount(0);
        await expect(page.locator("main")).not.toContainText("BRCA1");
        if (javaScriptEnabled) await axe.expectNoAxeViolations();
        expect(await getDatabase().findingCaseEvent.count({ where: { findingId } })).toBe(0);
      });
    }

    test(`[participant] who wants results sees only that the care team would like to talk, with the appointment`, async ({ page, context, axe }) => {
      const participant = await consentedParticipant({ language: "ja-easy", choices: { "findings.secondary.hereditary_cancer": "want" } });
      const findingId = await createFinding(participant.id, "hereditary_cancer");
      const counsellor = await createUser({ role: "counsellor", withTotp: true });
      const request = { ipAddress: "127.0.0.1", userAgent: "playwright" };
      await takeCaseStep({ findingId, step: "claim", input: {}, actorId: counsellor.id, request });

      await signInAs(context, participant.user!);
      await page.goto("/consent");
      await page.getByRole("button", { name: "やさしい日本語", exact: true }).click();
      await expect(page.getByTestId("consent-status")).toBeVisible();
      // Claimed is not yet a conversation: the first contact is a person, so nothing shows before an appointment.
      await expect(page.getByTestId("care-team-notice")).toHaveCount(0);

      await takeCaseStep({ findingId, step: "schedule_appointment", input: { at: "2026-12-03T14:00", mode: "in_person", place: "がん相談支援センター 2階", language: "ja-easy" }, actorId: counsellor.id, request });
      await page.reload();
      const notice = page.getByTestId("care-team-notice");
      // A やさしい日本語 page: its words carry readings (support/words.ts).
      await expect(notice.getByRole("heading", { name: withReadings("病院の 人が あなたと 話したいと 思って います") })).toBeVisible();
      await expect(notice).toContainText(withReadings("がん相談支援センター 2階"));
      await expect(notice).toContainText("2026");
      await expect(page.locator("main")).not.toContainText("BRCA1");
      await expect(page.locator("main")).not.toContainText("遺伝性腫瘍");
      if (javaScriptEnabled) await axe.expectNoAxeViolations();
    });
  });
}
