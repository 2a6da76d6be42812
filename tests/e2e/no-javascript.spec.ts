import { createUser } from "./support/accounts";
import { expect, test } from "./fixtures";

// axe runs inside the page, so it cannot run here; the same pages are scanned with JavaScript on elsewhere.
test.use({ javaScriptEnabled: false });

test("[participant] signs in and out with JavaScript disabled", async ({ page }) => {
  const participant = await createUser();
  await page.goto("/sign-in");
  const form = page.locator("#password-sign-in");
  await form.getByLabel("メールアドレス").fill(participant.email);
  await form.getByLabel("パスワード").fill("wrong password");
  await form.getByRole("button", { name: "サインイン" }).click();
  await expect(form.getByRole("alert")).toContainText("メールアドレスまたはパスワードが違います");

  await form.getByLabel("メールアドレス").fill(participant.email);
  await form.getByLabel("パスワード").fill(participant.password);
  await form.getByRole("button", { name: "サインイン" }).click();
  await expect(page).toHaveURL(/\/home$/);

  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in\?signedOut=1/);
  await page.goto("/home");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=/);
});

test("[participant] asks for an email link with JavaScript disabled", async ({ page }) => {
  const participant = await createUser({ password: null });
  await page.goto("/sign-in");
  const form = page.locator("#link-sign-in");
  await form.getByLabel("メールアドレス").fill(participant.email);
  await form.getByRole("button", { name: "リンクを送る" }).click();
  await expect(page.getByRole("status")).toContainText("サインイン用のリンクを送りました");
});
