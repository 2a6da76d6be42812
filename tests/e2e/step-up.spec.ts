// A fresh proof before what matters (issue 58 item 5; ADR 141) in a real browser, on a phone, in 日本語, やさしい日本語 and
// English: a participant whose sign-in is older than ten minutes opens a choice to change, is asked to prove it is them,
// has a code mailed, types it and lands back on the page they asked for; then changes their telephone number on the
// contact page. axe and the layout check on every page; one run has JavaScript off.
import { getDatabase } from "../../app/db.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { expect, test } from "./fixtures";
import { layoutProblems, layoutReport } from "./layout-check";
import { signInAs } from "./support/accounts";
import { budget } from "./support/budget";
import { useLanguage } from "./support/language";
import { phone } from "./support/viewports";
import { translator } from "./support/words";
import { consentedParticipant } from "./dashboard-fixtures";
import { walkedIn } from "./support/walked-in";

test.use({ viewport: phone });

const hereditary = "findings.secondary.hereditary_cancer";

async function expectLayoutHolds(page: import("@playwright/test").Page) {
  const problems = await layoutProblems(page);
  expect(problems, layoutReport(problems)).toEqual([]);
}

/** The participant's sessions as if signed in eleven minutes ago. */
async function ageSessions(userId: string) {
  await getDatabase().session.updateMany({ where: { userId }, data: { createdAt: new Date(Date.now() - 11 * 60_000), reauthenticatedAt: null } });
}

async function mailedCode(email: string): Promise<string> {
  let code: string | undefined;
  await expect.poll(async () => (code = (await listCapturedMail({ to: email, limit: 1 }))[0]?.text.match(/\b(\d{6})\b/)?.[1]), { timeout: 15_000 }).toBeDefined();
  return code!;
}

async function proveByMail(page: import("@playwright/test").Page, language: "ja" | "ja-easy" | "en", email: string) {
  const t = translator(language, "account");
  await expect(page).toHaveURL(/\/account\/reauthenticate\?redirectTo=/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("reauth.title"));
  await page.getByRole("button", { name: t("reauth.mailCode.send") }).click();
  await page.getByLabel(t("reauth.mailCode.label")).fill(await mailedCode(email));
  return t;
}

for (const language of walkedIn("ja-easy")) {
  test(`[participant, ${language}] proves it is them with a mailed code before changing a choice, then changes their telephone number`, async ({ page, context, axe }) => {
    test.setTimeout(budget(60_000));
    const participant = await consentedParticipant({ language });
    const user = participant.user!;
    await signInAs(context, user);
    await useLanguage(context, language);
    await ageSessions(user.id);

    await page.goto(`/consent/change/${hereditary}`);
    const t = await proveByMail(page, language, user.email);
    await axe.expectNoAxeViolations();
    await expectLayoutHolds(page);
    await page.getByRole("button", { name: t("reauth.mailCode.submit") }).click();
    await expect(page).toHaveURL(new RegExp(`/consent/change/${hereditary.replaceAll(".", "\\.")}$`));

    await page.goto("/account");
    await page.getByRole("link", { name: t("security.contact.manage") }).click();
    await expect(page).toHaveURL(/\/account\/contact$/);
    await axe.expectNoAxeViolations();
    await expectLayoutHolds(page);
    await page.getByLabel(t("contact.phone.label")).fill("03-1234-5678");
    await page.getByRole("button", { name: t("contact.phone.submit") }).click();
    await expect(page.getByRole("status")).toHaveText(t("contact.notices.phone_changed"));
    await expect(page.getByText(t("contact.phone.current", { phone: "03-1234-5678" }))).toBeVisible();
    await axe.expectNoAxeViolations();
  });
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("[participant, ja] is asked for a fresh proof before the withdrawal page and gets there with the mailed code", async ({ page, context }) => {
    test.setTimeout(budget(45_000));
    const participant = await consentedParticipant({ language: "ja" });
    const user = participant.user!;
    await signInAs(context, user);
    await useLanguage(context, "ja");
    await ageSessions(user.id);
    await page.goto("/consent/withdraw");
    const t = await proveByMail(page, "ja", user.email);
    await page.getByRole("button", { name: t("reauth.mailCode.submit") }).click();
    await expect(page).toHaveURL(/\/consent\/withdraw$/);
  });
});
