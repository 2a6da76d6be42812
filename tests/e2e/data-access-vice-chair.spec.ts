// The committee's vice-chair decides when the chair is recused (issue 27 item 7; ADR 040 amended 2026-12-02), one walk
// per language, JavaScript on and off in turn (the forms work without it), axe on every page where JavaScript runs.
// The chair has declared a conflict on the application; the vice-chair — an expert the secretariat designated (on the
// members page in the English walk) — declares none, votes, closes the vote and approves; the committee's page names
// the decision's maker and capacity. Refusals (the chair not recused, the vice-chair conflicted, two decisions at once)
// and bad input are in tests/integration/committee-vice-chair.test.ts.
import { getDatabase } from "../../app/db.server";
import { castVote } from "../../app/domain/access/committee/cast-vote.server";
import { declareConflict } from "../../app/domain/access/committee/declare-conflict.server";
import { designateViceChair } from "../../app/domain/access/committee/designate-vice-chair.server";
import { signInAs } from "./support/accounts";
import { budget } from "./support/budget";
import { applicationInReview, completeContent, declareNoConflict, request, restoreCommittee, seatCommittee, secretariatUser } from "./support/committee";
import { useLanguage } from "./support/language";
import { plainTranslator, translator } from "./support/words";
import { expect, test } from "./fixtures";

test.describe.configure({ mode: "serial" });
test.afterEach(restoreCommittee);

for (const [language, javaScriptEnabled, designateOnPage] of [
  ["ja", true, false],
  ["ja-easy", false, false],
  ["en", true, true],
] as const) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });
    test(`[vice-chair] closes the vote and approves while the chair is recused (${language})`, async ({ page, context, axe }) => {
      test.setTimeout(budget(120_000));
      const t = translator(language, "access");
      const plain = plainTranslator(language, "access");
      const check = async () => {
        if (javaScriptEnabled) await axe.expectNoAxeViolations();
      };
      const [chair, vice, expert, panel] = await seatCommittee([
        { seat: "chair", sex: "male", name: "委員長 一郎" },
        { seat: "expert", sex: "female", name: `副委員長 二葉 ${language}` },
        { seat: "expert", sex: "male", name: "専門 三郎" },
        { seat: "panel", sex: "female", name: "パネル 四葉" },
      ]);
      const viceName = `副委員長 二葉 ${language}`;
      const { id, reference } = await applicationInReview(completeContent({ titleJa: `希少疾患の研究 ${language}` }));
      await declareConflict({ userId: chair!.id, applicationId: id, conflicted: true, note: "申請者と共同研究をしています", request });
      await declareNoConflict([expert!, panel!], id);
      for (const member of [expert!, panel!]) await castVote({ userId: member.id, applicationId: id, choice: "approve", rationale: "妥当", conditions: "", request });
      await useLanguage(context, language);

      if (designateOnPage) {
        // The secretariat designates the vice-chair on the members page, which then shows it.
        await signInAs(context, await secretariatUser());
        await page.goto("/committee/members");
        const section = page.getByRole("region", { name: t("members.viceChairHeading", {}, { exact: true }), exact: true });
        await section.getByLabel(t("members.viceChairMember")).selectOption({ label: viceName });
        await section.getByRole("button", { name: t("members.viceChairSubmit") }).click();
        await expect(page.getByRole("status")).toHaveText(t("members.saved"));
        await expect(page.getByRole("row").filter({ hasText: viceName }).getByTestId("vice-chair-tag")).toHaveText(t("members.viceChairTag"));
        await check();
      } else {
        const member = await getDatabase().committeeMember.findFirstOrThrow({ where: { userId: vice!.id, endedAt: null } });
        await designateViceChair({ memberId: member.id, actorUserId: (await secretariatUser()).id, request });
      }

      await signInAs(context, vice!);
      await page.goto("/committee");
      await page.getByRole("row").filter({ hasText: reference }).getByRole("link", { name: reference }).click();
      await page.getByRole("radio", { name: t("declare.no") }).check();
      await page.getByRole("button", { name: t("declare.submit", {}, { exact: true }), exact: true }).click();
      await expect(page.getByRole("status")).toHaveText(t("review.notices.declare"));

      // The chair stepped aside: the page gives the vice-chair the chair's section, saying why.
      const viceSection = page.getByRole("region", { name: t("chair.viceHeading", {}, { exact: true }), exact: true });
      await expect(viceSection.getByText(t("chair.viceIntro"))).toBeVisible();
      await check();
      await page
        .getByRole("radio", { name: t("choices.approve", {}, { exact: true }), exact: true })
        // In やさしい日本語 the pattern that allows each kanji its reading also takes 「承認しない」 (okurigana look like a
        // reading): the option is the one whose value is approve, among those so named.
        .and(page.locator('[value="approve"]'))
        .check();
      await page.getByLabel(t("votes.rationale", {}, { exact: true }), { exact: true }).fill(language === "en" ? "A sound plan with safeguards." : "計画と安全管理が妥当です。");
      await page.getByRole("button", { name: t("votes.submit", {}, { exact: true }), exact: true }).click();
      await expect(page.getByRole("status")).toHaveText(t("review.notices.vote"));
      // Three of the three members not recused have voted: a quorum, with the panel's vote.
      await expect(page.getByTestId("tally-state")).toContainText(t("tally.quorate"));
      await viceSection.locator("#confirm-close").check();
      await viceSection.getByRole("button", { name: t("chair.close") }).click();
      await expect(page.getByRole("status")).toHaveText(t("review.notices.close"));
      await check();

      const endsOn = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
      await viceSection.getByRole("radio", { name: t("outcomes.approved") }).check();
      await viceSection.getByLabel(t("chair.endsOn")).fill(endsOn);
      await viceSection.locator("#confirm-decide").check();
      await viceSection.getByRole("button", { name: t("chair.submit") }).click();
      await expect(page.getByRole("status")).toHaveText(t("review.notices.decide"));
      const decisions = page.getByRole("region", { name: t("review.decisions", {}, { exact: true }), exact: true });
      await expect(decisions).toContainText(t("review.decisionLine", { round: 1, outcome: plain("outcomes.approved") }));
      await expect(decisions.getByTestId("decided-by")).toContainText(t("capacities.vice_chair"));
      await expect(decisions.getByTestId("decided-by")).toContainText(viceName);
      await check();

      const decision = await getDatabase().applicationDecision.findFirstOrThrow({ where: { applicationId: id } });
      expect([decision.outcome, decision.decidedById, decision.decidedAs]).toEqual(["approved", vice!.id, "vice_chair"]);
      expect(await getDatabase().dataAccessApproval.count({ where: { applicationId: id, status: "active" } })).toBe(1);
    });
  });
}
