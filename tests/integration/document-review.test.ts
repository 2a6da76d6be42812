// The co-review of the explanatory documents (説明文書検討会; issue 28 item 6; ADR 061) on PostgreSQL, through the
// verbs: a major version that asks people to consent again is published only after a closed review round with every
// comment answered; the first version and minor versions need none; comments stop at the close; a comment and a
// publication at the same moment cannot both land (the comment would be unanswered).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { AppError } from "../../app/domain/kernel/app-error";
import { importFormDraft } from "../../app/domain/consent/forms/create-form-draft.server";
import { publishFormVersion } from "../../app/domain/consent/forms/publish-form-version.server";
import { addReviewComment } from "../../app/domain/consent/forms/review/add-review-comment.server";
import { answerReviewComment } from "../../app/domain/consent/forms/review/answer-review-comment.server";
import { closeReviewRound } from "../../app/domain/consent/forms/review/close-review-round.server";
import { openReviewRound } from "../../app/domain/consent/forms/review/open-review-round.server";
import { seededFormContent } from "../../app/wiring/demo/seed-consent-forms.server";
import { useTestDatabase } from "../support/database";
import { requestFrom } from "../factories/user-factory";

useTestDatabase();

const staff = randomUUID();
const reviewer = randomUUID();
const request = requestFrom();

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  throw new Error("expected a refusal");
}

/** A form key of its own, its 1.0 published and its 2.0 (major) a draft. */
async function laterMajorDraft(): Promise<{ id: string; sections: string[] }> {
  const formKey = `review-${randomUUID().slice(0, 8)}`;
  const first = await importFormDraft({ content: { ...seededFormContent("1.0"), formKey }, createdById: staff, context: {} });
  await publishFormVersion({ formVersionId: first.id, publishedById: staff, actorRole: "elsi_staff", context: {} });
  const content = { ...seededFormContent("2.0"), formKey };
  const second = await importFormDraft({ content, createdById: staff, context: {} });
  return { id: second.id, sections: content.languages.ja.sections.map((section) => section.id) };
}

const publish = (formVersionId: string) => publishFormVersion({ formVersionId, publishedById: staff, actorRole: "elsi_staff", context: {} });

describe("[ELSI staff, panel] the co-review of a major version", () => {
  it("blocks publication until a round has closed and every comment has its answer, then allows it", async () => {
    const draft = await laterMajorDraft();
    expect(await refusal(publish(draft.id))).toBe("form_review_required");

    const { roundId } = await openReviewRound({ formVersionId: draft.id, actorUserId: staff, request });
    expect(await refusal(openReviewRound({ formVersionId: draft.id, actorUserId: staff, request }))).toBe("form_review_open");
    const { commentId: onSection } = await addReviewComment({ roundId, comment: { text: "「再同意」の意味が分かりにくいです。", sectionId: draft.sections[0], showName: true }, reviewer: { userId: reviewer }, request });
    const { commentId: whole } = await addReviewComment({ roundId, comment: { text: "Too long overall." }, reviewer: { userId: randomUUID() }, request });
    expect(await refusal(publish(draft.id))).toBe("form_review_open");

    await closeReviewRound({ roundId, actorUserId: staff, request });
    expect(await refusal(addReviewComment({ roundId, comment: { text: "late" }, reviewer: { userId: reviewer }, request }))).toBe("review_round_closed");
    expect(await refusal(closeReviewRound({ roundId, actorUserId: staff, request }))).toBe("review_round_closed");
    expect(await refusal(publish(draft.id))).toBe("form_review_unanswered");

    await answerReviewComment({ roundId, commentId: onSection, answer: { answer: "changed", text: "用語の説明を追加しました。" }, actorUserId: staff, request });
    expect(await refusal(publish(draft.id))).toBe("form_review_unanswered");
    await answerReviewComment({ roundId, commentId: whole, answer: { answer: "declined", text: "The law requires each section; we shortened the summary instead." }, actorUserId: staff, request });
    await publish(draft.id);
    expect((await getDatabase().consentFormVersion.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe("published");

    // The record is final once published, and it keeps who chose to be named.
    expect(await refusal(answerReviewComment({ roundId, commentId: whole, answer: { answer: "accepted", text: "x" }, actorUserId: staff, request }))).toBe("form_not_editable");
    const comments = await getDatabase().documentReviewComment.findMany({ where: { roundId }, orderBy: { createdAt: "asc" } });
    expect(comments.map((comment) => [comment.showName, comment.answer])).toEqual([
      [true, "changed"],
      [false, "declined"],
    ]);
    const audit = await getDatabase().auditEvent.findMany({ where: { type: "document_review.changed" }, orderBy: { id: "asc" } });
    const mine = audit.filter((entry) => (entry.detail as { roundId: string }).roundId === roundId).map((entry) => (entry.detail as { change: string }).change);
    expect(mine).toEqual(["opened", "commented", "commented", "closed", "answered", "answered"]);
    // The audit log holds no comment's words.
    expect(audit.some((entry) => JSON.stringify(entry.detail).includes("再同意"))).toBe(false);
  });

  it("needs no round for a form's first version or a minor one", async () => {
    const formKey = `review-${randomUUID().slice(0, 8)}`;
    const first = await importFormDraft({ content: { ...seededFormContent("1.0"), formKey }, createdById: staff, context: {} });
    await publish(first.id);
    const minor = await importFormDraft({ content: { ...seededFormContent("1.1"), formKey }, createdById: staff, context: {} });
    await publish(minor.id);
    expect(await getDatabase().consentFormVersion.count({ where: { formKey, status: "published" } })).toBe(2);
  });

  it("refuses bad input, writing nothing: an empty or oversized comment, hostile text, a section the form lacks, an answer without words or of no kind", async () => {
    const draft = await laterMajorDraft();
    const { roundId } = await openReviewRound({ formVersionId: draft.id, actorUserId: staff, request });
    for (const comment of [{ text: "" }, { text: "x".repeat(2001) }, { text: "ok\u202Eevil" }, { text: "ok", sectionId: "no-such-section" }, { text: "ok", showName: "yes" }]) {
      expect(await refusal(addReviewComment({ roundId, comment, reviewer: { userId: reviewer }, request })), JSON.stringify(comment)).toBe("invalid_input");
    }
    expect(await getDatabase().documentReviewComment.count({ where: { roundId } })).toBe(0);
    const { commentId } = await addReviewComment({ roundId, comment: { text: "ok" }, reviewer: { userId: reviewer }, request });
    for (const answer of [{ answer: "declined", text: "" }, { answer: "maybe", text: "x" }, { answer: "accepted" }]) {
      expect(await refusal(answerReviewComment({ roundId, commentId, answer, actorUserId: staff, request })), JSON.stringify(answer)).toBe("invalid_input");
    }
    expect(await refusal(answerReviewComment({ roundId, commentId: randomUUID(), answer: { answer: "accepted", text: "x" }, actorUserId: staff, request }))).toBe("not_found");
    expect(await refusal(addReviewComment({ roundId: "nope", comment: { text: "ok" }, reviewer: { userId: reviewer }, request }))).toBe("not_found");
    expect((await getDatabase().documentReviewComment.findUniqueOrThrow({ where: { id: commentId } })).answer).toBeNull();
  });

  it("a comment and a publication at the same moment: never a published version with an unanswered comment", async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const draft = await laterMajorDraft();
      const { roundId } = await openReviewRound({ formVersionId: draft.id, actorUserId: staff, request });
      const { commentId } = await addReviewComment({ roundId, comment: { text: "first" }, reviewer: { userId: reviewer }, request });
      await answerReviewComment({ roundId, commentId, answer: { answer: "accepted", text: "done" }, actorUserId: staff, request });
      // Closing and commenting race; then publishing and a late answer-less comment race.
      await Promise.allSettled([closeReviewRound({ roundId, actorUserId: staff, request }), addReviewComment({ roundId, comment: { text: "racing" }, reviewer: { userId: reviewer }, request })]);
      await Promise.allSettled([publish(draft.id), addReviewComment({ roundId, comment: { text: "too late?" }, reviewer: { userId: reviewer }, request })]);
      const version = await getDatabase().consentFormVersion.findUniqueOrThrow({ where: { id: draft.id } });
      const unanswered = await getDatabase().documentReviewComment.count({ where: { roundId, answer: null } });
      if (version.status === "published") expect(unanswered).toBe(0);
    }
  });
});
