import { readFileSync } from "node:fs";
import { createUser, signInAs } from "./support/accounts";
import { useLanguage } from "./support/language";
import { expect, test } from "./fixtures";
import { consentedParticipant } from "./dashboard-fixtures";
import { getDatabase } from "../../app/db.server";
import type { CampaignDispatch } from "../../app/domain/recontact/dispatch-campaign-deliveries.server";
import { sendRecontactCampaign } from "../../app/domain/recontact/send-recontact-campaign.server";
import { createFacility } from "../factories/facility-factory";

// Playwright's loader cannot import the locale JSON the app bundles, so the strings are read from the files directly.
function translator(language: string, namespace: string) {
  const strings: unknown = JSON.parse(readFileSync(new URL(`../../locales/${language}/${namespace}.json`, import.meta.url), "utf8"));
  return (key: string): string => {
    const found = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], strings);
    if (typeof found !== "string") throw new Error(`no string ${language}/${namespace}:${key}`);
    return found;
  };
}

const messages = { ja: "新しい研究へのご協力のお願いです。", "ja-easy": "あたらしい けんきゅうの おねがい です。", en: "An invitation to take part in a new study." };

for (const language of ["ja", "ja-easy", "en"] as const) {
  test(`[ELSI staff] sends a campaign and a participant answers "stop contacting me" and the next campaign excludes them (${language})`, async ({ page, context, browser, axe }) => {
    test.setTimeout(180_000);
    const t = translator(language, "recontact");
    const facility = await createFacility();
    const choices = { "recontact.research": "yes", "recontact.frequency": "as_needed", "recontact.channel": "email" };
    const participant = await consentedParticipant({ language, choices });
    const other = await consentedParticipant({ language: "en", choices });
    await getDatabase().participant.updateMany({ where: { id: { in: [participant.id, other.id] } }, data: { facilityId: facility.id } });
    const facilityName = language === "en" ? facility.nameEn : facility.nameJa;

    const staff = await createUser({ role: "elsi_staff", withTotp: true });
    await signInAs(context, staff);
    await useLanguage(context, language);

    // Write the campaign.
    const writeCampaign = async (title: string) => {
      await page.goto("/staff/recontact");
      await expect(page.getByRole("heading", { level: 1, name: t("list.title") })).toBeVisible();
      await axe.expectNoAxeViolations();
      await page.getByRole("link", { name: t("list.new") }).click();
      await expect(page.getByRole("heading", { level: 1, name: t("new.title") })).toBeVisible();
      await axe.expectNoAxeViolations();
      await page.getByRole("radio", { name: t("kinds.new_study") }).check();
      await page.getByLabel(t("fields.title")).fill(title);
      await page.getByLabel(t("fields.messageJa")).fill(messages.ja);
      await page.getByLabel(t("fields.messageJaEasy")).fill(messages["ja-easy"]);
      await page.getByLabel(t("fields.messageEn")).fill(messages.en);
      await page.getByRole("checkbox", { name: facilityName }).check();
      await page.getByRole("button", { name: t("new.submit") }).click();
      await expect(page.getByRole("status")).toContainText(t("notices.created"));
      await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
      return new URL(page.url()).pathname.split("/").at(-1)!;
    };

    const campaignId = await writeCampaign(`Study A ${language}`);
    await expect(page.getByTestId("preview-matched")).toHaveText("2");
    await expect(page.getByTestId("preview-included")).toHaveText("2");
    await expect(page.getByTestId("excluded-declined")).toHaveText("0");
    await expect(page.getByRole("button", { name: t("detail.send") })).toBeVisible();
    await axe.expectNoAxeViolations();

    // Sent through the verb the page's button calls, keeping what the dispatch seam receives: the only place a
    // response link's token exists in clear until the mail step enqueues it (ADR 035).
    const dispatched: CampaignDispatch[] = [];
    await sendRecontactCampaign({ campaignId, actorUserId: staff.id, dispatch: async (_tx, batch) => void dispatched.push(...batch.deliveries) });
    const delivery = await getDatabase().recontactDelivery.findFirstOrThrow({ where: { campaignId, participantId: participant.id } });
    const token = dispatched.find((d) => d.deliveryId === delivery.id)!.token;
    expect(dispatched.find((d) => d.deliveryId === delivery.id)!.language).toBe(language);

    await page.reload();
    await expect(page.getByTestId("result-recipients")).toHaveText("2");
    await expect(page.getByTestId("result-stop_contacting")).toHaveText("0");
    await axe.expectNoAxeViolations();

    // The participant opens their link without signing in, and the page is in their language. They answer with
    // JavaScript off; axe runs inside the page, so the same pages are scanned in a second window with it on (only
    // reading them, or refused, so nothing is written there).
    const origin = new URL(page.url()).origin;
    const scanning = await browser.newContext({ baseURL: origin });
    const scanPage = await scanning.newPage();
    await scanPage.goto(`/recontact/respond/${token}`);
    await expect(scanPage.getByRole("heading", { level: 1, name: t("respond.title") })).toBeVisible();
    await axe.expectNoAxeViolations(scanPage);
    await scanPage.getByRole("button", { name: t("respond.submit") }).click();
    await expect(scanPage.getByText(t("respond.required"))).toBeVisible();
    await axe.expectNoAxeViolations(scanPage);

    const answering = await browser.newContext({ javaScriptEnabled: false, baseURL: origin });
    const answerPage = await answering.newPage();
    await answerPage.goto(`/recontact/respond/${token}`);
    await expect(answerPage.getByRole("heading", { level: 1, name: t("respond.title") })).toBeVisible();
    await expect(answerPage.getByText(messages[language])).toBeVisible();
    // Nothing chosen: a translated error, nothing recorded.
    await answerPage.getByRole("button", { name: t("respond.submit") }).click();
    await expect(answerPage.getByText(t("respond.required"))).toBeVisible();
    expect((await getDatabase().recontactDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).tokenUsedAt).toBeNull();
    await answerPage.getByRole("radio", { name: t("answers.stop_contacting") }).check();
    await answerPage.getByRole("button", { name: t("respond.submit") }).click();
    await expect(answerPage.getByRole("heading", { level: 1, name: t("respond.done.title") })).toBeVisible();
    await expect(answerPage.getByRole("status")).toContainText(t("respond.done.stop_contacting"));
    // The link is used up.
    await answerPage.goto(`/recontact/respond/${token}`);
    await expect(answerPage.getByRole("heading", { level: 1, name: t("respond.used.title") })).toBeVisible();
    await answering.close();

    await scanPage.goto(`/recontact/respond/${token}?done=1`);
    await expect(scanPage.getByRole("heading", { level: 1, name: t("respond.done.title") })).toBeVisible();
    await axe.expectNoAxeViolations(scanPage);
    await scanPage.goto(`/recontact/respond/${token}`);
    await expect(scanPage.getByRole("heading", { level: 1, name: t("respond.used.title") })).toBeVisible();
    await axe.expectNoAxeViolations(scanPage);
    await scanning.close();

    // The consent changed through the ledger.
    const event = await getDatabase().consentEvent.findFirstOrThrow({ where: { participantId: participant.id }, orderBy: { participantSeq: "desc" } });
    expect(event.actorRole).toBe("recontact_response");
    expect((event.choices as Record<string, string>)["recontact.research"]).toBe("no");

    // Staff see the answer, and the next campaign leaves the participant out as declined.
    await page.reload();
    await expect(page.getByTestId("result-stop_contacting")).toHaveText("1");
    await writeCampaign(`Study B ${language}`);
    await expect(page.getByTestId("preview-matched")).toHaveText("2");
    await expect(page.getByTestId("preview-included")).toHaveText("1");
    await expect(page.getByTestId("excluded-declined")).toHaveText("1");
    await axe.expectNoAxeViolations();
  });
}
