import { expect, test } from "./fixtures";
import { getDatabase } from "../../app/db.server";
import { consentedParticipant } from "./dashboard-fixtures";

// Each test first creates a consented participant (a real signature, PDF and mail) in a tsx child process.
test.describe.configure({ timeout: 120_000 });

test("[public] checks a record by its code without signing in, compares the PDF, and rejects a made-up code", async ({ page, axe }) => {
  const participant = await consentedParticipant({ fullName: "確認 太郎" });
  const code = participant.grant.verificationCode;

  await page.goto("/verify");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("同意の記録を確かめる");
  await axe.expectNoAxeViolations();

  // Typed the way people type: small letters, no hyphens, stray spaces.
  await page.getByLabel("確認コード").fill(` ${code.toLowerCase().replace(/-/g, "")} `);
  await page.getByRole("button", { name: "記録を確かめる" }).click();
  const result = page.getByTestId("verify-result");
  await expect(result).toHaveAttribute("data-result", "intact");
  await expect(result.getByRole("heading")).toHaveText("この記録は台帳にあり、改ざんされていません");
  await expect(result).toContainText(code);
  await expect(result).toContainText(participant.grant.hash);
  await expect(result).toContainText(participant.version.contentHash!);
  await expect(result).toContainText("オンライン");
  const body = await page.locator("main").innerText();
  for (const secret of [participant.fullName, participant.pseudonym, participant.email]) expect(body).not.toContain(secret);
  await axe.expectNoAxeViolations();

  const stored = await getDatabase().consentDocument.findUniqueOrThrow({ where: { eventId: participant.grant.id } });
  await page.getByLabel("PDF ファイル（1 MB まで）").setInputFiles({ name: "copy.pdf", mimeType: "application/pdf", buffer: Buffer.from(stored.pdf) });
  await page.getByRole("button", { name: "ファイルを照合する" }).click();
  await expect(page.getByTestId("pdf-result")).toHaveText("このファイルは、保存されている控えとまったく同じです。");
  await axe.expectNoAxeViolations();

  await page.getByLabel("確認コード").fill("7K2M-9QXD-4RTB-C8NH");
  await page.getByRole("button", { name: "記録を確かめる" }).click();
  await expect(page.getByTestId("verify-result")).toHaveAttribute("data-result", "refused");
  await expect(page.getByRole("alert")).toContainText("このコードの記録は見つかりませんでした");
  await axe.expectNoAxeViolations();

  await page.getByLabel("確認コード").fill("<script>alert(1)</script>");
  await page.getByRole("button", { name: "記録を確かめる" }).click();
  await expect(page.getByRole("alert")).toContainText("確認コードの形式ではありません");
});

test("[public] the link printed on the PDF opens the check already filled in", async ({ page, axe }) => {
  const participant = await consentedParticipant({ language: "en" });
  await page.goto(`/verify?code=${participant.grant.verificationCode}`);
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByLabel("Verification code")).toHaveValue(participant.grant.verificationCode);
  await expect(page.getByTestId("verify-result").getByRole("heading")).toHaveText("This record is in the ledger and intact");
  await axe.expectNoAxeViolations();
});
