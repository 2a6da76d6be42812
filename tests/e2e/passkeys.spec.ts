import type { BrowserContext, CDPSession, Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { sessionCookie } from "../../app/auth/session-cookie.server";
import { getDatabase } from "../../app/db.server";
import { createSession } from "../../app/domain/session/create-session.server";
import { expect, test } from "./fixtures";
import { createUser, type CreatedUser } from "./support/accounts";
import { e2eBaseUrl, readDemoFile } from "./support/e2e-env";

/**
 * Passkeys end to end, with Chromium's virtual authenticator (DevTools protocol) standing in for a phone's
 * fingerprint sensor: a platform authenticator that stores discoverable credentials and verifies the user.
 */
async function addVirtualAuthenticator(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return cdp;
}

function demoParticipant() {
  const account = readDemoFile().accounts.find((candidate) => candidate.role === "participant");
  if (!account) throw new Error(".data/e2e/demo.json has no participant account");
  return account;
}

async function signInWithPassword(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  const form = page.locator("#password-sign-in");
  await form.getByLabel("メールアドレス").fill(email);
  await form.getByLabel("パスワード").fill(password);
  await form.getByRole("button", { name: "サインイン" }).click();
  await expect(page).toHaveURL(/\/home$/);
}

test("[participant] adds a passkey, signs out, and signs in with it without typing an e-mail", async ({ page, axe }) => {
  const participant = demoParticipant();
  await addVirtualAuthenticator(page);
  await signInWithPassword(page, participant.email, participant.password);

  await page.goto("/account/passkeys");
  await expect(page.getByRole("heading", { level: 1, name: "パスキー" })).toBeVisible();
  const addButton = page.getByRole("button", { name: "パスキーを追加する" });
  await expect(addButton).toBeVisible(); // rendered once hydrated
  await axe.expectNoAxeViolations();
  const name = `E2E パスキー ${Date.now()}`;
  await page.getByLabel("パスキーの名前").fill(name);
  await addButton.click();
  await expect(page.getByRole("status")).toContainText("パスキーを追加しました");
  const row = page.getByTestId("passkey-row").filter({ hasText: name });
  await expect(row).toContainText("まだ使われていません");
  await axe.expectNoAxeViolations();

  await page.getByRole("button", { name: "サインアウト" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByRole("button", { name: "パスキーでサインイン" }).click();
  await expect(page).toHaveURL(/\/home$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("ようこそ");

  // Leave the shared demo account as it was; a fresh passkey sign-in counts as recent authentication.
  await page.goto("/account/passkeys");
  await expect(row).not.toContainText("まだ使われていません");
  await row.getByRole("button", { name: /削除する/ }).click();
  await expect(page.getByRole("status")).toContainText("パスキーを削除しました");
  await expect(page.getByTestId("passkey-row").filter({ hasText: name })).toHaveCount(0);
});

test("[participant] a passkey the site does not know is refused with a translated alert", async ({ page }) => {
  await addVirtualAuthenticator(page);
  // A discoverable credential for this site that was never registered here (say, from a deleted account).
  await page.goto("/sign-in");
  await page.evaluate(async () => {
    await navigator.credentials.create({
      publicKey: {
        rp: { id: "localhost", name: "Tsunagi" },
        user: { id: new TextEncoder().encode("not-an-account"), name: "stranger@example.test", displayName: "Stranger" },
        challenge: crypto.getRandomValues(new Uint8Array(32)),
        pubKeyCredParams: [{ type: "public-key", alg: -7 }],
        authenticatorSelection: { residentKey: "required", userVerification: "required" },
      },
    });
  });
  await page.getByRole("button", { name: "パスキーでサインイン" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "このパスキーではサインインできませんでした" })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
});

/** A session that started 11 minutes ago: signed in, but no longer "recently authenticated". */
async function signInLongAgo(context: BrowserContext, user: CreatedUser): Promise<void> {
  const now = new Date(Date.now() - 11 * 60_000);
  const { token } = await createSession(getDatabase(), { userId: user.id, role: user.role, secondFactorVerified: true, now });
  const [pair] = (await sessionCookie().serialize(token)).split(";");
  const separator = pair!.indexOf("=");
  await context.addCookies([{ name: pair!.slice(0, separator), value: pair!.slice(separator + 1), url: e2eBaseUrl, httpOnly: true, sameSite: "Lax" }]);
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  // No axe scan here: axe runs as page script, which this context switches off. The page is scanned above.
  test("[participant] sees no passkey button at sign-in, and a sentence instead of one on the passkeys page", async ({ page }) => {
    const participant = demoParticipant();
    await signInWithPassword(page, participant.email, participant.password);
    await page.goto("/account/passkeys");
    await expect(page.getByText("パスキーの追加には JavaScript が必要です")).toBeVisible();
    await expect(page.getByRole("button", { name: "パスキーを追加する" })).toHaveCount(0);
    await page.getByRole("button", { name: "サインアウト" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByRole("button", { name: "パスキーでサインイン" })).toHaveCount(0);
  });

  test("[participant] removes a passkey with a plain form, confirming it is them first", async ({ page, context }) => {
    const user = await createUser({ role: "participant" });
    // The key material is never read on this path; the row only has to exist.
    await getDatabase().passkey.create({
      data: { id: randomBytes(16).toString("base64url"), userId: user.id, publicKey: randomBytes(77), counter: 0n, transports: ["internal"], deviceType: "singleDevice", backedUp: false, name: "Old phone" },
    });
    await signInLongAgo(context, user);
    await page.goto("/account/passkeys");
    const row = page.getByTestId("passkey-row").filter({ hasText: "Old phone" });
    await row.getByRole("button", { name: /削除する/ }).click();
    await expect(page).toHaveURL(/\/account\/reauthenticate\?redirectTo=%2Faccount%2Fpasskeys$/);
    await page.getByLabel("パスワード").fill(user.password);
    await page.getByRole("button", { name: "確認する" }).click();
    await expect(page).toHaveURL(/\/account\/passkeys$/);
    await page.getByTestId("passkey-row").filter({ hasText: "Old phone" }).getByRole("button", { name: /削除する/ }).click();
    await expect(page.getByRole("status")).toContainText("パスキーを削除しました");
    await expect(page.getByText("パスキーはまだ登録されていません。")).toBeVisible();
  });
});
