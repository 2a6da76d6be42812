// A participant-panel member on the data-use committee (issue 15 item 3; ADR 040) in the browser, in 日本語,
// やさしい日本語 and English, with JavaScript and without, axe on every page (with JavaScript): the member sees only
// who applies and the title until they declare no conflict; then the lay summary comes first, a glossary of the
// words used, the consent matching in a sentence; they add a comment, see the others' votes hidden until they vote,
// vote with their reasons, and then read the others' votes. The committee around them is seated for the test.
import { inLanguage, titleOf } from "../../app/domain/access/applications/application-content";
import type { Locator } from "@playwright/test";
import { researchPurposeOf } from "../../app/domain/access/applications/application-content";
import { castVote } from "../../app/domain/access/committee/cast-vote.server";
import { countConsentMatchesFor } from "../../app/domain/access/matching/count-consent-matches.server";
import { getDatabase } from "../../app/db.server";
import { signInAs } from "./support/accounts";
import { applicationInReview, completeContent, declareNoConflict, request, restoreCommittee, seatCommittee } from "./support/committee";
import { e2eBaseUrl } from "./support/e2e-env";
import { useLanguage } from "./support/language";
import { onPage, plainTranslator, translator } from "./support/words";
import { expect, expectNoAxeViolations, test } from "./fixtures";
import { budget } from "./support/budget";
import { walkedIn } from "./support/walked-in";

test.describe.configure({ mode: "serial" });
test.afterEach(restoreCommittee);

const laySummary = "乳がんになりやすい体質の遺伝子の変化を調べ、早く見つける方法を考えます。";

async function top(locator: Locator): Promise<number> {
  const box = await locator.boundingBox();
  expect(box, "the element is laid out").not.toBeNull();
  return box!.y;
}

for (const javaScriptEnabled of [true, false]) {
  for (const language of javaScriptEnabled ? walkedIn("ja-easy") : walkedIn("en")) {
    test(`[panel member] declares no conflict, reads the lay summary and votes (${language}, ${javaScriptEnabled ? "with" : "without"} JavaScript)`, async ({ browser }) => {
      test.setTimeout(budget(180_000));
      const t = translator(language, "access");
      const plain = plainTranslator(language, "access");
      const [chair, expert, panel] = await seatCommittee([
        { seat: "chair", sex: "male", name: "委員長 一郎" },
        { seat: "expert", sex: "male", name: "専門 二郎" },
        { seat: "panel", sex: "female", name: "パネル 花子" },
      ]);
      const content = completeContent({ titleJa: `遺伝性乳がんの研究 ${language} ${javaScriptEnabled ? "js" : "nojs"}`, laySummaryJa: laySummary });
      const { id, reference, applicant } = await applicationInReview(content);
      // The expert has already voted, with a condition; the chair has only declared.
      await declareNoConflict([chair!, expert!], id);
      await castVote({ userId: expert!.id, applicationId: id, choice: "approve_with_conditions", rationale: "妥当な計画", conditions: "公表前に届け出ること", request });

      const context = await browser.newContext({ baseURL: e2eBaseUrl, javaScriptEnabled, locale: language === "en" ? "en-GB" : "ja-JP" });
      const page = await context.newPage();
      const check = async () => {
        if (javaScriptEnabled) await expectNoAxeViolations(page);
      };
      await useLanguage(context, language);
      await signInAs(context, panel!);

      // The committee's list: this application, and the member's step is to declare.
      await page.goto("/committee");
      await expect(page.getByRole("heading", { level: 1, name: t("committee.title") })).toBeVisible();
      const row = page.getByRole("row").filter({ hasText: reference });
      await expect(row).toContainText(t("committee.steps.declare"));
      await check();
      await row.getByRole("link", { name: reference }).click();

      // Before declaring: who applies and the title, nothing of the application itself.
      await expect(page.getByRole("heading", { level: 1 })).toContainText(reference);
      await expect(page.getByRole("heading", { level: 1 })).toContainText(onPage(language, inLanguage(titleOf(content), language)));
      await expect(page.getByText(onPage(language, applicant.institution))).toBeVisible();
      await expect(page.getByRole("heading", { level: 2, name: t("declare.heading") })).toBeVisible();
      await expect(page.getByText(onPage(language, laySummary))).toHaveCount(0);
      await expect(page.getByTestId("matching-sentence")).toHaveCount(0);
      await check();
      await page.getByRole("radio", { name: t("declare.no") }).check();
      await page.getByRole("button", { name: t("declare.submit", {}, { exact: true }), exact: true }).click();
      await expect(page.getByRole("status")).toHaveText(t("review.notices.declare", {}, { exact: true }));

      // The lay summary first, above the application in full.
      const lay = page.getByRole("region", { name: t("view.laySummary", {}, { exact: true }) });
      await expect(lay).toContainText(onPage(language, laySummary));
      await expect(lay).toContainText(content.laySummaryEn);
      const details = page.getByRole("region", { name: t("view.details", {}, { exact: true }) });
      expect(await top(lay)).toBeLessThan(await top(details));
      await check();

      // The glossary opens (a <details>, with or without JavaScript) and explains the words.
      const glossarySummary = page.locator("summary").filter({ hasText: t("glossary.heading", {}, { exact: true }) });
      const glossary = page.locator("details").filter({ has: glossarySummary });
      await expect(glossary.getByText(t("glossary.terms.quorum.meaning"))).toBeHidden();
      await glossarySummary.click();
      await expect(glossary.getByText(t("glossary.terms.quorum.term", {}, { exact: true }), { exact: true })).toBeVisible();
      await expect(glossary.getByText(t("glossary.terms.quorum.meaning"))).toBeVisible();
      await expect(glossary.getByText(t("glossary.terms.IRB.meaning"))).toBeVisible();

      // Automatic consent matching said in a sentence, counted over the participants now.
      const { totals } = await countConsentMatchesFor({ purpose: researchPurposeOf(content), recipientType: content.recipientType, recipientCountry: content.recipientCountry });
      const total = totals.approve.participants + totals.deny.participants + totals.abstain.participants;
      await expect(page.getByRole("region", { name: t("matching.heading", {}, { exact: true }) })).toBeVisible();
      await expect(page.getByTestId("matching-sentence")).toHaveText(
        t("matching.plain", { total, approve: totals.approve.participants, deny: totals.deny.participants, abstain: totals.abstain.participants }, { exact: true }),
      );
      await check();

      // A comment, then the vote: the expert's vote stays hidden until the member's own is cast.
      const comment = language === "en" ? "Patients would welcome earlier detection." : "早く見つかることは患者にとって大切です。";
      await page.getByLabel(t("comments.body", {}, { exact: true }), { exact: true }).fill(comment);
      await page.getByRole("button", { name: t("comments.submit", {}, { exact: true }), exact: true }).click();
      await expect(page.getByRole("status")).toHaveText(t("review.notices.comment", {}, { exact: true }));
      await expect(page.getByRole("region", { name: t("comments.heading", {}, { exact: true }) })).toContainText(onPage(language, comment));
      await expect(page.getByTestId("votes-hidden")).toHaveText(t("votes.hidden", { count: 1 }, { exact: true }));
      await expect(page.getByText(onPage(language, "妥当な計画"))).toHaveCount(0);
      await check();

      await page
        .getByRole("radio", { name: t("choices.approve", {}, { exact: true }), exact: true })
        // In やさしい日本語 the pattern that allows each kanji its reading also takes 「承認しない」 (okurigana look like a
        // reading): the option is the one whose value is approve, among those so named.
        .and(page.locator('[value="approve"]'))
        .check();
      const rationale = language === "en" ? "Clear purpose and safeguards." : "目的と安全管理がはっきりしています。";
      await page.getByLabel(t("votes.rationale", {}, { exact: true }), { exact: true }).fill(rationale);
      await page.getByRole("button", { name: t("votes.submit", {}, { exact: true }), exact: true }).click();
      await expect(page.getByRole("status")).toHaveText(t("review.notices.vote", {}, { exact: true }));
      await expect(page.getByTestId("own-vote")).toHaveText(t("votes.yours", { choice: plain("choices.approve") }, { exact: true }));
      const votes = page.getByTestId("votes");
      await expect(votes.getByRole("listitem")).toHaveCount(2);
      await expect(votes.getByRole("listitem").filter({ hasText: onPage(language, "専門 二郎") })).toContainText(onPage(language, "妥当な計画"));
      await expect(votes.getByRole("listitem").filter({ hasText: onPage(language, "専門 二郎") })).toContainText(onPage(language, "公表前に届け出ること"));
      await expect(votes.getByRole("listitem").filter({ hasText: onPage(language, "パネル 花子") })).toContainText(onPage(language, rationale));
      await expect(page.getByTestId("tally-state")).toBeVisible();
      await check();
      const vote = await getDatabase().applicationVote.findFirstOrThrow({ where: { applicationId: id, userId: panel!.id } });
      expect([vote.choice, vote.seat, vote.round]).toEqual(["approve", "panel", 1]);

      // Back on the list, the step says the member has voted.
      await page.getByRole("link", { name: t("review.back", {}, { exact: true }) }).click();
      await expect(page.getByRole("row").filter({ hasText: reference })).toContainText(t("committee.steps.voted"));
      await check();
      await context.close();
    });
  }
}
