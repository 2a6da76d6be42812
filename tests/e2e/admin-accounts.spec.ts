// Accounts and the two-person second-factor reset (issue 15 item 3; ADR 042), in Japanese and in English, every page
// scanned by axe: an admin creates a participant-panel member who is also a participant (the new person signs in
// with the mailed link), and two admins reset a coordinator's lost second factor — the one who asked cannot approve,
// the other does, and the coordinator's next sign-in asks for a new authenticator.
import type { Browser, BrowserContext } from "@playwright/test";
import { getDatabase } from "../../app/db.server";
import { translator } from "../../app/i18n/i18n";
import { createUser, signInAs, type CreatedUser } from "./support/accounts";
import { useLanguage } from "./support/language";
import { openMailbox } from "./support/mailbox";
import { expect, test } from "./fixtures";
import { budget } from "./support/budget";
import { walkedIn } from "./support/walked-in";

type Language = "ja" | "en";

async function adminContext(browser: Browser, admin: CreatedUser, language: Language): Promise<BrowserContext> {
  const context = await browser.newContext();
  await useLanguage(context, language);
  await signInAs(context, admin);
  return context;
}

for (const language of walkedIn<Language>("ja")) {
  const t = translator(language, "admin");
  const roles = translator(language, "account");
  const errors = translator(language, "errors");

  test(`[admin] creates a panel-member account that also holds the participant role, and the member signs in with the mailed link (${language})`, async ({ page, context, browser, axe }) => {
    test.setTimeout(budget(90_000));
    const admin = await createUser({ role: "admin", withTotp: true });
    await useLanguage(context, language);
    await signInAs(context, admin);
    const email = `panel-${Date.now()}-${language}@example.jp`;

    await page.goto("/admin/users");
    await page.getByRole("link", { name: t("users.newAccount") }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("new.title"));
    await axe.expectNoAxeViolations();

    // Nothing filled in: each field says what is missing, and nothing is created.
    await page.getByRole("button", { name: t("new.submit") }).click();
    await expect(page.getByText(errors("field.required")).first()).toBeVisible();
    await axe.expectNoAxeViolations();

    await page.getByLabel(t("new.email"), { exact: true }).fill(email);
    await page.getByLabel(t("new.displayName"), { exact: true }).fill("山田 花子");
    await page.getByLabel(t("new.preferredLanguage")).selectOption("en");
    await page.getByLabel(t("new.role"), { exact: true }).selectOption({ label: roles("roles.panel_member") });
    await page.getByRole("group", { name: t("new.additionalRoles") }).getByLabel(roles("roles.participant"), { exact: true }).check();
    await page.getByRole("button", { name: t("new.submit") }).click();

    await expect(page.getByRole("status")).toContainText(t("users.created", { email }));
    const row = page.getByRole("row").filter({ hasText: email });
    await expect(row).toContainText(roles("roles.panel_member"));
    await expect(row).toContainText(`${t("users.alsoHolds")} ${roles("roles.participant")}`);
    await axe.expectNoAxeViolations();
    const created = await getDatabase().user.findUniqueOrThrow({ where: { email } });
    expect(created).toMatchObject({ role: "panel_member", additionalRoles: ["participant"], preferredLanguage: "en" });
    expect(await getDatabase().auditEvent.findFirst({ where: { type: "account.created", subjectUserId: created.id } })).toMatchObject({ actorUserId: admin.id });

    // The new member reads the mail (in English, as chosen) and signs in with its link: no password typed by anyone.
    const member = await browser.newContext();
    await useLanguage(member, "en");
    const memberPage = await member.newPage();
    await openMailbox(memberPage);
    await memberPage.getByRole("listitem").filter({ hasText: email }).getByRole("link").first().click();
    await expect(memberPage.getByText(translator("en", "admin")("mail.accountCreated.intro"))).toBeVisible();
    await memberPage.getByTestId("mail-link").filter({ hasText: "/sign-in/link/" }).first().click();
    await memberPage.getByRole("button").filter({ hasText: translator("en", "auth")("link.submit") }).click();
    await expect(memberPage).toHaveURL(/\/home$/);
    await axe.expectNoAxeViolations(memberPage);
    await member.close();
  });

  test(`[admins] two admins reset a staff member's lost second factor; the one who asked cannot approve (${language})`, async ({ page, context, browser, axe }) => {
    test.setTimeout(budget(120_000));
    const [asker, approver] = [await createUser({ role: "admin", withTotp: true }), await createUser({ role: "admin", withTotp: true })];
    const coordinator = await createUser({ role: "coordinator", withTotp: true });
    await getDatabase().user.update({ where: { id: coordinator.id }, data: { preferredLanguage: language } });
    await useLanguage(context, language);
    await signInAs(context, asker);
    const reason = language === "ja" ? "携帯電話を紛失。窓口で本人確認済み。" : "Lost phone; identity checked in person.";

    // The first admin asks, from the coordinator's row.
    await page.goto("/admin/users");
    await page.getByRole("row").filter({ hasText: coordinator.email }).getByRole("link", { name: `${t("users.resetSecondFactor")} ${t("users.ofAccount", { email: coordinator.email })}` }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("resets.title"));
    await axe.expectNoAxeViolations();
    await expect(page.getByLabel(t("resets.target"), { exact: true })).toHaveValue(coordinator.id);
    // No reason: refused, nothing asked.
    await page.getByRole("button", { name: t("resets.submitRequest") }).click();
    await expect(page.getByText(errors("field.required"))).toBeVisible();
    await page.getByLabel(t("resets.reason"), { exact: true }).fill(reason);
    await page.getByRole("button", { name: t("resets.submitRequest") }).click();
    await expect(page.getByRole("status")).toContainText(t("resets.notices.requested"));
    const pending = page.getByTestId("pending-reset").filter({ hasText: coordinator.email });
    await expect(pending).toContainText(reason);
    await expect(pending).toContainText(t("resets.yourRequest"));
    await axe.expectNoAxeViolations();

    // Approving one's own request is refused, said plainly, and recorded.
    await pending.getByRole("button", { name: t("resets.approveNamed", { email: coordinator.email }) }).click();
    await expect(page.getByRole("alert")).toContainText(t("refusals.own_request"));
    await axe.expectNoAxeViolations();
    expect(await getDatabase().auditEvent.count({ where: { type: "second_factor_reset.refused", actorUserId: asker.id } })).toBe(1);
    expect((await getDatabase().user.findUniqueOrThrow({ where: { id: coordinator.id } })).totpEnabledAt).not.toBeNull();

    // A second admin approves.
    const second = await adminContext(browser, approver, language);
    const secondPage = await second.newPage();
    await secondPage.goto("/admin/second-factor-resets");
    const seen = secondPage.getByTestId("pending-reset").filter({ hasText: coordinator.email });
    await expect(seen).toContainText(reason);
    await axe.expectNoAxeViolations(secondPage);
    await seen.getByRole("button", { name: t("resets.approveNamed", { email: coordinator.email }) }).click();
    await expect(secondPage.getByRole("status")).toContainText(t("resets.notices.approved"));
    await expect(secondPage.getByTestId("pending-reset").filter({ hasText: coordinator.email })).toHaveCount(0);
    await expect(secondPage.getByRole("row").filter({ hasText: coordinator.email })).toContainText(approver.email);
    await axe.expectNoAxeViolations(secondPage);
    await second.close();
    expect(await getDatabase().mailMessage.count({ where: { userId: coordinator.id, template: "second-factor-reset", language } })).toBe(1);

    // The coordinator signs in with their password and is made to set up a new authenticator before anything else.
    const staff = await browser.newContext();
    await useLanguage(staff, language);
    const staffPage = await staff.newPage();
    await staffPage.goto("/sign-in");
    const form = staffPage.locator("#password-sign-in");
    await form.locator('input[name="email"]').fill(coordinator.email);
    await form.locator('input[name="password"]').fill(coordinator.password);
    await form.locator('button[type="submit"]').click();
    await expect(staffPage).toHaveURL(/\/account\/two-factor\/setup/);
    await expect(staffPage.getByTestId("totp-manual-key")).toBeVisible();
    await axe.expectNoAxeViolations(staffPage);
    await staff.close();
  });
}
