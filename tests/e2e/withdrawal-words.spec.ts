import type { Page } from "@playwright/test";
import { getDatabase } from "../../app/db.server";
import { gateActions } from "@tsunagi/consent-rules/choice-catalogue";
import {
  decideAction,
  type DecisionRequest,
} from "@tsunagi/consent-rules/decide-action";
import {
  outcomeOf,
  requestVariants,
} from "../../app/domain/consent/explain/gate-effects";
import { projectionFromRow } from "../../app/domain/consent/ledger/ledger-rows";
import { translator } from "../../app/i18n/i18n";
import type { SupportedLanguage } from "../../app/i18n/languages";
import { languageCookie } from "../../app/i18n/language.server";
import { consentedParticipant } from "./dashboard-fixtures";
import { expect, test } from "./fixtures";
import { signInAs } from "./support/accounts";
import { onPage } from "./support/words";
import { e2eBaseUrl } from "./support/e2e-env";

// Issue 11, defect 1: after "no further use" the page said data and samples stay stored while the gate denied
// store, and said every choice can be changed a line above saying none can. Participants' pages work without
// JavaScript, so the walk runs with it off too; axe runs inside the page, so it scans only with JavaScript on.
test.describe.configure({ timeout: 180_000 });

async function setLanguage(page: Page, language: SupportedLanguage) {
  const [pair] = (await languageCookie.serialize(language)).split(";");
  const separator = pair!.indexOf("=");
  await page
    .context()
    .addCookies([
      {
        name: pair!.slice(0, separator),
        value: pair!.slice(separator + 1),
        url: e2eBaseUrl,
        httpOnly: true,
        sameSite: "Lax",
      },
    ]);
}

const walks = (["ja", "ja-easy", "en"] as const).flatMap((language) => [
  { language, javaScript: true },
  { language, javaScript: false },
]);

for (const { language, javaScript } of walks) {
  test.describe(javaScript ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: javaScript });
    test(`[participant, ${language}${javaScript ? "" : ", no JavaScript"}] withdraws at "no further use" and the page says what the gate does, once`, async ({
      page,
      context,
      axe,
    }) => {
      const scan = async () => {
        if (javaScript) await axe.expectNoAxeViolations();
      };
      const say = translator(language, "dashboard");
      const t = (key: string, options?: { exact?: boolean }) => onPage(language, say(key), options);
      const participant = await consentedParticipant({ language });
      await signInAs(context, participant.user!);
      await setLanguage(page, language);

      await page.goto("/consent/withdraw");
      await page.locator('input[name="level"][value="no_further_use"]').check();
      await page
        .getByRole("button", { name: t("withdraw.review", { exact: true }), exact: true })
        .click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(
        t("withdraw.confirmTitle", { exact: true }),
      );
      // Before confirming, the level says data and samples are kept — because the gate keeps allowing store.
      await expect(page.getByTestId("continues-no_further_use")).toContainText(
        t("explain.actions.store.allowed"),
      );
      await scan();
      await page
        .getByRole("button", { name: t("withdraw.confirm", { exact: true }), exact: true })
        .click();
      await expect(page).toHaveURL(/\/consent\?notice=withdrawn$/);

      const main = page.getByRole("main");
      const state = projectionFromRow(
        await getDatabase().consentState.findUniqueOrThrow({
          where: { participantId: participant.id },
        }),
      );
      expect(state).toMatchObject({
        status: "withdrawn",
        withdrawalLevel: "no_further_use",
      });

      // No contradiction about changing choices: the page says they cannot change, and nowhere that they can.
      await expect(main).toContainText(t("choices.locked"));
      await expect(main).not.toContainText(t("choices.canChange"));
      await expect(
        page.getByRole("link", { name: t("choices.change", { exact: true }), exact: true }),
      ).toHaveCount(0);

      // Storage: the page says what is kept, never that it is destroyed, and the gate agrees.
      await expect(page.getByTestId("consent-status")).toContainText(
        t("explain.actions.store.allowed"),
      );
      await expect(main).not.toContainText(t("explain.actions.store.denied"));
      expect(
        decideAction(state, { action: "store", purpose: "DUO:0000006" })
          .allowed,
      ).toBe(true);

      // Every sentence on the page that states what an action does matches the gate's answer for this participant now.
      const statements = await main
        .locator("li[data-action][data-outcome]")
        .evaluateAll((items) =>
          items.map((item) => ({
            action: item.getAttribute("data-action")!,
            outcome: item.getAttribute("data-outcome")!,
            text: item.textContent ?? "",
          })),
        );
      // Every action of the gate is stated. (Not a count: how many sentences there are depends on the form version the
      // participant signed, and other tests publish new versions into the same database while this one runs.)
      expect(new Set(statements.map((statement) => statement.action))).toEqual(new Set(gateActions));
      for (const statement of statements) {
        const answers = requestVariants(
          statement.action as DecisionRequest["action"],
        ).map((request) => outcomeOf(decideAction(state, request)));
        expect(
          answers,
          `"${statement.text}" (${statement.action}: ${statement.outcome})`,
        ).toContain(statement.outcome);
        // Nothing may sound allowed that the gate denies for every question about it.
        if (statement.outcome === "allowed")
          expect(
            answers.every((answer) => answer !== "allowed"),
            statement.text,
          ).toBe(false);
      }
      for (const action of [
        "sequence",
        "analyze",
        "share",
        "release",
        "distribute_specimen",
        "recontact",
      ] as const) {
        await expect(main, action).not.toContainText(
          t(`explain.actions.${action}.allowed`),
        );
      }
      await scan();
    });
  });
}
