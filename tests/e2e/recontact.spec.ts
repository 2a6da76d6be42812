import { readFile } from "node:fs/promises";
import { extractPdfText } from "../../app/domain/consent/records/documents/extract-pdf-text.server";
import { createUser, signInAs } from "./support/accounts";
import { e2eBaseUrl } from "./support/e2e-env";
import { useLanguage } from "./support/language";
import { onPage, translator } from "./support/words";
import { expect, test } from "./fixtures";
import { budget } from "./support/budget";
import { consentedParticipant } from "./dashboard-fixtures";
import { getDatabase } from "../../app/db.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { createFacility } from "../factories/facility-factory";
import { phone } from "./support/viewports";
import { walkedIn } from "./support/walked-in";


// Staff send campaigns from a desk, but the confirmation must hold on a phone too (issue 29's acceptance).
test.use({ viewport: phone });

const messages = { ja: "新しい研究へのご協力のお願いです。", "ja-easy": "あたらしい けんきゅうの おねがい です。", en: "An invitation to take part in a new study." };

for (const language of walkedIn("en")) {
  test(`[ELSI staff] sends a campaign and a participant answers "stop contacting me" and the next campaign excludes them (${language})`, async ({ page, context, browser, axe }) => {
    test.setTimeout(budget(180_000));
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
      await page.getByRole("checkbox", { name: onPage(language, facilityName) }).check();
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

    // Send: a box states the count and must be ticked (issue 29 item 6) — pressing Send without it sends nothing.
    // Then the audience is claimed at once; the server's worker makes the links and queues the mail (ADR 035).
    const confirm = page.getByRole("checkbox", { name: t("detail.confirmSend", { count: "2" }) });
    await expect(confirm).toBeVisible();
    await page.getByRole("button", { name: t("detail.send") }).click();
    await expect(confirm).toBeFocused();
    expect(await getDatabase().recontactDelivery.count({ where: { campaignId } })).toBe(0);
    await confirm.check();
    await page.getByRole("button", { name: t("detail.send") }).click();
    await expect(page.getByRole("status")).toContainText(t("notices.sent"));
    await axe.expectNoAxeViolations();
    const delivery = await getDatabase().recontactDelivery.findFirstOrThrow({ where: { campaignId, participantId: participant.id } });
    const identity = await getDatabase().participantIdentity.findUniqueOrThrow({ where: { participantId: participant.id } });
    // The participant's link is the one in the mail they receive, in their language; nothing else holds it.
    let mailText = "";
    await expect
      .poll(async () => (mailText = (await listCapturedMail({ to: identity.email!, limit: 5 })).find((mail) => mail.text.includes("/recontact/respond/"))?.text ?? ""), { timeout: 30_000 })
      .toContain(messages[language]);
    const token = /\/recontact\/respond\/([A-Za-z0-9_-]{43})/.exec(mailText)![1]!;
    expect((await getDatabase().mailMessage.findFirstOrThrow({ where: { sourceKey: `recontact:${delivery.id}` } })).language).toBe(language);

    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("result-delivered")).toHaveText("2");
    }).toPass({ timeout: 30_000 });
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

// Participants who chose letters (ADR 035): staff print them from the campaign's page, as a PDF download that holds
// each letter's only copy of its answer link, in the reader's language; the page says what is left and was printed.
for (const javaScriptEnabled of [true, false]) {
  test(`[ELSI staff] prints the letters for participants who chose post (${javaScriptEnabled ? "with" : "without"} JavaScript)`, async ({ browser, axe }) => {
    test.setTimeout(budget(180_000));
    const facility = await createFacility();
    const choices = { "recontact.research": "yes", "recontact.frequency": "as_needed", "recontact.channel": "post" };
    const reader = await consentedParticipant({ language: "ja-easy", choices });
    await getDatabase().participant.update({ where: { id: reader.id }, data: { facilityId: facility.id } });
    const staff = await createUser({ role: "elsi_staff", withTotp: true });
    const campaignIn = async (language: string) =>
      getDatabase().recontactCampaign.create({
        data: { kind: "survey", title: `Letters ${language}`, messageJa: messages.ja, messageJaEasy: messages["ja-easy"], messageEn: messages.en, facilityIds: [facility.id], createdById: staff.id },
      });
    const campaign = await campaignIn("ja");

    // The page as the browser of this run sees it, on a phone; axe scans in a window with JavaScript on.
    const context = await browser.newContext({ javaScriptEnabled, viewport: phone, baseURL: e2eBaseUrl, locale: "ja-JP", timezoneId: "Asia/Tokyo" });
    const page = await context.newPage();
    await signInAs(context, staff);

    // A send asks for the box that states its count, in each language, with JavaScript and without (issue 29 item 6):
    // pressing Send unticked sends nothing. The 日本語 campaign's letters are printed below.
    for (const language of ["ja", "ja-easy", "en"] as const) {
      const t = translator(language, "recontact");
      const sent = language === "ja" ? campaign : await campaignIn(language);
      await useLanguage(context, language);
      await page.goto(`/staff/recontact/${sent.id}`);
      const confirm = page.getByRole("checkbox", { name: t("detail.confirmSend", { count: "1" }) });
      await page.getByRole("button", { name: t("detail.send") }).click();
      expect(await getDatabase().recontactDelivery.count({ where: { campaignId: sent.id } })).toBe(0);
      await confirm.check();
      await page.getByRole("button", { name: t("detail.send") }).click();
      await expect(page.getByRole("status")).toContainText(t("notices.sent"));
      if (javaScriptEnabled) await axe.expectNoAxeViolations(page);
    }

    for (const language of ["ja", "ja-easy", "en"] as const) {
      const t = translator(language, "recontact");
      await useLanguage(context, language);
      await expect(async () => {
        await page.goto(`/staff/recontact/${campaign.id}`);
        await expect(page.getByTestId("letters-waiting")).toBeVisible();
      }).toPass({ timeout: 30_000 });
      await expect(page.getByRole("heading", { level: 2, name: t("letters.heading") })).toBeVisible();
      await expect(page.getByRole("button", { name: t("letters.print") })).toBeVisible();
      if (javaScriptEnabled) await axe.expectNoAxeViolations(page);
    }

    const t = translator("en", "recontact");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: t("letters.print") }).click()]);
    expect(download.suggestedFilename()).toMatch(/^recontact-letters-[0-9a-f]{8}-1\.pdf$/);
    const text = (await extractPdfText(new Uint8Array(await readFile((await download.path())!)))).replace(/\s+/g, "");
    expect(text).toContain(messages["ja-easy"].replace(/\s+/g, ""));
    const token = /\/recontact\/respond\/([A-Za-z0-9_-]{43})/.exec(text)![1]!;

    await page.goto(`/staff/recontact/${campaign.id}`);
    await expect(page.getByTestId("letters-waiting")).toHaveText(t("letters.waiting_other", { count: 0 }));
    await expect(page.getByTestId("letter-batch")).toHaveCount(1);
    if (javaScriptEnabled) await axe.expectNoAxeViolations(page);

    // The printed link is the reader's own.
    const answering = await browser.newContext({ javaScriptEnabled, baseURL: e2eBaseUrl });
    const answerPage = await answering.newPage();
    await useLanguage(answering, "ja-easy");
    await answerPage.goto(`/recontact/respond/${token}`);
    await expect(answerPage.getByText(messages["ja-easy"])).toBeVisible();
    await answering.close();
    await context.close();
  });
}
