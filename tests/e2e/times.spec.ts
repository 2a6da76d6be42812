// Issue 11, defect 9: participant pages showed every time twice ("2026/11/23 0:46 JST (2026-11-22 15:46 UTC)").
// A participant reads Japan time once, in their language's words; staff pages keep UTC beside it.
import { consentedParticipant } from "./dashboard-fixtures";
import { createUser, signInAs } from "./support/accounts";
import { useLanguage } from "./support/language";
import { onPage } from "./support/words";
import { expect, test } from "./fixtures";
import { supportedLanguages, type SupportedLanguage } from "../../app/i18n/languages";

test.describe.configure({ timeout: 120_000 });

/** Japan time of an instant, by arithmetic rather than Intl: JST is UTC+9 all year. */
function japanTime(iso: string) {
  const shifted = new Date(new Date(iso).getTime() + 9 * 3600_000);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate(), hour: shifted.getUTCHours(), minute: shifted.getUTCMinutes() };
}

const monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function expectedLocalTime(iso: string, language: SupportedLanguage): string {
  const { year, month, day, hour, minute } = japanTime(iso);
  const mm = String(minute).padStart(2, "0");
  return language === "en" ? `${day} ${monthNames[month - 1]} ${year} at ${String(hour).padStart(2, "0")}:${mm}` : `${year}年${month}月${day}日 ${hour}:${mm}`;
}

for (const language of supportedLanguages) {
  test(`[participant] sees each time once, in Japan time and ${language} words, on the consent and history pages`, async ({ page, context, axe }) => {
    const participant = await consentedParticipant({ language });
    await signInAs(context, participant.user!);
    await useLanguage(context, language);
    const signedAt = new Date(participant.grant.occurredAt as string | Date).toISOString();

    await page.goto("/consent/history");
    const time = page.locator("main time").first();
    await expect(time).toHaveText(onPage(language, expectedLocalTime(signedAt, language), { exact: true }));
    if (language === "ja-easy") {
      // The date's readings are the counters' as said in a date (年 ねん, 11月 がつ), never the words alone (月 つき).
      const readings = await time.locator("rt").allTextContents();
      expect(readings).toContain("ねん");
      expect(readings).not.toContain("つき");
    }
    await expect(page.locator("main")).not.toContainText("UTC");
    await expect(page.locator("main")).not.toContainText("JST");
    await axe.expectNoAxeViolations();

    await page.goto("/consent");
    await expect(page.locator("main time").first()).toHaveText(/^\S/);
    await expect(page.locator("main")).not.toContainText("UTC");
  });
}

test("[coordinator] a staff page keeps UTC beside Japan time", async ({ page, context }) => {
  const participant = await consentedParticipant({ language: "ja" });
  await signInAs(context, await createUser({ role: "coordinator", withTotp: true }));
  await page.goto(`/staff/participants/${participant.id}`);
  const signedAt = new Date(participant.grant.occurredAt as string | Date).toISOString();
  await expect(page.locator("main")).toContainText(`(${signedAt.slice(0, 16).replace("T", " ")} UTC)`);
});
