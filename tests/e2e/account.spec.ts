import { currentTotpCode } from "../../app/domain/auth/totp.server";
import { createUser, signInAs } from "./support/accounts";
import { expect, test } from "./fixtures";

test("[participant] signs out every other device from the sessions page", async ({ page, context, browser, axe }) => {
  const participant = await createUser();
  const elsewhere = await browser.newContext();
  await signInAs(elsewhere, participant);
  await signInAs(context, participant);

  await page.goto("/account/sessions");
  await expect(page.getByTestId("session-row")).toHaveCount(2);
  await axe.expectNoAxeViolations();
  await page.getByRole("button", { name: "ほかのすべての端末をサインアウトする" }).click();
  await expect(page.getByRole("status")).toContainText("1 件の端末をサインアウトしました");
  await expect(page.getByTestId("session-row")).toHaveCount(1);

  const otherPage = await elsewhere.newPage();
  await otherPage.goto("/home");
  await expect(otherPage).toHaveURL(/\/sign-in/);
  await elsewhere.close();
});

test("[participant] changes the password and every other session ends", async ({ page, context, browser, axe }) => {
  const participant = await createUser();
  const elsewhere = await browser.newContext();
  await signInAs(elsewhere, participant);
  await signInAs(context, participant);

  await page.goto("/account");
  await axe.expectNoAxeViolations();
  await page.getByRole("link", { name: "パスワードを変更する" }).click();
  // axe reads the page the reader arrives at, not the moment the navigation is still under way (CI stop 43 caught the
  // header mid-transition once).
  await expect(page).toHaveURL(/\/account\/password$/);
  await expect(page.getByLabel("現在のパスワード")).toBeVisible();
  await axe.expectNoAxeViolations();
  await page.getByLabel("現在のパスワード").fill(participant.password);
  await page.getByLabel("新しいパスワード", { exact: true }).fill("short");
  await page.getByLabel("新しいパスワード（確認）").fill("short");
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(page.getByText("12 文字以上で入力してください。")).toBeVisible();

  await page.getByLabel("現在のパスワード").fill(participant.password);
  await page.getByLabel("新しいパスワード", { exact: true }).fill("ながい合言葉を使います 2026");
  await page.getByLabel("新しいパスワード（確認）").fill("ながい合言葉を使います 2026");
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(page.getByRole("status")).toContainText("パスワードを変更しました");

  const otherPage = await elsewhere.newPage();
  await otherPage.goto("/home");
  await expect(otherPage).toHaveURL(/\/sign-in/);
  await elsewhere.close();
});

test("[admin] reads the audit log and disables an account", async ({ page, context, axe }) => {
  const admin = await createUser({ role: "admin", withTotp: true });
  const target = await createUser();
  await signInAs(context, admin);
  await page.goto("/admin");
  await axe.expectNoAxeViolations();
  await page.getByRole("link", { name: "監査ログ" }).click();
  await expect(page.getByRole("table")).toBeVisible();
  await axe.expectNoAxeViolations();

  await page.goto("/admin/users");
  await axe.expectNoAxeViolations();
  await page.getByRole("button", { name: `${target.email} を停止する` }).click();
  await expect(page.getByRole("row").filter({ hasText: target.email })).toContainText("停止中");
});

test("[staff] re-authenticates before moving to another authenticator app", async ({ page, context, axe }) => {
  const staff = await createUser({ role: "dac_chair", withTotp: true });
  await signInAs(context, staff);
  // A session made by the fixture counts as a fresh sign-in; age it so the re-authentication step appears.
  const { getDatabase } = await import("../../app/db.server");
  await getDatabase().session.updateMany({ where: { userId: staff.id }, data: { createdAt: new Date(Date.now() - 60 * 60_000) } });

  await page.goto("/account");
  await page.getByRole("link", { name: "別の認証アプリに切り替える" }).click();
  await expect(page).toHaveURL(/\/account\/reauthenticate/);
  await axe.expectNoAxeViolations();
  await page.getByLabel("パスワード").fill(staff.password);
  await page.getByRole("button", { name: "確認する" }).click();
  await expect(page).toHaveURL(/\/account\/two-factor\/setup/);
  await expect(page.getByRole("img", { name: "認証アプリで読み取る QR コード" })).toBeVisible();
  // The code field comes after the key: once it is there, so is the whole key (a streamed page can hold part of it).
  await expect(page.getByLabel("認証アプリの 6 桁のコード")).toBeVisible();
  const manualKey = (await page.getByTestId("totp-manual-key").textContent())!.replace(/\s/g, "");
  const { decodeBase32IgnorePadding } = await import("@oslojs/encoding");
  await page.getByLabel("認証アプリの 6 桁のコード").fill(currentTotpCode(decodeBase32IgnorePadding(manualKey)));
  await page.getByRole("button", { name: "設定を完了する" }).click();
  await expect(page.getByTestId("recovery-codes").getByRole("listitem")).toHaveCount(10);
});

// Found by the authorization matrix (issue 10): the page's loader redirected, so a browser posting the form got the
// redirect instead of the action's codes — new codes were made and the old ones voided, and nobody saw the new ones.
for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("[staff] makes new recovery codes from the account page and sees them once", async ({ page, context, axe }) => {
      const staff = await createUser({ role: "dac_secretariat", withTotp: true });
      await signInAs(context, staff);
      await page.goto("/account");
      await page.getByRole("button", { name: "新しいリカバリーコードを作る" }).click();
      await expect(page).toHaveURL(/\/account\/two-factor\/recovery-codes$/);
      const codes = page.getByTestId("recovery-codes").getByRole("listitem");
      await expect(codes).toHaveCount(10);
      if (javaScriptEnabled) await axe.expectNoAxeViolations();
      const { getDatabase } = await import("../../app/db.server");
      expect(await getDatabase().recoveryCode.count({ where: { userId: staff.id, usedAt: null } })).toBe(10);

      // Opened again, the page offers to make new ones; it never shows codes it has already shown.
      await page.goto("/account/two-factor/recovery-codes");
      await expect(page.getByTestId("recovery-codes")).toHaveCount(0);
      await expect(page.getByRole("button", { name: "新しいリカバリーコードを作る" })).toBeVisible();
      if (javaScriptEnabled) await axe.expectNoAxeViolations();
    });
  });
}
