// Invitations to studies chosen by genome (issue 57 item 4; ADR 138) in a real browser, on a phone, in 日本語, やさしい日本語
// and English: the participant finds the invitation from home, reads why they were invited (the gene only because they
// chose to know), sees exactly what a yes would hand over, says no to one study and yes to another. axe and the layout
// check on every page; the pages ship no app scripts, and one run (a proxy) has JavaScript off.
import { expect, test } from "./fixtures";
import { layoutProblems, layoutReport } from "./layout-check";
import { signInAs } from "./support/accounts";
import { budget } from "./support/budget";
import { useLanguage } from "./support/language";
import { phone } from "./support/viewports";
import { onPage, plainTranslator, translator } from "./support/words";
import { consentedParticipant } from "./dashboard-fixtures";
import { createApplication } from "../factories/data-access-factory";
import { createStudyInvitation } from "../factories/study-invitation-factory";
import { walkedIn } from "./support/walked-in";

test.use({ viewport: phone });

async function expectLayoutHolds(page: import("@playwright/test").Page) {
  const problems = await layoutProblems(page);
  expect(problems, layoutReport(problems)).toEqual([]);
}

const research = { "recontact.research": "yes", "recontact.frequency": "as_needed", "recontact.channel": "email" };

for (const language of walkedIn("ja-easy")) {
  test(`[participant, ${language}] declines one study's invitation and accepts another's, seeing what is handed over before saying yes`, async ({ page, context, axe }) => {
    test.setTimeout(budget(90_000));
    const t = translator(language, "recontact");
    const words = plainTranslator(language, "recontact");
    const participant = await consentedParticipant({ language, choices: research });
    const declined = await createApplication({ content: { titleJa: "肺がんの新しい治療の研究", titleEn: "A new treatment for lung cancer" } });
    const accepted = await createApplication({ content: { titleJa: "大腸がんの治験", titleEn: "A colorectal cancer trial" } });
    const no = await createStudyInvitation({ approvalId: declined.approvalId!, participantIds: [participant.id], studyId: "jRCT2031240101", gene: "EGFR", createdById: participant.user!.id });
    const yes = await createStudyInvitation({ approvalId: accepted.approvalId!, participantIds: [participant.id], registry: "ClinicalTrials.gov", studyId: "NCT06000001", gene: "KRAS", createdById: participant.user!.id });

    await signInAs(context, participant.user!);
    await useLanguage(context, language);
    await page.goto("/home");
    await page.getByRole("link", { name: t("studyInvitation.dashboardLink") }).first().click();
    await expect(page).toHaveURL(/\/study-invitations$/);
    await expect(page.getByTestId("study-invitation")).toHaveCount(2);
    await axe.expectNoAxeViolations();
    await expectLayoutHolds(page);

    // The first: the gene named (they chose to receive their result), the details a yes hands over listed; they say no.
    await page.goto(`/study-invitations/${no.deliveries[participant.id]}`);
    await expect(page.getByTestId("study-invitation-why")).toHaveText(onPage(language, words("studyInvitation.why.somatic", { gene: "EGFR" }), { exact: true }));
    await expect(page.getByTestId("handover-details")).toContainText(participant.fullName);
    await expect(page.getByRole("link", { name: /jRCT2031240101/ })).toHaveAttribute("href", "https://jrct.mhlw.go.jp/latest-detail/jRCT2031240101");
    await axe.expectNoAxeViolations();
    await expectLayoutHolds(page);
    await page.locator('button[value="no"]').click();
    await expect(page.getByTestId("study-invitation-done")).toContainText(onPage(language, words("studyInvitation.done.no")));
    await expect(page.getByTestId("study-invitation-closed")).toContainText(onPage(language, words("studyInvitation.answered.no")));
    await expect(page.locator('button[value="yes"]')).toHaveCount(0);
    await axe.expectNoAxeViolations();

    // The second: yes, and the page then says what was handed over, and when.
    await page.goto(`/study-invitations/${yes.deliveries[participant.id]}`);
    await page.locator('button[value="yes"]').click();
    await expect(page.getByTestId("study-invitation-done")).toContainText(onPage(language, words("studyInvitation.done.yes")));
    await expect(page.getByTestId("study-invitation-handed-over")).toContainText(participant.fullName);
    await axe.expectNoAxeViolations();
    await expectLayoutHolds(page);
  });
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("[proxy, ja] reads the represented child's invitation without the gene the family chose not to know, and says yes for the child", async ({ page, context }) => {
    test.setTimeout(budget(60_000));
    const child = await consentedParticipant({ byProxy: true, fullName: "山田 さくら", choices: { ...research, "return.primary": "no" } });
    const application = await createApplication();
    const invited = await createStudyInvitation({ approvalId: application.approvalId!, participantIds: [child.id], studyId: "jRCT2031240202", gene: "ALK", createdById: child.proxy!.id });
    await signInAs(context, child.proxy!);
    await useLanguage(context, "ja");
    await page.goto(`/study-invitations?participant=${child.id}`);
    await expect(page.getByTestId("subject-note")).toContainText("山田 さくら");
    await page.getByRole("link", { name: "お誘いを読む" }).click();
    await expect(page.getByTestId("study-invitation-why")).toContainText("山田 さくらさんの解析の結果");
    await expect(page.locator("main")).not.toContainText("ALK");
    await page.getByRole("button", { name: "はい、この情報を研究チームに渡す" }).click();
    await expect(page.getByTestId("study-invitation-handed-over")).toContainText("山田 さくらさんについて「はい」");
    expect(page.url()).toContain(`/study-invitations/${invited.deliveries[child.id]}`);
  });
});
