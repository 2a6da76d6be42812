import { createUser, signInAs } from "./support/accounts";
import { onPage } from "./support/words";
import { expect, test } from "./fixtures";
import { getDatabase } from "../../app/db.server";
import type { WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";
import type { SupportedLanguage } from "../../app/i18n/languages";
import { consentedParticipant } from "./dashboard-fixtures";

// Each test first creates a consented participant (a real signature, PDF and mail) in a tsx child process.
test.describe.configure({ timeout: 120_000 });

interface Case {
  language: SupportedLanguage;
  switcher: string;
  level: WithdrawalLevel;
  levelLabel: string;
  moreHeading: string;
  withdrawLink: string;
  /** A phrase from "what cannot be recalled", which must be read before confirming. */
  cannotRecall: string;
  next: string;
  confirm: string;
  withdrawnStatus: string;
}

const cases: Case[] = [
  {
    language: "ja",
    switcher: "日本語",
    level: "no_contact",
    levelLabel: "今後の連絡を受けない",
    moreHeading: "そのほか",
    withdrawLink: "同意を撤回する",
    cannotRecall: "この段階では何も削除しません",
    next: "次へ",
    confirm: "撤回する",
    withdrawnStatus: "同意を撤回しています：今後の連絡を受けない。",
  },
  {
    language: "ja-easy",
    switcher: "やさしい日本語",
    level: "no_further_use",
    levelLabel: "これからは 使わない",
    moreHeading: "ほかに できる こと",
    withdrawLink: "同意を やめる",
    cannotRecall: "もう 論文で 発表した ことや、今までに 渡したり 公開したり した データは、取りもどせません。",
    next: "次へ",
    confirm: "やめる",
    withdrawnStatus: "同意を やめて います：これからは 使わない。",
  },
  {
    language: "en",
    switcher: "English",
    level: "destroy",
    levelLabel: "Destroy specimens and delete identifiable data where possible",
    moreHeading: "More",
    withdrawLink: "Withdraw consent",
    cannotRecall: "Results already published, data already included in datasets shared or released before now",
    next: "Continue",
    confirm: "Withdraw now",
    withdrawnStatus: "Consent withdrawn: Destroy specimens and delete identifiable data where possible.",
  },
];

for (const item of cases) {
  test(`[participant, ${item.language}] withdraws at ${item.level} after reading what stops, what continues and what cannot be recalled`, async ({ page, context, axe }) => {
    const seen = (text: string, options?: { exact?: boolean }) => onPage(item.language, text, options);
    const participant = await consentedParticipant({ language: item.language });
    await signInAs(context, participant.user!);
    await page.goto("/consent");
    if (item.language !== "ja") await page.getByRole("button", { name: seen(item.switcher, { exact: true }), exact: true }).click();
    await page.getByRole("region", { name: seen(item.moreHeading) }).getByRole("link", { name: seen(item.withdrawLink) }).click();
    await expect(page).toHaveURL(/\/consent\/withdraw$/);
    await axe.expectNoAxeViolations();

    // Every level is explained on the page where it is chosen, before anything can be confirmed.
    for (const level of ["no_contact", "no_further_use", "destroy"] as const) await expect(page.getByTestId(`explanation-${level}`)).toBeVisible();
    await expect(page.getByTestId(`explanation-${item.level}`)).toContainText(seen(item.cannotRecall));
    await page.getByRole("radio", { name: seen(item.levelLabel) }).check();
    await page.getByRole("button", { name: seen(item.next, { exact: true }), exact: true }).click();

    await expect(page.getByRole("heading", { level: 2, name: seen(item.levelLabel) })).toBeVisible();
    await expect(page.getByTestId(`explanation-${item.level}`)).toContainText(seen(item.cannotRecall));
    await axe.expectNoAxeViolations();
    expect((await getDatabase().consentState.findUniqueOrThrow({ where: { participantId: participant.id } })).status).toBe("active");
    await page.getByRole("button", { name: seen(item.confirm, { exact: true }), exact: true }).click();

    await expect(page).toHaveURL(/\/consent\?notice=withdrawn$/);
    await expect(page.getByTestId("consent-status")).toContainText(seen(item.withdrawnStatus));
    await axe.expectNoAxeViolations();
    const state = await getDatabase().consentState.findUniqueOrThrow({ where: { participantId: participant.id } });
    expect(state).toMatchObject({ status: "withdrawn", withdrawalLevel: item.level });

    // A weaker level is no longer offered; only stricter ones are.
    await page.goto("/consent/withdraw");
    if (item.level === "destroy") await expect(page.getByRole("radio")).toHaveCount(0);
    else await expect(page.getByRole("radio", { name: seen(item.levelLabel) })).toHaveCount(0);
    await axe.expectNoAxeViolations();
  });
}

test("[coordinator] records a withdrawal received by phone, with the note, after a confirmation screen", async ({ page, context, axe }) => {
  const participant = await consentedParticipant();
  const coordinator = await createUser({ role: "coordinator", withTotp: true });
  await signInAs(context, coordinator);
  await page.goto(`/staff/participants/${participant.id}/withdrawal`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("電話・郵便で受けた撤回を記録する");
  await expect(page.getByRole("main")).toContainText(participant.fullName);
  await axe.expectNoAxeViolations();

  await page.getByRole("button", { name: "確認へ進む" }).click();
  await expect(page.getByRole("alert").first()).toContainText("入力してください。");
  await axe.expectNoAxeViolations();

  const note = "2026-05-12 14:05 ご本人から電話（娘さん同席）";
  await page.getByRole("radio", { name: "電話" }).check();
  await page.getByRole("radio", { name: "今後の利用をやめる" }).check();
  await page.getByLabel("メモ").fill(note);
  await page.getByRole("button", { name: "確認へ進む" }).click();
  await expect(page.getByTestId("staff-review")).toContainText(note);
  await axe.expectNoAxeViolations();
  await page.getByRole("button", { name: "撤回を記録する" }).click();

  await expect(page.getByRole("status")).toContainText("撤回を記録しました");
  const event = await getDatabase().consentEvent.findFirstOrThrow({ where: { participantId: participant.id }, orderBy: { participantSeq: "desc" } });
  expect(event).toMatchObject({ type: "withdrawn", method: "phone", withdrawalLevel: "no_further_use", actorUserId: coordinator.id, detail: { note } });
  await expect(page.getByRole("status")).toContainText(event.verificationCode);
  await expect(page.getByTestId("staff-consent-status")).toContainText("今後の利用をやめる");
  await axe.expectNoAxeViolations();
});

test.describe("without JavaScript", () => {
  // axe runs inside the page, so it cannot run here; the same pages are scanned with JavaScript on above.
  test.use({ javaScriptEnabled: false });

  test("[participant] withdraws with plain form posts, and an unanswered question gets a translated error", async ({ page, context }) => {
    const participant = await consentedParticipant();
    await signInAs(context, participant.user!);
    await page.goto("/consent/withdraw");
    await page.getByRole("button", { name: "次へ", exact: true }).click();
    await expect(page.getByRole("alert")).toContainText("入力してください。");
    await page.getByRole("radio", { name: "今後の利用をやめる" }).check();
    await page.getByRole("button", { name: "次へ", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("撤回の内容を確認してください");
    await expect(page.getByTestId("explanation-no_further_use")).toContainText("すでに論文で発表された結果");
    await page.getByRole("button", { name: "撤回する", exact: true }).click();
    await expect(page).toHaveURL(/\/consent\?notice=withdrawn$/);
    await expect(page.getByTestId("consent-status")).toContainText("同意を撤回しています：今後の利用をやめる。");
  });
});
