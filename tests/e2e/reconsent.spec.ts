// Re-consent as people expect (issue 55 Deliver 2; ADR 120), on a phone with JavaScript off, in 日本語, やさしい日本語
// and English: the start page says what changed from 1.1 to 2.0 before anything is asked; the journey then shows
// only the changed sections and the one choice screen holding the changed choice, with the unchanged answers filled in
// and never the changed one; the review marks what is carried over; the signature keeps every earlier answer.
import { getDatabase } from "../../app/db.server";
import { formatCalendarDay } from "../../app/i18n/calendar-day";
import { currentFormVersion, loadFormVersion } from "../../app/domain/consent/forms/load-form-version.server";
import { outlineOf, totalSteps } from "../../app/domain/consent/journey/journey-steps";
import { consentedParticipant } from "./dashboard-fixtures";
import { publishSeededVersion } from "./journey-support";
import { signInAs } from "./support/accounts";
import { axeAsServed } from "./support/axe-as-served";
import { useLanguage } from "./support/language";
import { plainTranslator } from "./support/words";
import { textWithoutReadings } from "./support/readings";
import { expect, test } from "./fixtures";
import { phone } from "./support/viewports";
import { expectSoundLayout } from "./layout-check";
import { walkedIn } from "./support/walked-in";

test.use({ viewport: phone, javaScriptEnabled: false });

const deadline = "2030-03-29";

/**
 * As publishing 2.0 leaves a consent signed on 1.1: on 1.1, asked to decide by `deadline` on the version new consents
 * are signed under — 2.0, or a minor version after it that another test on the same server published meanwhile (the
 * forms editor's test publishes 2.1 with an English section edited; this file then failed in a full run).
 */
async function signedOnOneOne(participantId: string): Promise<{ v11: string; v2: string; current: string }> {
  await publishSeededVersion("1.1");
  await publishSeededVersion("2.0");
  const db = getDatabase();
  const newest = await currentFormVersion("wgs-cancer");
  const [v11, v2] = await Promise.all(["1.1", newest.version].map((version) => db.consentFormVersion.findFirstOrThrow({ where: { formKey: "wgs-cancer", version, status: "published" }, select: { id: true, contentHash: true } })));
  await db.consentState.update({ where: { participantId }, data: { formVersionId: v11!.id, formVersionHash: v11!.contentHash, status: "reconsent_required", pendingFormVersionId: v2!.id, interimRule: "continue_previous" } });
  // Staff asked for the decision by a day (ADR 120); the same day whichever test set it.
  await db.reconsentDeadline.upsert({ where: { formVersionId: v2!.id }, create: { formVersionId: v2!.id, deadline: new Date(`${deadline}T00:00:00Z`) }, update: { deadline: new Date(`${deadline}T00:00:00Z`) } });
  return { v11: v11!.id, v2: v2!.id, current: newest.version };
}

/** The radio for `value` of choice `id` on a choice screen, found by the hidden field that names the choice's row. */
async function answer(page: import("@playwright/test").Page, id: string, value: string) {
  const name = await page.locator(`input[type=hidden][value="${id}"]`).getAttribute("name");
  return page.locator(`input[type=radio][name="answers.${name!.split(".")[1]}"][value="${value}"]`);
}

for (const language of walkedIn("ja-easy")) {
  test(`[participant] re-consents to what changed only, earlier choices carried over, JavaScript off (${language})`, async ({ page, context, browser }) => {
    const participant = await consentedParticipant({ language, choices: { "share.industry": "no", "share.international": "yes", "recontact.research": "no" } });
    const { v2, current } = await signedOnOneOne(participant.id);
    const version = await loadFormVersion(v2);
    const text = version.content.languages[language];
    const t = plainTranslator(language, "journey");
    await signInAs(context, participant.user!);
    await useLanguage(context, language);

    // What changed, first: the two changed sections and overseas sharing; the earlier answers kept.
    await page.goto("/consent/journey");
    const changes = page.getByTestId("reconsent-changes");
    const said = await textWithoutReadings(changes);
    expect(said).toContain(t("reconsent.heading", { previous: "1.1", version: current }));
    for (const id of ["what_happens", "data_sharing"]) expect(said).toContain(text.sections.find((section) => section.id === id)!.heading);
    expect(said).toContain(text.choices["share.international"]!.title);
    // The disposition after a death or loss of capacity (ADR 143) is asked too: 2.0 adds it.
    expect(said).toContain(text.choices["disposition.life_event"]!.title);
    expect(said).toContain(t("reconsent.intro", { previous: "1.1", steps: 6, fullSteps: totalSteps(outlineOf(version.content)) }));
    expect(said).toContain(text.choices["share.industry"]!.options.no);
    expect(said).toContain(t("reconsent.deadline", { date: formatCalendarDay(deadline, language) }));
    await axeAsServed(browser, context, "/consent/journey", { openMenu: false });
    await expectSoundLayout(page, `re-consent start (${language})`);

    await page.locator("form.panel button[type=submit]").click();
    await page.waitForURL(/\/consent\/journey\/section\/1$/);
    await expect(page.getByTestId("reconsent-path")).toBeVisible();
    expect(await textWithoutReadings(page.locator("main h1"))).toBe(text.sections.find((section) => section.id === "what_happens")!.heading);
    await page.locator(".journey-nav .button").first().click();
    await page.waitForURL(/\/section\/2$/);
    expect(await textWithoutReadings(page.locator("main h1"))).toBe(text.sections.find((section) => section.id === "data_sharing")!.heading);
    await page.locator(".journey-nav .button").first().click();
    await page.waitForURL(/\/choice\/1$/);

    // The changed choice is not chosen for them; the unchanged ones on its screen are filled in with their answers.
    await expect(await answer(page, "share.international", "yes")).not.toBeChecked();
    await expect(await answer(page, "share.international", "no")).not.toBeChecked();
    await expect(await answer(page, "share.industry", "no")).toBeChecked();
    await axeAsServed(browser, context, "/consent/journey/choice/1", { openMenu: false });
    await expectSoundLayout(page, `re-consent choice (${language})`);
    await (await answer(page, "share.international", "no")).check();
    await page.locator(".journey-nav .button").first().click();
    await page.waitForURL(/\/choice\/2$/);
    await (await answer(page, "disposition.life_event", "stop_new_use")).check();
    await page.locator(".journey-nav .button").first().click();
    await page.waitForURL(/\/review$/);

    const review = await textWithoutReadings(page.getByTestId("journey-review"));
    expect(review).toContain(t("reconsent.carriedValue"));
    await page.locator(".journey-nav .button").first().click();
    await page.waitForURL(/\/sign$/);
    await page.locator('input[name="printedName"]').fill(participant.fullName);
    await page.locator("main form button[type=submit]").last().click();
    await page.waitForURL(/\/done\//);

    const state = await getDatabase().consentState.findUniqueOrThrow({ where: { participantId: participant.id } });
    expect(state).toMatchObject({ status: "active", formVersionId: v2 });
    expect(state.choices).toMatchObject({ "share.industry": "no", "share.international": "no", "recontact.research": "no", "core.wgs": "yes", "disposition.life_event": "stop_new_use" });
  });
}
