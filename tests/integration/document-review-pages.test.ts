// The co-review pages (issue 28 item 6; ADR 061) through their loaders and actions, as a browser sends them: a panel
// member comments section by section (bad input refused in the reader's language, nothing written), staff open,
// close and answer, the staff page says what publishing waits for, and the public record of the published version
// names a reviewer only where they chose to be.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { importFormDraft } from "../../app/domain/consent/forms/create-form-draft.server";
import { publishFormVersion } from "../../app/domain/consent/forms/publish-form-version.server";
import { seededFormContent } from "../../app/wiring/demo/seed-consent-forms.server";
import { translator } from "../../app/i18n/i18n";
import { loader as recordLoader } from "../../app/routes/public/forms.$id.review";
import { action as commentAction, loader as roundLoader } from "../../app/routes/panel/panel.reviews.$roundId";
import { loader as roundsLoader } from "../../app/routes/panel/panel.reviews._index";
import { action as staffAction, loader as staffLoader } from "../../app/routes/staff/staff.forms.$id.review";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { cookieFor, formPost, loadContext, pageGet, replyErrors, settle } from "../support/route-requests";

useTestDatabase();

/** A form key of its own, its 1.0 published and its 2.0 (major) a draft. */
async function laterMajorDraft(staffId: string): Promise<{ id: string; sections: string[] }> {
  const formKey = `review-${randomUUID().slice(0, 8)}`;
  const first = await importFormDraft({ content: { ...seededFormContent("1.0"), formKey }, createdById: staffId, context: {} });
  await publishFormVersion({ formVersionId: first.id, publishedById: staffId, actorRole: "elsi_staff", context: {} });
  const content = { ...seededFormContent("2.0"), formKey };
  const draft = await importFormDraft({ content, createdById: staffId, context: {} });
  return { id: draft.id, sections: content.languages.ja.sections.map((section) => section.id) };
}

async function named<T extends { id: string }>(user: T, displayName: string): Promise<T & { displayName: string }> {
  await getDatabase().user.update({ where: { id: user.id }, data: { displayName } });
  return { ...user, displayName };
}

async function people(language = "ja") {
  const staff = await createUser({ role: "elsi_staff", password: null });
  const member = await named(await createUser({ role: "panel_member", password: null }), "山田 花子");
  return { staff, member, staffCookie: await cookieFor(staff, language), memberCookie: await cookieFor(member, language) };
}

const staffPost = (versionId: string, cookie: string) => (fields: Record<string, string>) =>
  settle(() => staffAction({ request: formPost(`/staff/forms/${versionId}/review`, fields, cookie), context: loadContext, params: { id: versionId } }));
const memberPost = (roundId: string, cookie: string) => (fields: Record<string, string>) =>
  settle(() => commentAction({ request: formPost(`/panel/reviews/${roundId}`, fields, cookie), context: loadContext, params: { roundId } }));
const rounds = (formVersionId: string) => getDatabase().documentReviewRound.findMany({ where: { formVersionId }, include: { comments: true } });

describe("[panel, ELSI staff] the co-review pages", () => {
  it.each(["ja", "ja-easy", "en"] as const)("refuses an empty, oversized, hostile or misdirected comment or answer with errors in the reader's language (%s), writing nothing", async (language) => {
    const { staff, staffCookie, memberCookie } = await people(language);
    const draft = await laterMajorDraft(staff.id);
    expect((await staffPost(draft.id, staffCookie)({ intent: "open", confirm: "yes" })).status).toBe(302);
    const [round] = await rounds(draft.id);
    const t = translator(language, "errors");
    for (const [name, bad] of [
      ["empty", { intent: "comment", text: "" }],
      ["oversized", { intent: "comment", text: "あ".repeat(2_001) }],
      ["hostile Unicode", { intent: "comment", text: "よい\u202Eです" }],
      ["a section the form lacks", { intent: "comment", sectionId: "no-such-section", text: "分かりやすいです。" }],
      ["wrong intent", { intent: "answer", text: "分かりやすいです。" }],
    ] as const) {
      const response = await memberPost(round!.id, memberCookie)(bad);
      expect(response.status, name).toBe(400);
      const errors = replyErrors(await response.json());
      expect(errors.length, name).toBeGreaterThan(0);
      expect(errors.join(" "), name).not.toMatch(/invalid_type|Expected|Invalid input/);
      if (name === "empty") expect(errors, name).toContain(t("field.required"));
      if (name === "oversized") expect(errors.join(" "), name).toMatch(/2,?001.*2,?000/);
    }
    expect((await rounds(draft.id))[0]!.comments).toHaveLength(0);
    const commented = await memberPost(round!.id, memberCookie)({ intent: "comment", sectionId: draft.sections[0]!, text: "もう少し短く。" });
    expect(commented.status).toBe(302);
    const [comment] = (await rounds(draft.id))[0]!.comments;
    for (const [name, bad] of [
      ["no kind", { intent: "answer", roundId: round!.id, commentId: comment!.id, text: "短くしました。" }],
      ["wrong kind", { intent: "answer", roundId: round!.id, commentId: comment!.id, answer: "ignored", text: "短くしました。" }],
      ["no words", { intent: "answer", roundId: round!.id, commentId: comment!.id, answer: "declined", text: "" }],
      ["nonsense id", { intent: "answer", roundId: "x'<b>", commentId: comment!.id, answer: "changed", text: "短くしました。" }],
    ] as const) {
      const response = await staffPost(draft.id, staffCookie)(bad);
      expect(response.status, name).toBe(400);
      expect(replyErrors(await response.json()).join(" "), name).not.toMatch(/invalid_type|Expected|Invalid input/);
    }
    expect((await rounds(draft.id))[0]!.comments[0]!.answer).toBeNull();
  });

  it("the staff page says what publishing waits for until the round closes and every comment has its answer; the public record then names only who chose to be named", async () => {
    const { staff, member, staffCookie, memberCookie } = await people("en");
    const other = await named(await createUser({ role: "panel_member", password: null }), "Anonymous Reviewer");
    const draft = await laterMajorDraft(staff.id);
    const page = async () => (await (await settle(() => staffLoader({ request: pageGet(`/staff/forms/${draft.id}/review`, staffCookie), context: loadContext, params: { id: draft.id } }))).json()).workspace;
    expect((await page()).gate).toBe("form_review_required");

    await staffPost(draft.id, staffCookie)({ intent: "open", confirm: "yes" });
    expect((await page()).gate).toBe("form_review_open");
    const [round] = await rounds(draft.id);
    // The panel sees the open round and the draft's text in its language.
    const listed = await (await settle(() => roundsLoader({ request: pageGet("/panel/reviews", memberCookie), context: loadContext, params: {} }))).json();
    expect(listed.rounds.map((entry: { roundId: string }) => entry.roundId)).toContain(round!.id);
    const read = await (await settle(() => roundLoader({ request: pageGet(`/panel/reviews/${round!.id}`, memberCookie), context: loadContext, params: { roundId: round!.id } }))).json();
    expect(read.round.sections.map((section: { id: string }) => section.id)).toEqual(draft.sections);

    await memberPost(round!.id, memberCookie)({ intent: "comment", sectionId: draft.sections[0]!, text: "Shorter, please.", showName: "yes" });
    await memberPost(round!.id, await cookieFor(other, "en"))({ intent: "comment", text: "Say who sees the data." });
    // Each reviewer reads their own comments only.
    const mine = await (await settle(() => roundLoader({ request: pageGet(`/panel/reviews/${round!.id}`, memberCookie), context: loadContext, params: { roundId: round!.id } }))).json();
    expect(mine.round.mine.map((comment: { text: string }) => comment.text)).toEqual(["Shorter, please."]);

    await staffPost(draft.id, staffCookie)({ intent: "close", roundId: round!.id, confirm: "yes" });
    expect((await page()).gate).toBe("form_review_unanswered");
    const late = await memberPost(round!.id, memberCookie)({ intent: "comment", text: "One more thing." });
    expect(late.status).toBe(409);
    expect(replyErrors(await late.json())).toContain(translator("en", "errors")("review_round_closed"));
    for (const comment of (await rounds(draft.id))[0]!.comments) {
      expect((await staffPost(draft.id, staffCookie)({ intent: "answer", roundId: round!.id, commentId: comment.id, answer: "changed", text: "Done in 2.0." })).status).toBe(302);
    }
    expect((await page()).gate).toBeNull();

    // A draft's record is not public; the published version's is, with names only where chosen.
    const record = async () => settle(() => recordLoader({ request: pageGet(`/forms/${draft.id}/review`, ""), context: loadContext, params: { id: draft.id } }));
    expect((await record()).status).toBe(404);
    await publishFormVersion({ formVersionId: draft.id, publishedById: staff.id, actorRole: "elsi_staff", context: {} });
    const published = (await (await record()).json()).record;
    const names = published.rounds[0].comments.map((comment: { authorName: string | null }) => comment.authorName);
    expect(names).toEqual([member.displayName, null]);
    expect(JSON.stringify(published)).not.toContain("Anonymous Reviewer");
  });
});
