// Issue 11, defects 2 and 4: the home page said consent management "will become possible" under a working consent
// card, and the development mailbox link stood in every user's menu. Each role's home page now offers what that
// role can open today (app/domain/authz/destinations.ts), and only an admin is pointed to captured mail.
import { readFileSync } from "node:fs";
import type { BrowserContext, Page } from "@playwright/test";
import { consentedParticipant } from "./dashboard-fixtures";
import { createUser, signInAs, type CreatedUser } from "./support/accounts";
import { openMailbox } from "./support/mailbox";
import { useLanguage } from "./support/language";
import { onPage } from "./support/words";
import { expect, test } from "./fixtures";
import { isStaffRole, roles, type Role } from "../../app/domain/authz/roles";
import { supportedLanguages } from "../../app/i18n/languages";

test.describe.configure({ timeout: 120_000 });

/** Words that promise what is not there yet, in the three languages. */
const promise = /will (become|be able|appear)|as they are added|coming soon|できるように\s*なります|順次|これから\s*増え|ように\s*なります|まだ\s*ここに/i;

async function signIn(context: BrowserContext, role: Role): Promise<CreatedUser> {
  // Participants and proxies as they really are: a signed consent behind the account, so their pages have content.
  if (role === "participant") {
    const participant = await consentedParticipant({ language: "ja" });
    await signInAs(context, participant.user!);
    return participant.user!;
  }
  if (role === "proxy") {
    const child = await consentedParticipant({ byProxy: true });
    await signInAs(context, child.proxy!);
    return child.proxy!;
  }
  const user = await createUser({ role, withTotp: isStaffRole(role) });
  await signInAs(context, user);
  return user;
}

/** Every link on the page that leads to one of our pages: the cards in main and the header menu. */
async function pageLinks(page: Page): Promise<{ cards: string[]; menu: string[] }> {
  const hrefs = async (selector: string) =>
    (await page.locator(selector).evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""))).filter((href) => href.startsWith("/"));
  return { cards: await hrefs("main a[href]"), menu: await hrefs("header nav a[href]") };
}

for (const role of roles) {
  test(`[${role}] the home page promises nothing and every card and menu link opens`, async ({ page, context, axe }) => {
    await signIn(context, role);
    // The mailbox opens with the key npm start prints, admin or not (ADR 014); an admin who has it holds its cookie.
    if (role === "admin") await openMailbox(page);
    await page.goto("/home");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(await page.locator("main").innerText()).not.toMatch(promise);
    await axe.expectNoAxeViolations();

    const { cards, menu } = await pageLinks(page);
    expect(cards.length).toBeGreaterThan(0);
    for (const href of new Set([...cards, ...menu])) {
      const response = await page.request.get(href, { maxRedirects: 0 });
      expect(response.status(), `${role} → ${href}`).toBe(200);
    }
    // Captured mail holds everyone's sign-in links: only an administrator is pointed to it (mail is captured here,
    // the test server has no SMTP_URL).
    if (role === "admin") expect(menu).toContain("/dev/mailbox");
    else expect(menu).not.toContain("/dev/mailbox");
    if (role === "participant" || role === "proxy") expect(cards).toContain("/consent");
    if (role === "coordinator") expect(cards).toEqual(expect.arrayContaining(["/staff/participants/new", "/staff/questions"]));
  });
}

test("[participant] the home page in ja, ja-easy and en: cards only, nothing promised", async ({ page, context, axe }) => {
  await signIn(context, "participant");
  for (const language of supportedLanguages) {
    await useLanguage(context, language);
    await page.goto("/home");
    await expect(page.locator("html")).toHaveAttribute("data-language", language);
    expect(await page.locator("main").innerText()).not.toMatch(promise);
    const consentCard = JSON.parse(readFileSync(`locales/${language}/dashboard.json`, "utf8")) as { homeLink: { link: string } };
    await expect(page.getByRole("link", { name: onPage(language, consentCard.homeLink.link) })).toHaveAttribute("href", "/consent");
    await axe.expectNoAxeViolations();
  }
});

test("[admin] sees the captured-mail link while mail is captured, and the mailbox says why it exists", async ({ page, context }) => {
  await signIn(context, "admin");
  await page.goto("/admin");
  await expect(page.locator("main").getByRole("link", { name: "開発用メールボックス" })).toHaveAttribute("href", "/dev/mailbox");
  await openMailbox(page);
  const intro = page.locator("main p").first();
  await expect(intro).toContainText("SMTP_URL");
  await expect(intro).toContainText("npm start");
  await expect(intro).not.toContainText("本番環境では表示されません");
});
