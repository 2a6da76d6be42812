import { withReadings } from "./support/words";
import { expect, test } from "./fixtures";
import { openMailbox } from "./support/mailbox";

test("[visitor] switching to English and to やさしい日本語 persists across pages", async ({ page, axe }) => {
  await page.goto("/sign-in");
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
  await expect(page.getByRole("button", { name: "English" })).toHaveAttribute("aria-pressed", "true");
  await axe.expectNoAxeViolations();

  await openMailbox(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Development mailbox");
  await expect(page).toHaveTitle(/Development mailbox/);

  await page.getByRole("button", { name: "やさしい日本語" }).click();
  await expect(page).toHaveURL(/\/dev\/mailbox$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await expect(page.locator("html")).toHaveAttribute("data-language", "ja-easy");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(withReadings("テスト用の メール", { exact: true }));
  await axe.expectNoAxeViolations();

  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { level: 2, name: "メールで リンクを もらう" })).toBeVisible();
  await axe.expectNoAxeViolations();

  await page.getByRole("button", { name: withReadings("日本語", { exact: true }) }).click();
  await expect(page.getByRole("heading", { level: 2, name: "メールでリンクを受け取る" })).toBeVisible();
});

test("[visitor] a bad-input error reads in the chosen language", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "English" }).click();
  const form = page.locator("#link-sign-in");
  await form.getByLabel("Email address").fill("<script>alert(1)</script>");
  await form.getByRole("button", { name: "Send me a link" }).click();
  await expect(form.getByText("Please enter an email address")).toBeVisible();
});
