import { createUser, signInAs } from "./support/accounts";
import { onPage } from "./support/words";
import { expect, test } from "./fixtures";
import { getDatabase } from "../../app/db.server";
import type { SupportedLanguage } from "../../app/i18n/languages";
import { consentedParticipant } from "./dashboard-fixtures";
import { caseWalkedIn } from "./support/walked-in";

// A sample taken after enrolment (issue 12, ADR 024): the coordinator registers it from the participant's page, the
// pipeline hears of it as a samples_changed message, and the participant's history says so in one plain line.
// Each test first creates a consented participant (a real signature, PDF and mail) in a tsx child process.
test.describe.configure({ timeout: 120_000 });

interface Case {
  language: SupportedLanguage;
  switcher: string;
  kindLabel: string;
  submit: string;
  registered: string;
  historyLine: string;
}

const cases: Case[] = [
  { language: "ja", switcher: "日本語", kindLabel: "血液（正常組織）", submit: "検体を登録する", registered: "を登録しました。", historyLine: "新しい検体が登録されました。" },
  {
    language: "ja-easy",
    switcher: "やさしい日本語",
    kindLabel: "血液（がんでは ない 組織）",
    submit: "検体を 登録する",
    registered: "を 登録 しました。",
    historyLine: "新しい 検体が 登録 されました。",
  },
  { language: "en", switcher: "English", kindLabel: "Blood (normal tissue)", submit: "Register the sample", registered: "was registered.", historyLine: "A new sample was registered." },
];

for (const item of caseWalkedIn(cases, "en")) {
  test(`[coordinator, ${item.language}] registers a new sample on the participant's page; the participant's history shows one plain line`, async ({ page, context, axe }) => {
    const seen = (text: string, options?: { exact?: boolean }) => onPage(item.language, text, options);
    const participant = await consentedParticipant({ language: item.language });
    const coordinator = await createUser({ role: "coordinator", withTotp: true });
    await signInAs(context, coordinator);
    await page.goto(`/staff/participants/${participant.id}`);
    if (item.language !== "ja") await page.getByRole("button", { name: seen(item.switcher, { exact: true }), exact: true }).click();
    await axe.expectNoAxeViolations();

    const samples = page.locator('section[aria-labelledby="samples-heading"]');
    await samples.getByRole("radio", { name: seen(item.kindLabel) }).check();
    await samples.getByRole("button", { name: seen(item.submit) }).click();
    await expect(page).toHaveURL(new RegExp(`/staff/participants/${participant.id}\\?registered=S-`));
    const code = new URL(page.url()).searchParams.get("registered")!;
    await expect(page.getByRole("status")).toContainText(code);
    await expect(page.getByRole("status")).toContainText(seen(item.registered));
    await expect(samples.getByText(code, { exact: true })).toBeVisible();
    await axe.expectNoAxeViolations();

    const event = await getDatabase().consentEvent.findFirstOrThrow({ where: { participantId: participant.id, type: "sample_registered" } });
    expect(event).toMatchObject({ participantSeq: 2, actorUserId: coordinator.id, detail: { sampleCode: code, sampleKind: "blood" } });
    const message = await getDatabase().consentOutbox.findUniqueOrThrow({ where: { eventId: event.id } });
    expect(message.payload).toMatchObject({ kind: "samples_changed", type: "sample_registered", version: 2 });

    await context.clearCookies();
    await signInAs(context, participant.user!);
    await page.goto("/consent/history");
    if (item.language !== "ja") await page.getByRole("button", { name: seen(item.switcher, { exact: true }), exact: true }).click();
    const line = page.locator('[data-testid="history-entry"][data-event-type="sample_registered"]');
    await expect(line).toContainText(seen(item.historyLine));
    // Not a record of consent: no PDF copy and no sample code.
    await expect(line.getByTestId("pdf-link")).toHaveCount(0);
    await expect(line).not.toContainText(code);
    await expect(page.getByTestId("pdf-link")).toHaveCount(1);
    await axe.expectNoAxeViolations();
  });
}

test("[coordinator] a form sent without a kind is explained on the sample page; a participant who withdrew from further use has no form", async ({ page, context, axe }) => {
  const participant = await consentedParticipant();
  const coordinator = await createUser({ role: "coordinator", withTotp: true });
  await signInAs(context, coordinator);
  await page.goto(`/staff/participants/${participant.id}/samples`);
  await page.getByRole("button", { name: "検体を登録する" }).click();
  await expect(page.getByRole("alert")).toContainText("入力してください。");
  await axe.expectNoAxeViolations();
  expect(await getDatabase().sample.count({ where: { participantId: participant.id } })).toBe(2);

  // Withdrawn from further use (as recorded from a phone call): nothing more of theirs is to be used.
  await page.goto(`/staff/participants/${participant.id}/withdrawal`);
  await page.getByRole("radio", { name: "電話" }).check();
  await page.getByRole("radio", { name: "今後の利用をやめる" }).check();
  await page.getByLabel("メモ").fill("2026-11-24 電話で受付");
  await page.getByRole("button", { name: "確認へ進む" }).click();
  await page.getByRole("button", { name: "撤回を記録する" }).click();
  await expect(page.getByRole("status")).toContainText("撤回を記録しました");
  await page.goto(`/staff/participants/${participant.id}`);
  await expect(page.getByText("この参加者は検体とデータのこれ以上の利用を撤回しているため、新しい検体は登録できません。")).toBeVisible();
  await expect(page.getByRole("button", { name: "検体を登録する" })).toHaveCount(0);
  await axe.expectNoAxeViolations();
});
