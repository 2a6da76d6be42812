// The chair of the data-use committee (issue 15 items 3 and 4; ADR 040, ADR 043) in the browser, in 日本語 and English,
// axe on every page: with one vote of four the tally is not quorate, and once the chair has closed the vote the
// decision form offers only a deferral — an approval forced into the form is refused by the server and nothing is
// approved; the deferral opens round 2, where the members vote again, the chair votes too and, after closing,
// approves (refused first without the conditions a member's vote asked for). The public register lists the approval.
import { inLanguage, titleOf } from "../../app/domain/access/applications/application-content";
import { castVote } from "../../app/domain/access/committee/cast-vote.server";
import { getDatabase } from "../../app/db.server";
import { signInAs } from "./support/accounts";
import { applicationInReview, completeContent, declareNoConflict, request, restoreCommittee, seatCommittee } from "./support/committee";
import { useLanguage } from "./support/language";
import { plainTranslator } from "./support/words";
import { expect, test } from "./fixtures";
import { budget } from "./support/budget";
import { walkedIn } from "./support/walked-in";

test.describe.configure({ mode: "serial" });
test.afterEach(restoreCommittee);
// A decision the tally does not allow, or without its conditions, is answered 409, which Chromium logs.
test.use({ allowedConsoleErrors: [/the server responded with a status of 409 \(Conflict\)/] });

for (const language of walkedIn<"ja" | "en">("en")) {
  test(`[chair] cannot approve without quorum, then approves and the register shows it (${language})`, async ({ page, context, axe }) => {
    test.setTimeout(budget(240_000));
    const t = plainTranslator(language, "access");
    const errors = plainTranslator(language, "errors");
    const register = plainTranslator(language, "register");
    const [chair, expert, secondExpert, panel] = await seatCommittee([
      { seat: "chair", sex: "male", name: "委員長 一郎" },
      { seat: "expert", sex: "female", name: "専門 二葉" },
      { seat: "expert", sex: "male", name: "専門 三郎" },
      { seat: "panel", sex: "female", name: "パネル 四葉" },
    ]);
    const content = completeContent({
      titleJa: `遺伝性乳がんの体質の研究 ${language}`,
      titleEn: `Hereditary breast cancer study ${language}`,
      laySummaryJa: "乳がんになりやすい体質の遺伝子の変化を調べます。",
      laySummaryEn: "We look for gene changes that make breast cancer more likely.",
    });
    const { id, reference, applicant } = await applicationInReview(content);
    await declareNoConflict([expert!, secondExpert!, panel!], id);
    // Round 1: only the panel member votes — one of four, short of the three a quorum needs.
    await castVote({ userId: panel!.id, applicationId: id, choice: "approve", rationale: "賛成", conditions: "", request });

    await useLanguage(context, language);
    await signInAs(context, chair!);
    await page.goto("/committee");
    await expect(page.getByRole("heading", { level: 1, name: t("committee.title") })).toBeVisible();
    await page.getByRole("row").filter({ hasText: reference }).getByRole("link", { name: reference }).click();
    await expect(page.getByRole("heading", { level: 2, name: t("declare.heading") })).toBeVisible();
    await axe.expectNoAxeViolations();
    await page.getByRole("radio", { name: t("declare.no") }).check();
    await page.getByRole("button", { name: t("declare.submit"), exact: true }).click();
    await expect(page.getByRole("status")).toHaveText(t("review.notices.declare"));

    // The rule is stated; the tally is not quorate.
    await expect(page.getByTestId("tally-rule")).toContainText(t("tally.rule", { quorum: 50, majority: 50 }));
    await expect(page.getByTestId("tally-rule")).toContainText(t("tally.panelNeeded"));
    await expect(page.getByTestId("tally-state")).toContainText(t("tally.state", { cast: 1, eligible: 4, needs: 3 }));
    await expect(page.getByTestId("tally-state")).toContainText(t("tally.notQuorate"));
    const chairSection = page.getByRole("region", { name: t("chair.heading"), exact: true });
    // The decision waits for the vote to close.
    await expect(chairSection.getByRole("button", { name: t("chair.submit") })).toHaveCount(0);
    await axe.expectNoAxeViolations();
    // Closing cannot be undone: the box to tick states the votes cast (issue 29 item 6).
    await chairSection.getByLabel(t("chair.closeConfirm_other", { count: 1, eligible: 4 })).check();
    await chairSection.getByRole("button", { name: t("chair.close") }).click();
    await expect(page.getByRole("status")).toHaveText(t("review.notices.close"));

    // Only a deferral is offered.
    const outcomes = chairSection.getByRole("group", { name: t("chair.outcome"), exact: true }).getByRole("radio");
    await expect(outcomes).toHaveCount(1);
    await expect(chairSection.getByRole("radio", { name: t("outcomes.deferred") })).toBeVisible();
    await expect(chairSection.getByText(t("chair.onlyDefer"))).toBeVisible();
    await axe.expectNoAxeViolations();

    // An approval forced into the form (as a hand-made request would send it) is refused, and nothing is approved.
    const endsOn = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
    await outcomes.first().evaluate((radio: HTMLInputElement) => {
      radio.value = "approved";
      radio.checked = true;
    });
    await chairSection.getByLabel(t("chair.endsOn")).fill(endsOn);
    await chairSection.locator("#confirm-decide").check();
    await chairSection.getByRole("button", { name: t("chair.submit") }).click();
    await expect(page.getByRole("alert")).toContainText(errors("decision_not_allowed"));
    await axe.expectNoAxeViolations();
    expect(await getDatabase().dataAccessApproval.count({ where: { applicationId: id } })).toBe(0);
    expect(await getDatabase().applicationDecision.count({ where: { applicationId: id } })).toBe(0);

    // The chair defers: round 2 opens, and round 1's decision is listed.
    await page.reload();
    await chairSection.getByRole("radio", { name: t("outcomes.deferred") }).check();
    await chairSection.getByLabel(t("chair.rationale")).fill(language === "ja" ? "定足数に達しませんでした。" : "The vote was not quorate.");
    await chairSection.locator("#confirm-decide").check();
    await chairSection.getByRole("button", { name: t("chair.submit") }).click();
    await expect(page.getByRole("status")).toHaveText(t("review.notices.decide"));
    await expect(page.getByRole("heading", { level: 2, name: t("votes.heading", { round: 2 }) })).toBeVisible();
    await expect(page.getByRole("region", { name: t("review.decisions"), exact: true })).toContainText(t("review.decisionLine", { round: 1, outcome: t("outcomes.deferred") }));
    await expect(page.getByTestId("tally-state")).toContainText(t("tally.state", { cast: 0, eligible: 4, needs: 3 }));
    await axe.expectNoAxeViolations();

    // Round 2: the members vote again, one with a condition; the chair votes on the page.
    const conditions = language === "ja" ? "論文の公表前に事務局へ届け出ること。" : "Tell the secretariat before publishing.";
    await castVote({ userId: expert!.id, applicationId: id, choice: "approve_with_conditions", rationale: "妥当", conditions, request });
    await castVote({ userId: secondExpert!.id, applicationId: id, choice: "approve", rationale: "妥当", conditions: "", request });
    await castVote({ userId: panel!.id, applicationId: id, choice: "approve", rationale: "賛成", conditions: "", request });
    await page.reload();
    await page.getByRole("radio", { name: t("choices.approve"), exact: true }).check();
    await page.getByLabel(t("votes.rationale"), { exact: true }).fill(language === "ja" ? "計画と安全管理が妥当です。" : "A sound plan with safeguards.");
    await page.getByRole("button", { name: t("votes.submit"), exact: true }).click();
    await expect(page.getByRole("status")).toHaveText(t("review.notices.vote"));
    await expect(page.getByTestId("tally-state")).toContainText(t("tally.state", { cast: 4, eligible: 4, needs: 3 }));
    await expect(page.getByTestId("tally-state")).toContainText(t("tally.quorate"));
    await chairSection.getByLabel(t("chair.closeConfirm_other", { count: 4, eligible: 4 })).check();
    await chairSection.getByRole("button", { name: t("chair.close") }).click();
    await expect(page.getByRole("status")).toHaveText(t("review.notices.close"));
    await expect(outcomes).toHaveCount(2);
    await expect(chairSection.getByText(t("chair.onlyDefer"))).toHaveCount(0);
    await axe.expectNoAxeViolations();

    // Approving without the conditions a member asked for is refused; with them, it is recorded.
    await chairSection.getByRole("radio", { name: t("outcomes.approved") }).check();
    await chairSection.getByLabel(t("chair.endsOn")).fill(endsOn);
    await chairSection.locator("#confirm-decide").check();
    await chairSection.getByRole("button", { name: t("chair.submit") }).click();
    await expect(page.getByRole("alert")).toContainText(errors("conditions_required"));
    expect(await getDatabase().dataAccessApproval.count({ where: { applicationId: id } })).toBe(0);
    await page.reload();
    await chairSection.getByRole("radio", { name: t("outcomes.approved") }).check();
    await chairSection.getByLabel(t("chair.endsOn")).fill(endsOn);
    await chairSection.getByLabel(t("chair.conditions")).fill(conditions);
    await chairSection.locator("#confirm-decide").check();
    await chairSection.getByRole("button", { name: t("chair.submit") }).click();
    await expect(page.getByRole("status")).toHaveText(t("review.notices.decide"));
    await expect(page.getByRole("region", { name: t("review.decisions"), exact: true })).toContainText(t("review.decisionLine", { round: 2, outcome: t("outcomes.approved") }));
    await expect(chairSection).toHaveCount(0);
    await axe.expectNoAxeViolations();
    const approval = await getDatabase().dataAccessApproval.findFirstOrThrow({ where: { applicationId: id } });
    expect(approval).toMatchObject({ status: "active", conditions, datasets: ["wgs-cancer-2026"], recipientInstitution: applicant.institution, recipientName: applicant.displayName });
    expect(approval.endsAt.toISOString()).toBe(new Date(`${endsOn}T23:59:59.999+09:00`).toISOString());

    // The public register, signed out, lists it and gives its page.
    const visitor = await context.browser()!.newContext({ baseURL: new URL(page.url()).origin });
    await useLanguage(visitor, language);
    const reader = await visitor.newPage();
    await reader.goto("/register");
    await expect(reader.getByRole("heading", { level: 1, name: register("title") })).toBeVisible();
    const entry = reader.locator(`[data-testid="register-entry"][data-reference="${reference}"]`);
    await expect(entry).toContainText(applicant.institution);
    await expect(entry).toContainText(applicant.displayName);
    await expect(entry.getByTestId("register-status")).toHaveText(register("status.active"));
    await axe.expectNoAxeViolations(reader);
    await entry.getByRole("link", { name: new RegExp(reference) }).click();
    await expect(reader.getByRole("heading", { level: 1 })).toContainText(inLanguage(titleOf(content), language));
    await expect(reader.getByTestId("register-lay-summary")).toHaveText(language === "ja" ? content.laySummaryJa : content.laySummaryEn);
    await axe.expectNoAxeViolations(reader);
    await visitor.close();
  });
}
