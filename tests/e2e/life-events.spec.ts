// After a death or a loss of capacity (issue 58, ADR 143–144) in a real browser, on a phone: a proxy reads on /consent, in
// 日本語, やさしい日本語 and English, what the clinic recorded, what the person chose for such a time and what applies now
// (the rule's own answer), with nothing left to change but a stricter withdrawal; one run with JavaScript off. A
// coordinator appoints the relative the participant named as proxy and is handed the invitation's code. axe and the
// layout check on every page.
import { getDatabase } from "../../app/db.server";
import { recordLifeEvent } from "../../app/domain/consent/records/record-life-event.server";
import { createFamilyAccess } from "../factories/family-factory";
import { expect, test } from "./fixtures";
import { layoutProblems, layoutReport } from "./layout-check";
import { createUser, signInAs } from "./support/accounts";
import { budget } from "./support/budget";
import { useLanguage } from "./support/language";
import { phone } from "./support/viewports";
import { translator } from "./support/words";
import { consentedParticipant } from "./dashboard-fixtures";
import { walkedIn } from "./support/walked-in";

test.use({ viewport: phone });

const request = { ipAddress: "127.0.0.1", userAgent: "e2e" };
const clinic = { userId: null, role: "coordinator" };
const yesterday = () => new Date(Date.now() + 9 * 3600_000 - 86_400_000).toISOString().slice(0, 10);

async function expectLayoutHolds(page: import("@playwright/test").Page) {
  const problems = await layoutProblems(page);
  expect(problems, layoutReport(problems)).toEqual([]);
}

for (const language of walkedIn("ja")) {
  test(`[proxy, ${language}] reads what was recorded and what applies now, with only a stricter withdrawal left`, async ({ page, context, axe }) => {
    test.setTimeout(budget(45_000));
    const t = translator(language, "dashboard");
    // Stop new use, whether the form in force asks it or not (then the rule reads its absence the same way).
    const child = await consentedParticipant({ byProxy: true, fullName: "山田 さくら", language, choices: { "disposition.life_event": "stop_new_use" } });
    await recordLifeEvent({ participantId: child.id, input: { kind: "incapacity", occurredOn: yesterday(), source: "clinician_assessment", confirm: "yes" }, actor: clinic, request });
    await signInAs(context, child.proxy!);
    await useLanguage(context, language);
    await page.goto(`/consent?participant=${child.id}`);
    const standing = page.getByTestId("life-event-standing");
    await expect(standing.getByRole("heading", { level: 2 })).toHaveText(t("lifeEventStanding.heading.incapacity"));
    // Without a choice on record the rule stops new use: what stops is listed from the rule, and nothing can be changed.
    await expect(standing.getByTestId("explanation-no_further_use")).toBeVisible();
    await expect(page.getByRole("link", { name: t("choices.change"), exact: true })).toHaveCount(0);
    await expect(page.locator(`a[href="/consent/withdraw?participant=${child.id}"]`).first()).toBeVisible();
    await axe.expectNoAxeViolations();
    await expectLayoutHolds(page);
  });
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("[proxy, ja-easy] after a death: the page says so and offers no change", async ({ page, context }) => {
    test.setTimeout(budget(30_000));
    const t = translator("ja-easy", "dashboard");
    const child = await consentedParticipant({ byProxy: true, fullName: "山田 さくら", language: "ja-easy" });
    await recordLifeEvent({ participantId: child.id, input: { kind: "death", occurredOn: yesterday(), source: "hospital_record", confirm: "yes" }, actor: clinic, request });
    await signInAs(context, child.proxy!);
    await useLanguage(context, "ja-easy");
    await page.goto(`/consent?participant=${child.id}`);
    await expect(page.getByTestId("life-event-standing").getByRole("heading", { level: 2 })).toHaveText(t("lifeEventStanding.heading.death"));
    await expect(page.getByRole("link", { name: t("choices.change"), exact: true })).toHaveCount(0);
    await expectLayoutHolds(page);
  });
});

test("[coordinator, en] appoints the relative the participant named as proxy after a loss of capacity", async ({ page, context, axe }) => {
  test.setTimeout(budget(45_000));
  const t = translator("en", "enrolment");
  const participant = await consentedParticipant({ language: "en" });
  const relative = await createFamilyAccess({ participantId: participant.id, invitedById: participant.user!.id, fullName: "佐藤 花子", relationship: "spouse" });
  await getDatabase().familyAccess.updateMany({ where: { participantId: participant.id, familyUserId: relative.id }, data: { nominatedAt: new Date() } });
  await recordLifeEvent({ participantId: participant.id, input: { kind: "incapacity", occurredOn: yesterday(), source: "clinician_assessment", confirm: "yes" }, actor: clinic, request });
  const coordinator = await createUser({ role: "coordinator", withTotp: true, facilities: [participant.facilityId] });
  await signInAs(context, coordinator);
  await useLanguage(context, "en");
  await page.goto(`/staff/participants/${participant.id}`);
  await page.getByRole("link", { name: t("participant.actions.appointProxy") }).click();
  await expect(page.getByTestId("appoint-proxy-nominee")).toContainText("佐藤 花子");
  await expect(page.getByLabel(t("fields.proxyEmail"))).toHaveValue(relative.email);
  await axe.expectNoAxeViolations();
  await page.getByLabel(t("appointProxy.confirm")).check();
  await page.getByRole("button", { name: t("appointProxy.appoint") }).click();
  await expect(page).toHaveURL(new RegExp(`/staff/participants/${participant.id}/handover$`));
  expect(await getDatabase().proxyAssignment.count({ where: { participantId: participant.id, endedAt: null, email: relative.email } })).toBe(1);
  await axe.expectNoAxeViolations();
});
