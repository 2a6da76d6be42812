// Requests about one's data (issue 58 items 2 and 6; ADR 142) in a real browser, on a phone, in 日本語, やさしい日本語 and
// English: a participant asks for deletion (reading first what can and cannot be deleted) and for a correction, gets
// a reference and a due date, and later reads the coordinator's answer with every step. axe and the layout check on
// every page; the participant's pages ship no app scripts, and one run (a proxy, for the child they represent) has
// JavaScript off.
import { getDatabase } from "../../app/db.server";
import { recordRightsStep } from "../../app/domain/rights/staff-rights-requests.server";
import { expect, test } from "./fixtures";
import { layoutProblems, layoutReport } from "./layout-check";
import { createUser, signInAs } from "./support/accounts";
import { budget } from "./support/budget";
import { useLanguage } from "./support/language";
import { phone } from "./support/viewports";
import { onPage, translator } from "./support/words";
import { consentedParticipant } from "./dashboard-fixtures";
import { walkedIn } from "./support/walked-in";

test.use({ viewport: phone });

async function expectLayoutHolds(page: import("@playwright/test").Page) {
  const problems = await layoutProblems(page);
  expect(problems, layoutReport(problems)).toEqual([]);
}

for (const language of walkedIn("ja-easy")) {
  test(`[participant, ${language}] asks for deletion and for a correction, and reads the answer step by step`, async ({ page, context, axe }) => {
    test.setTimeout(budget(60_000));
    const t = translator(language, "dashboard");
    const participant = await consentedParticipant({ language });
    await signInAs(context, participant.user!);
    await useLanguage(context, language);

    await page.goto("/consent");
    await page.getByRole("link", { name: t("rights.title") }).click();
    await expect(page).toHaveURL(/\/requests$/);
    await axe.expectNoAxeViolations();
    await expectLayoutHolds(page);

    await page.getByRole("link", { name: t("rights.kinds.deletion.link") }).click();
    await expect(page.getByTestId("deletion-limits")).toBeVisible();
    await axe.expectNoAxeViolations();
    await expectLayoutHolds(page);
    // Not ticked: refused in words, nothing made.
    await page.getByRole("button", { name: t("rights.submit") }).click();
    await expect(page.getByText(t("rights.deletion.confirmRequired"))).toBeVisible();
    await page.getByLabel(t("rights.deletion.confirmLabel")).check();
    await page.getByRole("button", { name: t("rights.submit") }).click();
    await expect(page).toHaveURL(/\/requests\/[0-9a-f-]{36}\?made=1$/);
    await expect(page.getByTestId("rights-reference")).toHaveText(/^RQ-[A-Z0-9]{8}$/);
    await expect(page.getByTestId("rights-receipt")).toHaveAttribute("data-state", "received");
    await axe.expectNoAxeViolations();
    await expectLayoutHolds(page);

    await page.goto("/requests/new/correction");
    await page.getByLabel(t("rights.kinds.correction.detailsLabel")).fill("電話番号が古いです。03-1234-5678 が正しいです。");
    await page.getByRole("button", { name: t("rights.submit") }).click();
    await expect(page).toHaveURL(/\?made=1$/);
    const requestId = /\/requests\/([0-9a-f-]{36})/.exec(page.url())![1]!;

    // The clinic answers; the person reads every step.
    const coordinator = await createUser({ role: "coordinator", withTotp: true, facilities: [participant.facilityId] });
    await recordRightsStep({ requestId, actorUserId: coordinator.id, scope: { kind: "all" }, input: { state: "answered", outcome: "done", note: "訂正しました。" }, request: { ipAddress: "127.0.0.1", userAgent: "e2e" } });
    await page.goto(`/requests/${requestId}`);
    await expect(page.getByTestId("rights-receipt")).toHaveAttribute("data-state", "answered");
    await expect(page.getByTestId("rights-steps").locator("li")).toHaveCount(2);
    // What staff wrote, as the page shows it (with readings in やさしい日本語).
    await expect(page.getByTestId("rights-steps")).toContainText(onPage(language, "訂正しました。"));
    await axe.expectNoAxeViolations();
    await expectLayoutHolds(page);

    await page.goto("/requests");
    await expect(page.getByTestId("rights-requests").locator("li")).toHaveCount(2);
  });
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("[proxy, ja] asks for a stop of use for the represented child", async ({ page, context }) => {
    test.setTimeout(budget(45_000));
    const child = await consentedParticipant({ byProxy: true, fullName: "山田 さくら" });
    await signInAs(context, child.proxy!);
    await useLanguage(context, "ja");
    await page.goto(`/requests?participant=${child.id}`);
    await expect(page.getByTestId("subject-note")).toContainText("山田 さくら");
    await page.getByRole("link", { name: "利用の停止を申し出る" }).click();
    await expect(page.getByTestId("subject-note")).toContainText("山田 さくら");
    await page.getByLabel("どの利用を止めてほしいか、その理由").fill("研究以外に使わないでください。");
    await page.getByRole("button", { name: "申し出る" }).click();
    await expect(page.getByTestId("rights-reference")).toHaveText(/^RQ-/);
    expect(await getDatabase().rightsRequest.count({ where: { participantId: child.id, kind: "stop_use", asProxy: true } })).toBe(1);
  });
});
