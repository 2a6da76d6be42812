// The co-review of the explanatory documents in the browser (issue 28 item 6; ADR 061), one walk per language: in en,
// publishing a later major version is refused until the panel's round has closed and every comment has its answer —
// staff open the round, a panel member comments on a section, staff close and answer, and then publication goes
// through; in ja, the panel's list and the round's page; in やさしい日本語, the published version's public record
// (with JavaScript, axe; and without). A patient outside the panel (ADR 064): invited by staff in en, reads the round
// through the link in ja (axe), comments through it without JavaScript in やさしい日本語. Bad input and races are in
// tests/integration/document-review*.test.ts and review-invitations.test.ts.
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { FormContentSchema } from "@tsunagi/consent-rules/form-content";
import { getDatabase } from "../../app/db.server";
import { importFormDraft } from "../../app/domain/consent/forms/create-form-draft.server";
import { formContentHash } from "../../app/domain/consent/forms/form-hash";
import { addReviewComment } from "../../app/domain/consent/forms/review/add-review-comment.server";
import { answerReviewComment } from "../../app/domain/consent/forms/review/answer-review-comment.server";
import { closeReviewRound } from "../../app/domain/consent/forms/review/close-review-round.server";
import { openReviewRound } from "../../app/domain/consent/forms/review/open-review-round.server";
import { generateSecureRandomString, sha256 } from "@tsunagi/service-kit/secure-random.server";
import { createUser, signInAs } from "./support/accounts";
import { useLanguage } from "./support/language";
import { translator } from "./support/words";
import { expect, test } from "./fixtures";

// Publishing before the review round is done is refused by the record's state: 409, as every such refusal (ADR 092).
test.use({ allowedConsoleErrors: [/the server responded with a status of 409 \(Conflict\)/] });

const request = { ipAddress: "127.0.0.1", userAgent: "playwright" };
const seedContent = (version: "1.0" | "2.0"): Record<string, unknown> => JSON.parse(readFileSync(new URL(`../../prisma/seed-data/consent-forms/wgs-cancer-${version}.json`, import.meta.url), "utf8"));

/** A form key of its own: 1.0 published (directly: publishFormVersion pulls in mail templates Playwright cannot load), 2.0 a major draft. */
async function laterMajorDraft(): Promise<{ id: string; firstSection: string }> {
  const formKey = `review-${randomUUID().slice(0, 8)}`;
  const first = { ...seedContent("1.0"), formKey };
  const { id } = await importFormDraft({ content: first, createdById: null, context: {} });
  await getDatabase().consentFormVersion.update({ where: { id }, data: { status: "published", contentHash: formContentHash(FormContentSchema.parse(first)), publishedAt: new Date() } });
  const second = FormContentSchema.parse({ ...seedContent("2.0"), formKey });
  const draft = await importFormDraft({ content: second, createdById: null, context: {} });
  return { id: draft.id, firstSection: second.languages.en.sections[0]!.heading };
}

test("[ELSI staff, panel] a major version waits for the panel's review round, then is published (en)", async ({ page, context, axe }) => {
  const t = translator("en", "forms");
  const errors = translator("en", "errors");
  const draft = await laterMajorDraft();
  const staff = await createUser({ role: "elsi_staff", withTotp: true });
  const member = await createUser({ role: "panel_member" });
  await useLanguage(context, "en");
  const publish = async () => {
    await page.goto(`/staff/forms/${draft.id}/publish`);
    await page.getByLabel(t("publish.confirmLabel", { version: "2.0" })).fill("2.0");
    await page.getByRole("button", { name: t("publish.submit", { version: "2.0" }) }).click();
  };

  await signInAs(context, staff);
  await publish();
  await expect(page.getByText(errors("form_review_required"))).toBeVisible();
  await page.goto(`/staff/forms/${draft.id}/review`);
  await expect(page.getByTestId("review-gate")).toHaveText(errors("form_review_required"));
  await axe.expectNoAxeViolations();
  await page.getByLabel(t("review.openConfirm")).check();
  await page.getByRole("button", { name: t("review.open") }).click();
  await expect(page.getByRole("status")).toContainText(t("review.notices.opened"));
  await expect(page.getByTestId("round-open")).toBeVisible();
  // A patient outside the panel is invited to the round by mail (ADR 064).
  const invitations = page.getByTestId("review-invitations");
  await invitations.getByLabel(t("review.invitations.fullName")).fill("Ichiro Sato");
  await invitations.getByLabel(t("review.invitations.email")).fill(`invitee-${randomUUID().slice(0, 8)}@example.test`);
  await invitations.getByLabel(t("review.invitations.language")).selectOption("en");
  await invitations.getByRole("button", { name: t("review.invitations.invite") }).click();
  await expect(page.getByRole("status")).toContainText(t("review.notices.invited"));
  await expect(page.getByTestId("review-invitation")).toContainText("Ichiro Sato");
  await axe.expectNoAxeViolations();

  await signInAs(context, member);
  await page.goto("/panel/reviews");
  await page.locator(`a[href^="/panel/reviews/"]`).filter({ hasText: "2.0" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: t("reviewer.title") })).toBeVisible();
  await axe.expectNoAxeViolations();
  await page.getByLabel(t("reviewer.section")).selectOption({ label: draft.firstSection });
  await page.getByLabel(t("reviewer.text"), { exact: true }).fill("Please say in one sentence what changes for me.");
  await page.getByLabel(t("reviewer.showName")).check();
  await page.getByRole("button", { name: t("reviewer.submit") }).click();
  await expect(page.getByRole("status")).toContainText(t("reviewer.commented"));
  await expect(page.getByTestId("my-comment")).toHaveCount(1);
  await axe.expectNoAxeViolations();

  await signInAs(context, staff);
  await page.goto(`/staff/forms/${draft.id}/review`);
  await page.getByLabel(t("review.closeConfirm")).check();
  await page.getByRole("button", { name: t("review.close") }).click();
  await expect(page.getByTestId("review-gate")).toHaveText(errors("form_review_unanswered"));
  await publish();
  await expect(page.getByText(errors("form_review_unanswered"))).toBeVisible();

  await page.goto(`/staff/forms/${draft.id}/review`);
  const comment = page.getByTestId("review-comment");
  await comment.getByLabel(t("review.answers.changed")).check();
  await comment.getByLabel(t("review.answerText")).fill("Added a one-sentence summary at the top.");
  await comment.getByRole("button", { name: t("review.saveAnswer") }).click();
  await expect(page.getByRole("status")).toContainText(t("review.notices.answered"));
  await expect(page.getByTestId("review-gate")).toHaveText(t("review.gateClear"));
  await axe.expectNoAxeViolations();

  await publish();
  await expect(page.getByRole("status")).toContainText(t("notices.published", { version: "2.0" }));
  expect((await getDatabase().consentFormVersion.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe("published");
});

/** An invitation to the round written directly (its secret otherwise travels only in the mail); returns the link. */
async function invitationLink(roundId: string, invitedById: string): Promise<string> {
  const token = generateSecureRandomString(32);
  await getDatabase().documentReviewInvitation.create({
    data: { roundId, fullName: "佐藤 一郎", email: `invitee-${randomUUID().slice(0, 8)}@example.test`, language: "ja", tokenHash: sha256(token), invitedById, createdAt: new Date() },
  });
  return `/review-invitation/${token}`;
}

/** A major draft with a closed round: one comment named, one not, each answered; then published directly. */
async function reviewedAndPublished() {
  const draft = await laterMajorDraft();
  const staff = await createUser({ role: "elsi_staff" });
  const named = await createUser({ role: "panel_member" });
  const unnamed = await createUser({ role: "panel_member" });
  await getDatabase().user.update({ where: { id: named.id }, data: { displayName: "山田 花子" } });
  const { roundId } = await openReviewRound({ formVersionId: draft.id, actorUserId: staff.id, request });
  const comments = [
    await addReviewComment({ roundId, comment: { text: "一文でまとめてください。", showName: true }, reviewer: { userId: named.id }, request }),
    await addReviewComment({ roundId, comment: { text: "だれがデータを見るか書いてください。", showName: false }, reviewer: { userId: unnamed.id }, request }),
  ];
  await closeReviewRound({ roundId, actorUserId: staff.id, request });
  for (const { commentId } of comments) await answerReviewComment({ roundId, commentId, answer: { answer: "changed", text: "冒頭に追記しました。" }, actorUserId: staff.id, request });
  const content = FormContentSchema.parse((await getDatabase().consentFormVersion.findUniqueOrThrow({ where: { id: draft.id } })).content);
  await getDatabase().consentFormVersion.update({ where: { id: draft.id }, data: { status: "published", contentHash: formContentHash(content), publishedAt: new Date() } });
  return { draft, roundId, named, member: unnamed };
}

test("[panel, public] the panel's list and round page (ja), and the public record in やさしい日本語 (ja-easy)", async ({ page, context, axe }) => {
  const t = translator("ja", "forms");
  const draft = await laterMajorDraft();
  const staff = await createUser({ role: "elsi_staff" });
  const { roundId } = await openReviewRound({ formVersionId: draft.id, actorUserId: staff.id, request });
  await signInAs(context, await createUser({ role: "panel_member" }));
  await useLanguage(context, "ja");
  await page.goto("/panel/reviews");
  await expect(page.getByRole("heading", { level: 1, name: t("reviewer.listTitle") })).toBeVisible();
  await axe.expectNoAxeViolations();
  await page.goto(`/panel/reviews/${roundId}`);
  await expect(page.getByRole("heading", { level: 2, name: t("reviewer.draftHeading") })).toBeVisible();
  await axe.expectNoAxeViolations();
  // The invited patient's page: the same round through the link, signed out.
  await context.clearCookies();
  await useLanguage(context, "ja");
  await page.goto(await invitationLink(roundId, staff.id));
  await expect(page.getByRole("heading", { level: 1, name: t("invited.title") })).toBeVisible();
  await expect(page.getByText(t("invited.greeting", { name: "佐藤 一郎" }))).toBeVisible();
  await axe.expectNoAxeViolations();

  const reviewed = await reviewedAndPublished();
  const easy = translator("ja-easy", "forms");
  await useLanguage(context, "ja-easy");
  await page.goto(`/forms/${reviewed.draft.id}/review`);
  await expect(page.getByTestId("record-comment")).toHaveCount(2);
  await expect(page.getByTestId("record-reviewer").first()).toHaveText("山田 花子");
  await expect(page.getByTestId("record-reviewer").last()).toHaveText(easy("record.anonymous"));
  await axe.expectNoAxeViolations();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("[public] reads the review record of a published version (ja-easy)", async ({ page, context }) => {
    const easy = translator("ja-easy", "forms");
    const reviewed = await reviewedAndPublished();
    await useLanguage(context, "ja-easy");
    await page.goto(`/forms/${reviewed.draft.id}/review`);
    await expect(page.getByRole("heading", { level: 1, name: easy("record.title") })).toBeVisible();
    await expect(page.getByTestId("record-comment")).toHaveCount(2);
  });

  test("[invited patient] comments on a draft through the mailed link (ja-easy)", async ({ page, context }) => {
    const easy = translator("ja-easy", "forms");
    const draft = await laterMajorDraft();
    const staff = await createUser({ role: "elsi_staff" });
    const { roundId } = await openReviewRound({ formVersionId: draft.id, actorUserId: staff.id, request });
    await useLanguage(context, "ja-easy");
    await page.goto(await invitationLink(roundId, staff.id));
    await expect(page.getByRole("heading", { level: 1, name: easy("invited.title") })).toBeVisible();
    await page.getByLabel(easy("reviewer.text"), { exact: true }).fill("むずかしい ことばを へらして ください。");
    await page.getByRole("button", { name: easy("reviewer.submit") }).click();
    await expect(page.getByRole("status")).toContainText(easy("reviewer.commented"));
    await expect(page.getByTestId("my-comment")).toContainText("むずかしい ことばを へらして ください。");
    expect(await getDatabase().documentReviewComment.count({ where: { roundId, invitationId: { not: null } } })).toBe(1);
  });
});
