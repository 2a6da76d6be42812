// Patients outside the panel invited to a co-review round (issue 28 item 6; ADR 064), through the pages' loaders and
// actions as a browser sends them: staff invite by mail, the mailed link alone opens that round's draft and takes the
// patient's comments, the comment holds publication until answered, and the published record names the patient only
// if they chose. The link opens nothing once withdrawn or unknown, and points to the public record once published;
// bad input is refused in the reader's language with nothing written.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { resetEnvCache } from "../../app/env.server";
import { importFormDraft } from "../../app/domain/consent/forms/create-form-draft.server";
import { publishFormVersion } from "../../app/domain/consent/forms/publish-form-version.server";
import { addReviewComment } from "../../app/domain/consent/forms/review/add-review-comment.server";
import { inviteReviewer } from "../../app/domain/consent/forms/review/invite-reviewer.server";
import { seededFormContent } from "../../app/wiring/demo/seed-consent-forms.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { translator } from "../../app/i18n/i18n";
import { loader as recordLoader } from "../../app/routes/public/forms.$id.review";
import { loader as roundLoader } from "../../app/routes/panel/panel.reviews.$roundId";
import { action as invitedAction, loader as invitedLoader } from "../../app/routes/panel/review-invitation.$token";
import { action as staffAction, loader as staffLoader } from "../../app/routes/staff/staff.forms.$id.review";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { cookieFor, formPost, loadContext, pageGet, replyErrors, settle } from "../support/route-requests";

useTestDatabase();

const request = { ipAddress: "127.0.0.1", userAgent: "vitest" };

/** A form key of its own, its 1.0 published and its 2.0 (major) a draft with a round open. */
async function openRound(staffId: string, staffCookie: string): Promise<{ versionId: string; roundId: string; sections: string[] }> {
  const formKey = `invited-${randomUUID().slice(0, 8)}`;
  const first = await importFormDraft({ content: { ...seededFormContent("1.0"), formKey }, createdById: staffId, context: {} });
  await publishFormVersion({ formVersionId: first.id, publishedById: staffId, actorRole: "elsi_staff", context: {} });
  const content = { ...seededFormContent("2.0"), formKey };
  const draft = await importFormDraft({ content, createdById: staffId, context: {} });
  expect((await staffPost(draft.id, staffCookie)({ intent: "open", confirm: "yes" })).status).toBe(302);
  const round = await getDatabase().documentReviewRound.findFirstOrThrow({ where: { formVersionId: draft.id } });
  return { versionId: draft.id, roundId: round.id, sections: content.languages.ja.sections.map((section) => section.id) };
}

const staffPost = (versionId: string, cookie: string) => (fields: Record<string, string>) =>
  settle(() => staffAction({ request: formPost(`/staff/forms/${versionId}/review`, fields, cookie), context: loadContext, params: { id: versionId } }));
const invitedGet = (token: string, cookie = "") => settle(() => invitedLoader({ request: pageGet(`/review-invitation/${token}`, cookie), context: loadContext, params: { token } }));
const invitedPost = (token: string, fields: Record<string, string>, cookie = "") =>
  settle(() => invitedAction({ request: formPost(`/review-invitation/${token}`, fields, cookie), context: loadContext, params: { token } }));
const address = () => `invitee-${randomUUID().slice(0, 8)}@example.test`;
const comments = (roundId: string) => getDatabase().documentReviewComment.findMany({ where: { roundId }, orderBy: { createdAt: "asc" } });

/** Invites through the staff page and returns the link's secret as the mail carries it. */
async function invite(versionId: string, roundId: string, staffCookie: string, fields: Partial<Record<string, string>> = {}): Promise<{ email: string; token: string; mail: string }> {
  const email = fields.email ?? address();
  const response = await staffPost(versionId, staffCookie)({ intent: "invite", roundId, fullName: "佐藤 一郎", language: "ja", ...fields, email } as Record<string, string>);
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toMatch(/notice=invited/);
  const mail = (await listCapturedMail({ to: email })).find((message) => message.template === "review-invitation");
  const token = /\/review-invitation\/([a-z2-9]{32})/.exec(mail?.text ?? "")?.[1];
  if (!token) throw new Error("no invitation link in the mail");
  return { email, token, mail: mail!.text };
}

async function people(language = "ja") {
  const staff = await createUser({ role: "elsi_staff", password: null });
  const member = await createUser({ role: "panel_member", password: null });
  return { staff, member, staffCookie: await cookieFor(staff, language), memberCookie: await cookieFor(member, language) };
}

describe("[invited patient, ELSI staff] a review round's invitations", () => {
  it("a patient reads the draft and comments through the mailed link alone; staff see who; the comment holds publication until answered; the record names them only if they chose", async () => {
    const { staff, member, staffCookie, memberCookie } = await people("en");
    const { versionId, roundId, sections } = await openRound(staff.id, staffCookie);
    const { email, token, mail } = await invite(versionId, roundId, staffCookie, { fullName: "Ichiro Sato", language: "en" });
    // The mail names the draft and carries the link; the database keeps only the secret's hash.
    expect(mail).toContain("Help us review a draft document");
    const row = await getDatabase().documentReviewInvitation.findFirstOrThrow({ where: { roundId, email } });
    expect(Buffer.from(row.tokenHash).includes(Buffer.from(token))).toBe(false);

    // No account, no session: the link opens the draft, section by section, in the reader's language.
    const opened = await invitedGet(token, await cookieFor(null, "en"));
    expect(opened.status).toBe(200);
    const page = (await opened.json()).opened;
    expect(page.name).toBe("Ichiro Sato");
    expect(page.round.sections.map((section: { id: string }) => section.id)).toEqual(sections);
    expect(page.round.open).toBe(true);

    // A panel member comments too; neither reads the other's comment.
    await addReviewComment({ roundId, comment: { text: "The panel's view." }, reviewer: { userId: member.id }, request });
    const commented = await invitedPost(token, { intent: "comment", sectionId: sections[1]!, text: "Say plainly who sees my genome.", showName: "yes" });
    expect(commented.status).toBe(302);
    expect(commented.headers.get("Location")).toMatch(new RegExp(`^/review-invitation/${token}\\?commented=1&at=\\d+#mine-`));
    const mine = (await (await invitedGet(token)).json()).opened.round.mine;
    expect(mine.map((comment: { text: string }) => comment.text)).toEqual(["Say plainly who sees my genome."]);
    const memberView = await (await settle(() => roundLoader({ request: pageGet(`/panel/reviews/${roundId}`, memberCookie), context: loadContext, params: { roundId } }))).json();
    expect(memberView.round.mine.map((comment: { text: string }) => comment.text)).toEqual(["The panel's view."]);
    // A second patient comments without being named.
    const quiet = await invite(versionId, roundId, staffCookie, { fullName: "Hanako Quiet", language: "en" });
    expect((await invitedPost(quiet.token, { intent: "comment", text: "Too long for me." })).status).toBe(302);
    const stored = (await comments(roundId)).find((comment) => comment.invitationId === row.id)!;
    expect(stored.authorUserId).toBeNull();

    // Staff see the invitation with its comment count, and whose comment came through an invitation.
    const workspace = async () => (await (await settle(() => staffLoader({ request: pageGet(`/staff/forms/${versionId}/review`, staffCookie), context: loadContext, params: { id: versionId } }))).json()).workspace;
    const round = (await workspace()).rounds[0];
    expect(round.invitations).toEqual([
      expect.objectContaining({ fullName: "Ichiro Sato", email, comments: 1, withdrawnAt: null }),
      expect.objectContaining({ fullName: "Hanako Quiet", email: quiet.email, comments: 1, withdrawnAt: null }),
    ]);
    expect(round.comments.find((comment: { id: string }) => comment.id === stored.id)).toMatchObject({ authorName: "Ichiro Sato", invited: true });

    // Closed: the link still shows the draft and the patient's comments, read-only; a late comment is refused.
    await staffPost(versionId, staffCookie)({ intent: "close", roundId, confirm: "yes" });
    expect((await (await invitedGet(token)).json()).opened.round.open).toBe(false);
    const late = await invitedPost(token, { intent: "comment", text: "One more thing." }, await cookieFor(null, "en"));
    expect(late.status).toBe(409);
    expect(replyErrors(await late.json())).toContain(translator("en", "errors")("review_round_closed"));
    // The patient's comment, like the panel's, must be answered before the version may be published.
    expect((await workspace()).gate).toBe("form_review_unanswered");
    for (const comment of await comments(roundId)) {
      expect((await staffPost(versionId, staffCookie)({ intent: "answer", roundId, commentId: comment.id, answer: "changed", text: "Rewritten in 2.0." })).status).toBe(302);
    }
    expect((await invitedGet(token)).status).toBe(200);
    expect((await (await invitedGet(token)).json()).opened.round.mine[0]).toMatchObject({ answer: "changed", answerText: "Rewritten in 2.0." });
    await publishFormVersion({ formVersionId: versionId, publishedById: staff.id, actorRole: "elsi_staff", context: {} });

    // Published: the record is public and names the patient, who chose to be named; the link now points there.
    const record = (await (await settle(() => recordLoader({ request: pageGet(`/forms/${versionId}/review`, ""), context: loadContext, params: { id: versionId } }))).json()).record;
    const shown = record.rounds[0].comments.map((comment: { authorName: string | null; invited: boolean; text: string }) => [comment.text, comment.authorName, comment.invited]);
    expect(shown).toEqual([
      ["The panel's view.", null, false],
      ["Say plainly who sees my genome.", "Ichiro Sato", true],
      ["Too long for me.", null, true],
    ]);
    expect(JSON.stringify(record)).not.toContain(email);
    expect(JSON.stringify(record)).not.toContain("Hanako Quiet");
    expect(record.rounds[0].invitations).toEqual([]);
    const after = await invitedGet(token);
    expect(after.status).toBe(410);
    expect((await after.json()).opened).toEqual({ ok: false, reason: "published", formVersionId: versionId });
  });

  it("a withdrawn or unknown link opens nothing and writes nothing; one live invitation per address per round", async () => {
    const { staff, staffCookie } = await people("ja");
    const { versionId, roundId } = await openRound(staff.id, staffCookie);
    const { email, token } = await invite(versionId, roundId, staffCookie);
    const again = await staffPost(versionId, staffCookie)({ intent: "invite", roundId, fullName: "佐藤 一郎", email: email.toUpperCase(), language: "ja" });
    expect(again.status).toBe(409);
    expect(replyErrors(await again.json())).toContain(translator("ja", "errors")("review_already_invited"));

    const invitation = await getDatabase().documentReviewInvitation.findFirstOrThrow({ where: { roundId, email } });
    expect((await staffPost(versionId, staffCookie)({ intent: "withdraw_invitation", roundId, invitationId: invitation.id, confirm: "yes" })).status).toBe(302);
    // Twice: not found, nothing changed.
    expect((await staffPost(versionId, staffCookie)({ intent: "withdraw_invitation", roundId, invitationId: invitation.id, confirm: "yes" })).status).toBe(404);
    const withdrawn = await invitedGet(token);
    expect(withdrawn.status).toBe(410);
    expect((await withdrawn.json()).opened).toEqual({ ok: false, reason: "withdrawn" });
    expect((await invitedPost(token, { intent: "comment", text: "まだ書けますか。" })).status).toBe(410);
    // Withdrawn a moment before the comment is written (the verb itself, as a racing request would reach it).
    await expect(addReviewComment({ roundId, comment: { text: "間に合いましたか。" }, reviewer: { invitationId: invitation.id }, request })).rejects.toMatchObject({ code: "not_found" });
    expect(await comments(roundId)).toHaveLength(0);
    // The same address may be invited again after a withdrawal, with a new link.
    const second = await invite(versionId, roundId, staffCookie, { email });
    expect(second.token).not.toBe(token);
    expect((await invitedGet(second.token)).status).toBe(200);

    for (const unknown of ["abcdefghijkmnpqrstuvwxyz23456789", "x'<b>", ""]) expect((await invitedGet(unknown)).status).toBe(404);
    // A link to one round is no way into another: the round comes from the invitation, never from the request.
    const other = await openRound(staff.id, staffCookie);
    const response = await invitedPost(second.token, { intent: "comment", text: "別の見直しへ。", roundId: other.roundId });
    expect(response.status).toBe(302);
    expect(await comments(other.roundId)).toHaveLength(0);
  });

  it.each(["ja", "ja-easy", "en"] as const)("refuses an empty, oversized or hostile comment through the link, and a bad invitation, in the reader's language (%s), writing nothing", async (language) => {
    const { staff, staffCookie } = await people(language);
    const { versionId, roundId } = await openRound(staff.id, staffCookie);
    const { token } = await invite(versionId, roundId, staffCookie);
    const t = translator(language, "errors");
    const reader = await cookieFor(null, language);
    for (const [name, bad] of [
      ["empty", { intent: "comment", text: "" }],
      ["oversized", { intent: "comment", text: "あ".repeat(2_001) }],
      ["hostile Unicode", { intent: "comment", text: "よい\u202Eです" }],
      ["a section the form lacks", { intent: "comment", sectionId: "no-such-section", text: "分かりやすいです。" }],
      ["wrong intent", { intent: "answer", text: "分かりやすいです。" }],
    ] as const) {
      const response = await invitedPost(token, bad, reader);
      expect(response.status, name).toBe(400);
      const errors = replyErrors(await response.json());
      expect(errors.length, name).toBeGreaterThan(0);
      expect(errors.join(" "), name).not.toMatch(/invalid_type|Expected|Invalid input/);
      if (name === "empty") expect(errors, name).toContain(t("field.required"));
    }
    expect(await comments(roundId)).toHaveLength(0);

    const before = await getDatabase().documentReviewInvitation.count({ where: { roundId } });
    for (const [name, bad] of [
      ["no name", { intent: "invite", roundId, fullName: "", email: address(), language: "ja" }],
      ["not an address", { intent: "invite", roundId, fullName: "佐藤 一郎", email: "sato-at-example", language: "ja" }],
      ["a language we do not write", { intent: "invite", roundId, fullName: "佐藤 一郎", email: address(), language: "fr" }],
      ["hostile name", { intent: "invite", roundId, fullName: "佐藤\u202E一郎", email: address(), language: "ja" }],
      ["oversized name", { intent: "invite", roundId, fullName: "あ".repeat(101), email: address(), language: "ja" }],
      ["nonsense round", { intent: "invite", roundId: "x'<b>", fullName: "佐藤 一郎", email: address(), language: "ja" }],
      ["withdraw unconfirmed", { intent: "withdraw_invitation", roundId, invitationId: randomUUID() }],
    ] as const) {
      const response = await staffPost(versionId, staffCookie)(bad);
      expect(response.status, name).toBe(400);
      const errors = replyErrors(await response.json());
      expect(errors.length, name).toBeGreaterThan(0);
      expect(errors.join(" "), name).not.toMatch(/invalid_type|Expected|Invalid input/);
    }
    expect(await getDatabase().documentReviewInvitation.count({ where: { roundId } })).toBe(before);
  });

  it("an invitation whose mail cannot be sent is withdrawn at once, and staff are told", async () => {
    const { staff, staffCookie } = await people("en");
    const { roundId } = await openRound(staff.id, staffCookie);
    const saved = process.env.SMTP_URL;
    process.env.SMTP_URL = "smtp://127.0.0.1:9"; // nothing listens on the discard port here
    resetEnvCache();
    try {
      const result = await inviteReviewer({ roundId, fullName: "Ichiro Sato", email: address(), language: "en", actorUserId: staff.id, request });
      expect(result.mailed).toBe(false);
      const row = await getDatabase().documentReviewInvitation.findUniqueOrThrow({ where: { id: result.invitationId } });
      expect(row.withdrawnAt).not.toBeNull();
    } finally {
      if (saved === undefined) delete process.env.SMTP_URL;
      else process.env.SMTP_URL = saved;
      resetEnvCache();
    }
  });
});
