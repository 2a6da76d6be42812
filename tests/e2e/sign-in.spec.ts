import { currentTotpCode } from "../../app/domain/auth/totp.server";
import { createUser, signInAs } from "./support/accounts";
import { openMailbox } from "./support/mailbox";
import { expect, test } from "./fixtures";
import { routerIdle } from "./support/router-idle";

test("[participant] signs in with the link read from the captured mail", async ({ page, axe }) => {
  const participant = await createUser({ role: "participant", password: null });
  await page.goto("/");
  await page.getByRole("navigation").getByRole("link", { name: "サインイン", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await expect(page.getByRole("heading", { level: 1, name: "サインイン" })).toBeVisible();
  await axe.expectNoAxeViolations();

  const linkForm = page.locator("#link-sign-in");
  await linkForm.getByLabel("メールアドレス").fill(participant.email);
  await linkForm.getByRole("button", { name: "リンクを送る" }).click();
  await expect(page.getByRole("status")).toContainText("サインイン用のリンクを送りました");
  await axe.expectNoAxeViolations();

  await openMailbox(page);
  await axe.expectNoAxeViolations();
  await page.getByRole("listitem").filter({ hasText: participant.email }).getByRole("link").first().click();
  await axe.expectNoAxeViolations();
  await page.getByTestId("mail-link").filter({ hasText: "/sign-in/link/" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("メールのリンクでサインイン");
  await axe.expectNoAxeViolations();
  await page.getByRole("button", { name: "サインインする" }).click();
  await expect(page).toHaveURL(/\/home$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("ようこそ");
  await axe.expectNoAxeViolations();

  // The link was for one use only.
  await page.goBack();
  await page.getByRole("button", { name: "サインインする" }).click();
  await expect(page.getByRole("alert")).toContainText("すでに使われています");
});

test("[staff] signs in with password and a TOTP code", async ({ page, axe }) => {
  const coordinator = await createUser({ role: "coordinator", withTotp: true });
  await page.goto("/sign-in");
  const passwordForm = page.locator("#password-sign-in");
  await passwordForm.getByLabel("メールアドレス").fill(coordinator.email);
  await passwordForm.getByLabel("パスワード").fill(coordinator.password);
  await passwordForm.getByRole("button", { name: "サインイン" }).click();

  await expect(page).toHaveURL(/\/sign-in\/second-factor/);
  await axe.expectNoAxeViolations();
  // A wrong code first: a translated error, and still on the second step.
  const wrong = currentTotpCode(coordinator.totpKey!) === "000000" ? "111111" : "000000";
  await page.getByLabel("認証アプリの 6 桁のコード").fill(wrong);
  await page.getByRole("button", { name: "確認する", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("コードが違う");
  await axe.expectNoAxeViolations();

  await page.getByLabel("認証アプリの 6 桁のコード").fill(currentTotpCode(coordinator.totpKey!));
  await page.getByRole("button", { name: "確認する", exact: true }).click();
  await expect(page).toHaveURL(/\/home$/);
  await expect(page.getByText("医療機関コーディネーター")).toBeVisible();
  await axe.expectNoAxeViolations();
});

test("[staff] without a second factor is made to enrol one and gets recovery codes", async ({ page, axe }) => {
  const counsellor = await createUser({ role: "counsellor" });
  await page.goto("/sign-in");
  const passwordForm = page.locator("#password-sign-in");
  await passwordForm.getByLabel("メールアドレス").fill(counsellor.email);
  await passwordForm.getByLabel("パスワード").fill(counsellor.password);
  await passwordForm.getByRole("button", { name: "サインイン" }).click();

  await expect(page).toHaveURL(/\/account\/two-factor\/setup/);
  await expect(page.getByRole("img", { name: "認証アプリで読み取る QR コード" })).toBeVisible();
  await axe.expectNoAxeViolations();
  // Staff pages stay closed until the factor is set up.
  await page.goto("/account/sessions");
  await expect(page).toHaveURL(/\/account\/two-factor\/setup/);

  // The code field comes after the key: once it is there, so is the whole key (a streamed page can hold part of it).
  await expect(page.getByLabel("認証アプリの 6 桁のコード")).toBeVisible();
  const manualKey = (await page.getByTestId("totp-manual-key").textContent())!.replace(/\s/g, "");
  const { decodeBase32IgnorePadding } = await import("@oslojs/encoding");
  await page.getByLabel("認証アプリの 6 桁のコード").fill(currentTotpCode(decodeBase32IgnorePadding(manualKey)));
  await page.getByRole("button", { name: "設定を完了する" }).click();
  await expect(page.getByTestId("recovery-codes").getByRole("listitem")).toHaveCount(10);
  await axe.expectNoAxeViolations();
  await page.getByRole("link", { name: "続ける" }).click();
  await expect(page).toHaveURL(/\/home$/);
});

test("[participant] after sign-out, replaying the old cookie lands on the sign-in page", async ({ page, browser, axe }) => {
  const participant = await createUser();
  await page.goto("/sign-in");
  const passwordForm = page.locator("#password-sign-in");
  await passwordForm.getByLabel("メールアドレス").fill(participant.email);
  await passwordForm.getByLabel("パスワード").fill(participant.password);
  await passwordForm.getByRole("button", { name: "サインイン" }).click();
  await expect(page).toHaveURL(/\/home$/);
  const cookies = await page.context().cookies();

  await page.getByRole("button", { name: "サインアウト" }).click();
  await expect(page).toHaveURL(/\/sign-in\?signedOut=1/);
  await expect(page.getByRole("status")).toContainText("サインアウトしました");
  await axe.expectNoAxeViolations();

  const replay = await browser.newContext();
  await replay.addCookies(cookies);
  const replayPage = await replay.newPage();
  await replayPage.goto("/home");
  await expect(replayPage).toHaveURL(/\/sign-in\?redirectTo=%2Fhome/);
  await replay.close();
});

test("[visitor] gets translated errors for bad input and a clear message after too many failures", async ({ page, axe }) => {
  const participant = await createUser();
  await page.goto("/sign-in");
  const passwordForm = page.locator("#password-sign-in");
  await passwordForm.getByRole("button", { name: "サインイン" }).click();
  await expect(passwordForm.getByText("入力してください。").first()).toBeVisible();
  await passwordForm.getByLabel("メールアドレス").fill("not-an-address");
  await passwordForm.getByLabel("パスワード").fill("x");
  await passwordForm.getByRole("button", { name: "サインイン" }).click();
  await expect(passwordForm.getByText("メールアドレスの形式で入力してください")).toBeVisible();
  await axe.expectNoAxeViolations();

  for (let attempt = 0; attempt < 10; attempt += 1) {
    await passwordForm.getByLabel("メールアドレス").fill(participant.email);
    await passwordForm.getByLabel("パスワード").fill(`wrong-${attempt}`);
    // Wait for each answer: a new submission would cancel the one still in flight.
    await Promise.all([
      page.waitForResponse((response) => response.request().method() === "POST" && response.url().includes("/sign-in")),
      passwordForm.getByRole("button", { name: "サインイン" }).click(),
    ]);
    await expect(passwordForm.getByRole("alert")).toContainText("メールアドレスまたはパスワードが違います");
    await routerIdle(page);
  }
  await passwordForm.getByLabel("メールアドレス").fill(participant.email);
  await passwordForm.getByLabel("パスワード").fill(participant.password);
  await passwordForm.getByRole("button", { name: "サインイン" }).click();
  // The 11th attempt from this browser and address is refused, and the page says how long to wait (ADR 013).
  await expect(passwordForm.getByRole("alert")).toContainText("約 15 分後にもう一度お試しください");
  await expect(page).toHaveURL(/\/sign-in/);
  await routerIdle(page);
});

test("[participant] is refused the admin pages with a translated 403", async ({ page, context, axe }) => {
  const participant = await createUser();
  await signInAs(context, participant);
  const response = await page.goto("/admin/audit");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("このページを見る権限がありません");
  await axe.expectNoAxeViolations();
});
