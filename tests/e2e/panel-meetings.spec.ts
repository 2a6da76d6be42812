// The participant panel's meetings in the browser (issue 28 item 7; ADR 065): PPI staff announce a meeting and publish
// a held one's minutes (en, axe); anyone reads the list and a meeting with its minutes (ja, axe); and the same without
// JavaScript in やさしい日本語, from a panel member's home card. Bad input and races are in
// tests/integration/panel-meetings.test.ts.
import { randomUUID } from "node:crypto";
import { schedulePanelMeeting } from "../../app/domain/panel-meetings/schedule-panel-meeting.server";
import { publishPanelMeetingMinutes } from "../../app/domain/panel-meetings/publish-panel-meeting-minutes.server";
import { createUser, signInAs } from "./support/accounts";
import { useLanguage } from "./support/language";
import { onPage, translator } from "./support/words";
import { expect, test } from "./fixtures";

const request = { ipAddress: "127.0.0.1", userAgent: "playwright" };

async function meeting(days: number, staffId: string, withMinutes = false): Promise<{ id: string; titleJa: string; titleJaEasy: string; titleEn: string }> {
  const tag = randomUUID().slice(0, 6);
  const titles = { titleJa: `パネル会議 ${tag}`, titleJaEasy: `パネルの 会議 ${tag}`, titleEn: `Panel meeting ${tag}` };
  const { meetingId } = await schedulePanelMeeting({
    fields: { scheduledAt: new Date(Date.now() + days * 24 * 3600_000), place: "オンライン", ...titles, agendaJa: "説明文書の検討\n意見募集の結果", agendaJaEasy: "せつめいの 文書を 見る\n意見の けっか", agendaEn: "The explanatory document\nThe consultation's results" },
    actorUserId: staffId,
    request,
  });
  if (withMinutes) {
    await publishPanelMeetingMinutes({ meetingId, minutes: { textJa: "案について話し合いました。", textJaEasy: "案を 話し合いました。", textEn: "We discussed the draft.", attendees: 8 }, actorUserId: staffId, request });
  }
  return { id: meetingId, ...titles };
}

test("[PPI staff] announce a meeting, then publish a held meeting's minutes (en)", async ({ page, context, axe }) => {
  const t = translator("en", "learning");
  const staff = await createUser({ role: "elsi_staff", withTotp: true });
  await useLanguage(context, "en");
  await signInAs(context, staff);
  await page.goto("/staff/panel-meetings");
  await expect(page.getByRole("heading", { level: 1, name: t("meetings.staff.heading") })).toBeVisible();
  await axe.expectNoAxeViolations();
  const tag = randomUUID().slice(0, 6);
  await page.getByLabel(t("meetings.staff.scheduledAt")).fill("2031-03-14T14:00");
  await page.getByLabel(t("meetings.staff.place")).fill("Tokyo, room 3 and online");
  for (const [language, title, agenda] of [
    ["ja", `第4回 ${tag}`, "議題1\n議題2"],
    ["ja-easy", `4回目 ${tag}`, "話すこと1\n話すこと2"],
    ["en", `Fourth meeting ${tag}`, "Item one\nItem two"],
  ] as const) {
    const group = page.getByRole("group", { name: t(`meetings.staff.inLanguage.${language}`), exact: true });
    await group.getByLabel(t("meetings.staff.title"), { exact: true }).fill(title);
    await group.getByLabel(t("meetings.staff.agenda"), { exact: true }).fill(agenda);
  }
  await page.getByRole("button", { name: t("meetings.staff.schedule") }).click();
  await expect(page.getByRole("status")).toContainText(t("meetings.staff.notices.scheduled"));
  await expect(page.getByRole("heading", { level: 1, name: `Fourth meeting ${tag}` })).toBeVisible();
  await axe.expectNoAxeViolations();

  const held = await meeting(-1, staff.id);
  await page.goto(`/staff/panel-meetings/${held.id}`);
  await page.getByLabel(t("meetings.staff.minutesIn.ja")).fill("議事録です。");
  await page.getByLabel(t("meetings.staff.minutesIn.ja-easy")).fill("きろく です。");
  await page.getByLabel(t("meetings.staff.minutesIn.en")).fill("These are the minutes.\n\nSecond paragraph.");
  await page.getByLabel(t("meetings.staff.attendees")).fill("7");
  await page.getByLabel(t("meetings.staff.minutesConfirm")).check();
  await page.getByRole("button", { name: t("meetings.staff.publishMinutes") }).click();
  await expect(page.getByRole("status")).toContainText(t("meetings.staff.notices.minutes_published"));
  await expect(page.getByTestId("meeting-state")).toHaveText(t("meetings.state.minuted"));
  await page.goto(`/panel-meetings/${held.id}`);
  await expect(page.getByTestId("meeting-minutes")).toContainText("Second paragraph.");
  await expect(page.getByTestId("meeting-minutes")).toContainText(t("meetings.attendees_other", { count: 7 }));
});

test("[public] the panel's meetings and one meeting's minutes (ja)", async ({ page, context, axe }) => {
  const t = translator("ja", "learning");
  const staff = await createUser({ role: "elsi_staff" });
  const next = await meeting(14, staff.id);
  const held = await meeting(-3, staff.id, true);
  await useLanguage(context, "ja");
  await page.goto("/panel-meetings");
  await expect(page.getByRole("heading", { level: 1, name: t("meetings.title") })).toBeVisible();
  await expect(page.getByRole("link", { name: next.titleJa })).toBeVisible();
  await axe.expectNoAxeViolations();
  await page.getByRole("link", { name: held.titleJa }).click();
  await expect(page.getByRole("heading", { level: 1, name: held.titleJa })).toBeVisible();
  await expect(page.getByTestId("meeting-agenda").getByRole("listitem")).toHaveCount(2);
  await expect(page.getByTestId("meeting-minutes")).toContainText("案について話し合いました。");
  await axe.expectNoAxeViolations();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("[panel member] from the home card to a meeting's minutes (ja-easy)", async ({ page, context }) => {
    const easy = translator("ja-easy", "learning");
    const staff = await createUser({ role: "elsi_staff" });
    const held = await meeting(-2, staff.id, true);
    await signInAs(context, await createUser({ role: "panel_member" }));
    await useLanguage(context, "ja-easy");
    await page.goto("/home");
    await page.getByRole("link", { name: easy("meetings.title") }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: easy("meetings.title") })).toBeVisible();
    // The staff's title and minutes carry furigana like every やさしい日本語 text (ADR 123).
    await page.getByRole("link", { name: onPage("ja-easy", held.titleJaEasy) }).click();
    await expect(page.getByTestId("meeting-minutes").locator("ruby").first()).toBeVisible();
    await expect(page.getByTestId("meeting-minutes")).toContainText(onPage("ja-easy", "案を 話し合いました。"));
    await expect(page.getByTestId("meeting-state")).toHaveText(easy("meetings.state.minuted"));
  });
});
