// The clinic tablet as a kiosk (issue 55 defect 7, Deliver 3; ADR 121), on a tablet in ja, やさしい日本語 and en with
// JavaScript off, as the patient holds it: the coordinator hands it over, the page shows the journey and nothing of the
// staff's (no menu, no sign-out, no link out), a staff address typed in comes back to the journey, and the coordinator's
// own authenticator code on the hand-back page brings the staff menu back.
import type { Page } from "@playwright/test";
import { currentTotpCode } from "../../app/domain/auth/totp.server";
import { createParticipant } from "../factories/participant-factory";
import { signableVersion } from "./journey-support";
import { createUser, signInAs } from "./support/accounts";
import { axeAsServed } from "./support/axe-as-served";
import { useLanguage } from "./support/language";
import { expect, test } from "./fixtures";
import { budget } from "./support/budget";
import { walkedIn } from "./support/walked-in";

/** A clinic tablet held upright (iPad Air, CSS pixels). */
const tablet = { width: 820, height: 1180 };
test.use({ viewport: tablet, javaScriptEnabled: false });

const handBackTitle = { ja: "タブレットを担当者にお返しください", "ja-easy": "タブレットを係の人に返してください", en: "Please hand the tablet back" } as const;

/** The page's first heading as read, without the furigana readings and the spaces between やさしい日本語 phrases. */
async function headingText(page: Page): Promise<string> {
  return page.getByRole("heading", { level: 1 }).evaluate((heading) => {
    const copy = heading.cloneNode(true) as HTMLElement;
    copy.querySelectorAll("rt, rp").forEach((node) => node.remove());
    return (copy.textContent ?? "").replace(/\s+/g, "");
  });
}

/** Every link's address on the page. */
const linksOf = (page: Page) => page.locator("a[href]").evaluateAll((links) => links.map((link) => link.getAttribute("href")!));

for (const language of walkedIn("ja-easy")) {
  test(`[coordinator] hands the tablet over and unlocks it: the patient sees only the journey (${language})`, async ({ page, context, browser }) => {
    test.setTimeout(budget(120_000));
    await signableVersion();
    const participant = await createParticipant({ fullName: "高橋 健" });
    const coordinator = await createUser({ role: "coordinator", withTotp: true });
    await signInAs(context, coordinator);
    await useLanguage(context, language);
    const journey = `/staff/participants/${participant.id}/assisted`;

    await page.goto(journey);
    await expect(page.locator("form[action='/sign-out']")).toHaveCount(1);
    await page.locator("input[name=witnessName]").fill("立会 花子");
    await page.locator("#start-assisted button[type=submit]").click();

    // Handed over: the journey, with no staff menu, no sign-out and no link out of it.
    await expect(page).toHaveURL(new RegExp(`${journey}/section/1$`));
    await expect(page.locator(".site-nav, .site-menu")).toHaveCount(0);
    await expect(page.locator("form[action='/sign-out']")).toHaveCount(0);
    for (const href of await linksOf(page)) {
      expect(href === "#main" || href.startsWith(`${journey}/`) || href === "/staff/kiosk" || href.startsWith("/consent/form/"), href).toBe(true);
    }
    await axeAsServed(browser, context, page.url(), { openMenu: false, viewport: tablet });

    // A staff address typed in by the patient comes back to the journey; so does another participant's.
    await page.goto("/staff/participants");
    await expect(page).toHaveURL(new RegExp(`${journey}/section/1$`));
    await page.goto("/account");
    await expect(page).toHaveURL(new RegExp(`${journey}/section/1$`));

    // Stopping is handing back; the coordinator unlocks with their own authenticator code.
    await page.locator("a[href='/staff/kiosk']").first().click();
    await expect(page).toHaveURL(/\/staff\/kiosk$/);
    expect(await headingText(page)).toBe(handBackTitle[language].replace(/\s+/g, ""));
    await expect(page.locator("form[action='/sign-out']")).toHaveCount(0);
    await axeAsServed(browser, context, page.url(), { openMenu: false, viewport: tablet });
    await page.locator("input[name=code]").fill(currentTotpCode(coordinator.totpKey!));
    await page.locator("#kiosk-unlock button[type=submit]").click();

    // Unlocked: the participant's record, with the staff menu and sign-out back.
    await expect(page).toHaveURL(new RegExp(`/staff/participants/${participant.id}$`));
    await expect(page.locator("form[action='/sign-out']")).toHaveCount(1);
    await expect(page.locator(".site-menu a[href='/staff']")).toHaveCount(1);
  });
}
