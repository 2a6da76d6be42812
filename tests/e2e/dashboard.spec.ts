import { readFile } from "node:fs/promises";
import { signInAs } from "./support/accounts";
import { expect, test } from "./fixtures";
import { getDatabase } from "../../app/db.server";
import { extractPdfText } from "../../app/domain/consent/records/documents/extract-pdf-text.server";
import { consentedParticipant } from "./dashboard-fixtures";

// Each test first creates a consented participant (a real signature, PDF and mail) in a tsx child process.
test.describe.configure({ timeout: 120_000 });

const hereditary = "findings.secondary.hereditary_cancer";

test("[participant] changes the hereditary-cancer choice after a From/To confirmation; both PDF copies download unchanged", async ({ page, context, axe }) => {
  const participant = await consentedParticipant({ language: "ja" });
  await signInAs(context, participant.user!);

  await page.goto("/home");
  await axe.expectNoAxeViolations();
  await page.getByRole("link", { name: "同意のページを開く" }).click();
  await expect(page).toHaveURL(/\/consent$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("わたしの同意");
  await expect(page.getByTestId("consent-status")).toContainText("同意は有効です。");
  const row = page.locator(`[data-choice="${hereditary}"]`);
  await expect(row).toContainText("二次的所見：遺伝性のがん");
  await expect(row.locator(".dash-choice__value")).toHaveText("知りたい");
  await row.getByText("これはどういう意味ですか").click();
  await expect(row).toContainText("乳がん・卵巣がんや大腸がんなど");
  await axe.expectNoAxeViolations();

  await row.getByRole("link", { name: "変更する：二次的所見：遺伝性のがん" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("二次的所見：遺伝性のがん");
  await expect(page.getByTestId("current-value")).toHaveText("知りたい");
  await axe.expectNoAxeViolations();
  await page.getByRole("radio", { name: "知りたくない" }).check();
  await page.getByRole("button", { name: "次へ" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("変更の内容を確認してください");
  const summary = page.getByTestId("change-summary");
  await expect(summary).toContainText("変更前知りたい");
  await expect(summary).toContainText("変更後知りたくない");
  await expect(page.getByText("確定すると、この変更はすぐに有効になります。")).toBeVisible();
  // What the new answer does, worded from the gate's answer (issue 11): return_secondary for hereditary cancer, denied.
  await expect(page.locator('li[data-action="return_secondary"][data-outcome="denied"]')).toHaveText("遺伝性のがんについての結果は、お伝えしません。");
  await axe.expectNoAxeViolations();
  // Nothing is recorded until the participant confirms.
  expect(await getDatabase().consentEvent.count({ where: { participantId: participant.id } })).toBe(1);
  await page.getByRole("button", { name: "変更を確定する" }).click();

  await expect(page).toHaveURL(/\/consent\?notice=changed$/);
  await expect(page.getByRole("status")).toContainText("変更を保存しました");
  await expect(row.locator(".dash-choice__value")).toHaveText("知りたくない");
  await axe.expectNoAxeViolations();

  await page.getByRole("link", { name: "これまでの記録と PDF の控え" }).click();
  const entries = page.getByTestId("history-entry");
  await expect(entries).toHaveCount(2);
  await expect(entries.nth(0).getByRole("heading")).toHaveText("選択内容の変更");
  await expect(entries.nth(0).getByTestId("history-changes")).toContainText("「知りたい」から「知りたくない」へ");
  await expect(entries.nth(0)).toContainText("あなた");
  await expect(entries.nth(1).getByRole("heading")).toHaveText("同意");
  await axe.expectNoAxeViolations();

  const events = await getDatabase().consentEvent.findMany({ where: { participantId: participant.id }, orderBy: { participantSeq: "desc" }, include: { document: true } });
  const downloaded: Buffer[] = [];
  for (const [index, event] of events.entries()) {
    await expect(entries.nth(index).getByTestId("verification-code")).toHaveText(event.verificationCode);
    const [download] = await Promise.all([page.waitForEvent("download"), entries.nth(index).getByTestId("pdf-link").click()]);
    const bytes = await readFile((await download.path())!);
    expect(event.document, `stored copy of ${event.type}`).not.toBeNull();
    expect(bytes.equals(Buffer.from(event.document!.pdf)), `${event.type} PDF is the stored copy`).toBe(true);
    downloaded.push(bytes);
  }
  const [changedText, grantedText] = await Promise.all(downloaded.map((bytes) => extractPdfText(new Uint8Array(bytes))));
  // The first copy still shows the choice as it was signed; only the new one shows the change.
  expect(grantedText).not.toContain("知りたくない");
  expect(changedText).toContain("知りたくない");
});

test("[proxy] sees whose consent the page is about", async ({ page, context, axe }) => {
  const child = await consentedParticipant({ byProxy: true, language: "ja" });
  await signInAs(context, child.proxy!);
  await page.goto("/consent");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("山田 さくら さんの同意");
  await expect(page.getByTestId("subject-note")).toContainText("山田 さくら さんの親として手続きしています");
  await expect(page.getByTestId("consent-status")).toContainText("代諾者による同意");
  // The choices are about the child, in the third person (issue 29 item 3), not "あなたの試料…".
  await expect(page.getByRole("heading", { level: 2, name: "山田 さくらさんについて選んだ内容" })).toBeVisible();
  const effects = page.getByTestId("effects-core.wgs");
  await expect(effects).toContainText("山田 さくらさんの試料の全ゲノムを読み取る（シークエンス）ことがあります。");
  await expect(effects).not.toContainText("あなた");
  await axe.expectNoAxeViolations();
});
