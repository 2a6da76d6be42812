// Issue 29 item 2: a participant asked to re-consent saw the same home page as everyone; the request was only inside
// /consent. Home now lists first what waits for this person — for a participant, for a proxy (by the name of the person
// they act for) and for a family member — on a phone, in 日本語, やさしい日本語 and English, with and without JavaScript.
import { getDatabase } from "../../app/db.server";
import { createProgrammeUpdate } from "../../app/domain/updates/create-programme-update.server";
import { publishProgrammeUpdate } from "../../app/domain/updates/publish-programme-update.server";
import { supportedLanguages, type SupportedLanguage } from "../../app/i18n/languages";
import { consentedParticipant } from "./dashboard-fixtures";
import { giveProvisionNotice } from "../../app/domain/consent/index.server";
import { createUser, signInAs } from "./support/accounts";
import { axeAsServed } from "./support/axe-as-served";
import { useLanguage } from "./support/language";
import { translator } from "./support/words";
import { expect, test } from "./fixtures";
import { createFamilyAccess } from "../factories/family-factory";
import { phone } from "./support/viewports";
import { listWaitingItems, workQueues, type WorkQueue } from "../../app/domain/home/list-waiting-items.server";
import { rolesOf } from "../../app/domain/authz";
import { expectSoundLayout } from "./layout-check";
import { readDemoFile } from "./support/e2e-env";


/** A new major version waits for this participant's decision (as publishing one leaves a consent that it changes). */
async function askToReconsent(participantId: string): Promise<void> {
  const db = getDatabase();
  const pending = await db.consentFormVersion.findFirstOrThrow({ where: { version: "2.0", status: "published" } });
  await db.consentState.update({ where: { participantId }, data: { status: "reconsent_required", pendingFormVersionId: pending.id, interimRule: "continue_previous" } });
}

/** A request from the programme, sent and not answered. */
async function sendRequest(participantId: string): Promise<void> {
  const db = getDatabase();
  const staff = await createUser({ role: "elsi_staff" });
  const campaign = await db.recontactCampaign.create({
    data: { kind: "new_study", title: "研究のご案内", messageJa: "ご案内", messageJaEasy: "ごあんない", messageEn: "An invitation", state: "sent", createdById: staff.id, sentById: staff.id, sentAt: new Date() },
  });
  await db.recontactDelivery.create({ data: { campaignId: campaign.id, participantId, channel: "email", claimedAt: new Date(), sentAt: new Date() } });
}

async function followerOf(participant: { id: string; user: { id: string } | null }) {
  const user = await createUser({ role: "family" });
  await createFamilyAccess({ participantId: participant.id, invitedById: participant.user!.id, familyUser: user, scope: "updates_and_summary" });
  return user;
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`on a phone, JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ viewport: phone, javaScriptEnabled });

    test("[participant, proxy, family] home lists first what waits for each, in three languages", async ({ page, context, browser, axe }) => {
      const participant = await consentedParticipant({ language: "ja", fullName: "山田 花子" });
      await askToReconsent(participant.id);
      await sendRequest(participant.id);
      const child = await consentedParticipant({ byProxy: true });
      await askToReconsent(child.id);
      // The 2024 law's notice waits first until read (ADR 140; provision.spec.ts walks it): read here, so what follows is
      // what this test is about.
      for (const participantId of [participant.id, child.id]) {
        await giveProvisionNotice({ participantId, channel: "online", actor: { userId: null, role: "system" }, request: { ipAddress: "127.0.0.1", userAgent: "e2e" } });
      }
      const follower = await followerOf(participant);
      const staff = await createUser({ role: "elsi_staff" });
      const { id } = await createProgrammeUpdate({
        update: { audiences: ["families"], titleJa: "ご家族へのお知らせ", titleJaEasy: "かぞくへの おしらせ", titleEn: "For families", bodyJa: "本文です。", bodyJaEasy: "ほんぶん です。", bodyEn: "The text." },
        actorUserId: staff.id,
      });
      await publishProgrammeUpdate({ updateId: id, publishAt: null, actorUserId: staff.id });

      for (const language of supportedLanguages) {
        const t = translator(language, "account");
        await useLanguage(context, language);
        const waiting = page.getByRole("region", { name: t("home.waiting.heading", {}, { exact: true }) });
        const check = async () => {
          if (javaScriptEnabled) await axe.expectNoAxeViolations();
          else await axeAsServed(browser, context, "/home", { openMenu: false });
        };

        // The participant: the new version to decide on, with the link to it, then the request not yet answered.
        await signInAs(context, participant.user!);
        await page.goto("/home");
        const items = waiting.getByTestId("waiting-item");
        await expect(items.first()).toHaveAttribute("data-kind", "reconsent");
        await expect(items.first()).toContainText(t("home.waiting.reconsent", { version: "2.0" }));
        await expect(waiting.locator('[data-kind="recontact"]')).toContainText(t("home.waiting.recontact_one", { count: "1" }));
        await check();
        await items.first().getByRole("link", { name: t("home.waiting.reconsentLink", {}, { exact: true }) }).click();
        await expect(page).toHaveURL(/\/consent$/);

        // The proxy: the same request, about the child by name.
        await signInAs(context, child.proxy!);
        await page.goto("/home");
        const forChild = waiting.locator('[data-kind="reconsent"]');
        await expect(forChild).toContainText(t("home.waiting.reconsent_person", { version: "2.0", name: "山田 さくら" }));
        await expect(forChild.getByRole("link")).toHaveAttribute("href", `/consent?participant=${child.id}`);
        await check();

        // The family member: nothing of the participant's consent; their unread updates, with the way to them.
        await signInAs(context, follower);
        await page.goto("/home");
        await expect(waiting.locator('[data-kind="reconsent"], [data-kind="recontact"]')).toHaveCount(0);
        await expect(waiting.locator('[data-kind="updates"]').getByRole("link", { name: t("home.waiting.updatesLink", {}, { exact: true }) })).toHaveAttribute("href", "/updates");
        await check();
      }
    });
  });
}

// Issue 55 Deliver 5: the same card lists the work that waits on every role — the panel's declaration, the
// counsellor's case, the coordinator's question, the moderation and the secretariat's applications — as a count that
// links to its queue. Each demo account signs in on a phone (the layout check at 390 px), each in one language and the
// three languages spread over the seven (ADR 174: the card is one component whatever the role; the page sweep reads
// /home in all three, and the locale check holds every queue's sentence to all three).
test.describe("the work that waits on each demo account", () => {
  test.use({ viewport: phone });

  /** What the demo (scripts/seed.ts) leaves waiting on each role, at the least, and the language each is read in. */
  const expected: Record<string, { queues: readonly WorkQueue[]; language: SupportedLanguage }> = {
    panel_member: { queues: ["declarations"], language: "ja" },
    dac_expert: { queues: ["declarations"], language: "ja-easy" },
    dac_chair: { queues: ["declarations"], language: "en" },
    counsellor: { queues: ["findingsUnclaimed"], language: "ja-easy" },
    coordinator: { queues: ["questions"], language: "ja" },
    elsi_staff: { queues: ["moderation"], language: "en" },
    dac_secretariat: { queues: ["applicationsToTriage"], language: "ja-easy" },
  };

  test("[panel, committee, counsellor, coordinator, ELSI staff, secretariat] home counts each queue and links to it, the languages spread over the roles", async ({ page, context, axe }) => {
    const demo = readDemoFile();
    expect(new Set(Object.values(expected).map((each) => each.language))).toEqual(new Set(supportedLanguages));
    for (const [role, { queues, language }] of Object.entries(expected)) {
      const account = demo.accounts.find((candidate) => candidate.role === role);
      const user = await getDatabase().user.findUniqueOrThrow({ where: { email: account!.email } });
      const items = (await listWaitingItems({ userId: user.id, roles: rolesOf(user), language: "ja" })).filter((item) => item.kind === "queue");
      expect(items.map((item) => item.queue), `${role}'s queues`).toEqual(expect.arrayContaining([...queues]));
      await context.clearCookies();
      await signInAs(context, { id: user.id, email: user.email, role: user.role, password: "", totpKey: null, facilityIds: [] });
      const t = translator(language, "account");
      await useLanguage(context, language);
      await page.goto("/home");
      const waiting = page.getByRole("region", { name: t("home.waiting.heading", {}, { exact: true }) });
      for (const item of items) {
        const sentence = t(`home.waiting.queues.${item.queue}_${item.count === 1 ? "one" : "other"}`, { count: item.count });
        await expect(waiting.locator(`[data-queue="${item.queue}"]`).getByRole("link", { name: sentence }), `${role} ${item.queue} in ${language}`).toHaveAttribute("href", workQueues[item.queue].path);
      }
      await axe.expectNoAxeViolations();
      await expectSoundLayout(page, `/home as ${role} in ${language}`);
    }
    // A count is a way in: the last account's (the secretariat's) opens its queue.
    await page.locator('[data-queue="applicationsToTriage"] a').click();
    await expect(page).toHaveURL(/\/committee$/);
  });
});
