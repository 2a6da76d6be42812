// Issue 32 items 2 and 5 (ADRs 108, 110): the participant's signed receipt downloaded from the history and checked on
// the public page, and the notification settings page — in three languages, with axe, and the settings page with
// JavaScript off.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { getDatabase } from "../../app/db.server";
import { signInAs } from "./support/accounts";
import { useLanguage } from "./support/language";
import { translator } from "./support/words";
import { expect, test } from "./fixtures";
import { consentedParticipant } from "./dashboard-fixtures";

test.describe.configure({ timeout: 120_000 });

const languages = ["ja", "ja-easy", "en"] as const;

test("[participant] downloads a change's signed receipt and anyone checks it on the public page, in three languages", async ({ page, context, axe }) => {
  const participant = await consentedParticipant({ language: "ja" });
  await signInAs(context, participant.user!);
  for (const language of languages) {
    await useLanguage(context, language);
    const dashboard = translator(language, "dashboard");
    const verify = translator(language, "verify");

    await page.goto("/consent/history");
    await expect(page.getByText(dashboard("history.receiptAbout"))).toBeVisible();
    await axe.expectNoAxeViolations();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("receipt-link").first().click()]);
    expect(download.suggestedFilename()).toMatch(/^tsunagi-consent-receipt-\d{4}-\d{2}-\d{2}-[A-Z0-9-]+\.jws$/);
    const file = (await download.path())!;

    await page.getByRole("link", { name: dashboard("history.receiptCheck") }).click();
    await expect(page).toHaveURL(/\/consent-receipts\/verify$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(verify("receipt.title"));
    await axe.expectNoAxeViolations();
    await page.getByLabel(verify("receipt.fileLabel")).setInputFiles(file);
    await page.getByRole("button", { name: verify("receipt.submit") }).click();
    const result = page.getByTestId("receipt-result");
    await expect(result).toHaveAttribute("data-result", "valid");
    await expect(result.getByRole("heading")).toHaveText(verify("receipt.valid.heading"));
    await expect(result).toContainText(participant.pseudonym);
    await expect(page.getByText(verify("receipt.proves.no"))).toBeVisible();
    await axe.expectNoAxeViolations();

    // The same receipt with one character of its signed content changed: refused, in words.
    const [header, payload, signature] = (await readFile(file, "utf8")).trim().split(".") as [string, string, string];
    const altered = Buffer.from(Buffer.from(payload, "base64url").toString("utf8").replace(participant.pseudonym, "TGP-0000-0000")).toString("base64url");
    await page.getByLabel(verify("receipt.textLabel")).fill(`${header}.${altered}.${signature}`);
    await page.getByRole("button", { name: verify("receipt.submit") }).click();
    await expect(result).toHaveAttribute("data-result", "bad_signature");
    await expect(result).toContainText(verify("receipt.invalid.bad_signature"));
    await axe.expectNoAxeViolations();
  }
});

/** A device with notifications on, as the page's script would have made it (the browser's push service is not here). */
async function deviceFor(userId: string, kinds: string[]) {
  return getDatabase().pushSubscription.create({
    data: { userId, endpoint: `https://fcm.googleapis.com/fcm/send/${randomBytes(12).toString("base64url")}`, p256dh: `B${"A".repeat(86)}`, auth: "A".repeat(22), kinds, language: "ja", deviceLabel: "Chrome · Android" },
  });
}

test("[participant] the notification settings page in three languages, with axe", async ({ page, context, axe }) => {
  const participant = await consentedParticipant({ language: "ja" });
  await deviceFor(participant.user!.id, ["reconsent", "care_team"]);
  await signInAs(context, participant.user!);
  for (const language of languages) {
    await useLanguage(context, language);
    const account = translator(language, "account");
    await page.goto("/account");
    await page.getByRole("link", { name: account("security.notifications.manage") }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(account("notifications.title"));
    await expect(page.getByTestId("push-device")).toHaveCount(1);
    await expect(page.getByRole("checkbox", { name: account("notifications.kinds.reconsent") })).toBeChecked();
    await expect(page.getByRole("checkbox", { name: account("notifications.kinds.updates") })).not.toBeChecked();
    // How often each kind of news comes by mail (ADR 147): at once until chosen otherwise; the device that hears
    // consultations is named beside it (this one hears only consent and care-team prompts: none is).
    const settings = page.getByTestId("notification-settings");
    await expect(settings.getByRole("group", { name: account("notifications.settings.kinds.decision_changes") }).getByRole("radio", { name: account("notifications.settings.frequencies.at_once") })).toBeChecked();
    await expect(settings.getByTestId("push-for-decision_changes")).toHaveText(account("notifications.settings.pushNone"));
    // With JavaScript, the device this page is on can be turned on (the browser asks for permission).
    await expect(page.getByTestId("push-turn-on")).toBeVisible();
    await axe.expectNoAxeViolations();
  }
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("[participant] changes which kinds a device hears and stops it, in three languages", async ({ page, context }) => {
    const participant = await consentedParticipant({ language: "ja" });
    await signInAs(context, participant.user!);
    for (const language of languages) {
      const device = await deviceFor(participant.user!.id, ["reconsent"]);
      await useLanguage(context, language);
      const account = translator(language, "account");
      await page.goto("/account/notifications");
      await expect(page.getByText(account("notifications.thisDevice.needsJavaScript"))).toBeVisible();
      await page.getByRole("checkbox", { name: account("notifications.kinds.updates") }).check();
      await page.getByRole("checkbox", { name: account("notifications.kinds.reconsent") }).uncheck();
      await page.getByTestId("push-device").getByRole("button", { name: account("notifications.devices.save") }).click();
      await expect(page.getByRole("status")).toContainText(account("notifications.notices.saved"));
      expect((await getDatabase().pushSubscription.findUniqueOrThrow({ where: { id: device.id } })).kinds).toEqual(["updates"]);

      // How often: weekly for decisions, never for reports, saved with one button (ADR 147).
      const settings = page.getByTestId("notification-settings");
      await settings.getByRole("group", { name: account("notifications.settings.kinds.decision_changes") }).getByRole("radio", { name: account("notifications.settings.frequencies.weekly") }).check();
      await settings.getByRole("group", { name: account("notifications.settings.kinds.consultation_reports") }).getByRole("radio", { name: account("notifications.settings.frequencies.never") }).check();
      await page.getByRole("button", { name: account("notifications.settings.save") }).click();
      await expect(page.getByRole("status")).toContainText(account("notifications.notices.settings"));
      const chosen = await getDatabase().notificationSetting.findMany({ where: { userId: participant.user!.id }, select: { kind: true, frequency: true }, orderBy: { kind: "asc" } });
      expect(chosen).toEqual([
        { kind: "decision_changes", frequency: "weekly" },
        { kind: "consultation_reports", frequency: "never" },
      ]);
      await expect(settings.getByRole("group", { name: account("notifications.settings.kinds.decision_changes") }).getByRole("radio", { name: account("notifications.settings.frequencies.weekly") })).toBeChecked();

      await page.getByRole("button", { name: account("notifications.devices.stop") }).click();
      await expect(page.getByRole("status")).toContainText(account("notifications.notices.stopped"));
      await expect(page.getByText(account("notifications.devices.empty"))).toBeVisible();
      expect(await getDatabase().pushSubscription.count({ where: { id: device.id } })).toBe(0);
    }
  });
});
