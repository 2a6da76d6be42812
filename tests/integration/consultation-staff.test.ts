// The consultation staff pages (issue 28; ADR 059) through their route actions as a browser posts them: drafting with
// question slots, a stale version refused, publishing refused until whole, the moderation queue's decisions with
// their compare-and-set, and bad input refused with a translated error and nothing written. The authorization matrix
// covers who may reach these pages.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { submitConsultationResponse } from "../../app/domain/consultations/submit-consultation-response.server";
import { translator } from "../../app/i18n/i18n";
import { action as editAction, loader as editLoader } from "../../app/routes/staff/staff.consultations.$id._index";
import { action as moderationAction, loader as moderationLoader } from "../../app/routes/staff/staff.consultations.$id.moderation";
import { action as newAction } from "../../app/routes/staff/staff.consultations.new";
import { createPublishedConsultation } from "../factories/consultation-factory";
import { createUser, requestFrom } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { cookieFor, formPost, loadContext, pageGet, replyErrors, settle } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();

const t = translator("ja", "errors");

async function staffCookie(language = "ja") {
  const user = await createUser({ role: "elsi_staff" });
  return { user, cookie: await cookieFor(user, language) };
}

/** A whole draft as the editor posts it: three languages, two audiences, one single-choice question in slot 0. */
function draftFields(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    intent: "save",
    "title.ja": "データの企業利用",
    "title.ja-easy": "データを 会社が 使う こと",
    "title.en": "Companies using data",
    "summary.ja": "ご意見を**お聞かせ**ください。",
    "summary.ja-easy": "あなたの 考えを 教えて ください。",
    "summary.en": "Tell us what you think.",
    audiences: ["participants", "public"],
    opensAt: "2026-01-01T09:00",
    closesAt: "2099-12-31T17:00",
    "questions[0].kind": "single_choice",
    "questions[0].required": "on",
    "questions[0].prompt.ja": "賛成ですか。",
    "questions[0].prompt.ja-easy": "さんせい ですか。",
    "questions[0].prompt.en": "Do you agree?",
    "questions[0].options[0].id": "yes",
    "questions[0].options[0].label.ja": "はい",
    "questions[0].options[0].label.ja-easy": "はい",
    "questions[0].options[0].label.en": "Yes",
    "questions[0].options[1].label.ja": "いいえ",
    "questions[0].options[1].label.ja-easy": "いいえ",
    "questions[0].options[1].label.en": "No",
    // The empty slots the page always shows: left out.
    "questions[0].options[2].id": "",
    "questions[1].kind": "",
    "questions[1].prompt.ja": "",
    ...overrides,
  };
}

const consultationCount = () => getDatabase().consultation.count();

async function create(cookie: string, fields = draftFields()) {
  return settle(() => newAction({ request: formPost("/staff/consultations/new", fields, cookie), context: loadContext, params: {} }));
}
async function edit(id: string, cookie: string, fields: Record<string, string | string[]>) {
  return settle(() => editAction({ request: formPost(`/staff/consultations/${id}`, fields, cookie), context: loadContext, params: { id } }));
}
async function load(id: string, cookie: string) {
  return (await (await settle(() => editLoader({ request: pageGet(`/staff/consultations/${id}`, cookie), context: loadContext, params: { id } }))).json()) as {
    consultation: { version: number; status: string; questions: { kind: string; options: { id: string }[]; maxLength: number | null }[]; opensAt: string };
  };
}
const idOf = (response: Response) => /\/staff\/consultations\/([0-9a-f-]{36})/.exec(response.headers.get("Location") ?? "")![1]!;

describe("drafting and publishing a consultation", () => {
  it("creates a draft from the form, read as Japan time, empty slots left out; saves on the version seen; a stale version is refused", async () => {
    const { cookie } = await staffCookie();
    const created = await create(cookie);
    expect(created.status).toBe(302);
    const id = idOf(created);
    const page = await load(id, cookie);
    expect(page.consultation.status).toBe("draft");
    expect(page.consultation.questions).toEqual([expect.objectContaining({ kind: "single_choice", options: [expect.objectContaining({ id: "yes" }), expect.objectContaining({ id: "o2" })] })]);
    expect(new Date(page.consultation.opensAt).toISOString()).toBe("2026-01-01T00:00:00.000Z");

    // "Add another question": saves, the filled slot becomes question 2 (a scale: its ends are low and high).
    const added = await edit(id, cookie, {
      ...draftFields({ intent: "add_question", version: "1" }),
      "questions[1].kind": "scale",
      "questions[1].prompt.ja": "分かりやすいですか。",
      "questions[1].prompt.ja-easy": "わかりやすい ですか。",
      "questions[1].prompt.en": "Is it clear?",
      "questions[1].options[0].label.ja": "いいえ",
      "questions[1].options[0].label.ja-easy": "いいえ",
      "questions[1].options[0].label.en": "No",
      "questions[1].options[1].label.ja": "はい",
      "questions[1].options[1].label.ja-easy": "はい",
      "questions[1].options[1].label.en": "Yes",
      "questions[2].kind": "free_text",
      "questions[2].prompt.ja": "ご意見",
      "questions[2].prompt.ja-easy": "あなたの 考え",
      "questions[2].prompt.en": "Your views",
      "questions[2].maxLength": "300",
    });
    expect(added.headers.get("Location")).toBe(`/staff/consultations/${id}?notice=questionAdded`);
    const after = await load(id, cookie);
    expect(after.consultation.version).toBe(2);
    expect(after.consultation.questions.map((question) => [question.kind, question.options.map((option) => option.id), question.maxLength])).toEqual([
      ["single_choice", ["yes", "o2"], null],
      ["scale", ["low", "high"], null],
      ["free_text", [], 300],
    ]);

    // A second editor still on version 1: told, not overwriting.
    const stale = await edit(id, cookie, draftFields({ version: "1", "title.ja": "上書き" }));
    expect(stale.status).toBe(409);
    expect(replyErrors(await stale.json())).toEqual([t("consultation_edited_meanwhile")]);
    expect((await load(id, cookie)).consultation.version).toBe(2);

    // Removing a question: ticked "remove".
    const removed = await edit(id, cookie, draftFields({ version: "2", "questions[0].remove": "on" }));
    expect(removed.status).toBe(302);
    expect((await load(id, cookie)).consultation.questions).toEqual([]);
  });

  it("stores whether proxies may answer: ticked, and not ticked", async () => {
    const { cookie } = await staffCookie();
    const ticked = await create(cookie, draftFields({ allowsProxy: "on" }));
    expect((await getDatabase().consultation.findUniqueOrThrow({ where: { id: idOf(ticked) } })).allowsProxy).toBe(true);
    const plain = await create(cookie);
    expect((await getDatabase().consultation.findUniqueOrThrow({ where: { id: idOf(plain) } })).allowsProxy).toBe(false);
  });

  it("states in the publish box how many accounts it would ask, by the rule that decides who may answer (issue 29 item 6)", async () => {
    const { cookie } = await staffCookie();
    const reach = async (id: string) => ((await load(id, cookie)) as unknown as { reach: { accounts: number; public: boolean } }).reach;
    const participantsAndPublic = idOf(await create(cookie));
    const familiesAndPanel = idOf(await create(cookie, draftFields({ audiences: ["families", "panel"], allowsProxy: "on" })));
    const before = [await reach(participantsAndPublic), await reach(familiesAndPanel)];
    expect([before[0]!.public, before[1]!.public]).toEqual([true, false]);

    // Asked: a participant, and a coordinator who is also a participant. Not asked: a proxy (proxies not allowed
    // here), a disabled participant, staff. Then a panel member and a family member, asked by the other one only.
    await createUser({ role: "participant" });
    const both = await createUser({ role: "coordinator" });
    await getDatabase().user.update({ where: { id: both.id }, data: { additionalRoles: ["participant"] } });
    await createUser({ role: "proxy" });
    const disabled = await createUser({ role: "participant" });
    await getDatabase().user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
    await createUser({ role: "elsi_staff" });
    await createUser({ role: "panel_member" });
    await createUser({ role: "family" });
    expect((await reach(participantsAndPublic)).accounts).toBe(before[0]!.accounts + 2);
    expect((await reach(familiesAndPanel)).accounts).toBe(before[1]!.accounts + 2);

  });

  it("publishes only a whole draft, once confirmed, on the version seen", async () => {
    const { cookie } = await staffCookie();
    const id = idOf(await create(cookie, draftFields({ "title.en": "" })));
    const unconfirmed = await edit(id, cookie, { intent: "publish", version: "1" });
    expect(unconfirmed.status).toBe(400);
    const missing = await edit(id, cookie, { intent: "publish", version: "1", confirm: "yes" });
    expect(missing.status).toBe(409);
    expect(replyErrors(await missing.json())).toEqual([t("consultation_language_missing")]);
    expect((await edit(id, cookie, draftFields({ version: "1" }))).status).toBe(302);
    const stale = await edit(id, cookie, { intent: "publish", version: "1", confirm: "yes" });
    expect(replyErrors(await stale.json())).toEqual([t("consultation_edited_meanwhile")]);
    const published = await edit(id, cookie, { intent: "publish", version: "2", confirm: "yes" });
    expect(published.headers.get("Location")).toBe(`/staff/consultations/${id}?notice=published`);
    expect((await load(id, cookie)).consultation.status).toBe("open");
    const late = await edit(id, cookie, draftFields({ version: "3" }));
    expect(replyErrors(await late.json())).toEqual([t("consultation_not_editable")]);
  });

  it("refuses bad input with translated field errors, writing nothing: empty, oversized, wrong enum, hostile Unicode, a bad time, HTML in the summary", async () => {
    const { cookie } = await staffCookie();
    const before = await consultationCount();
    const cases: [Record<string, string | string[]>, string][] = [
      [{}, "audiences"],
      [draftFields({ "title.ja": "あ".repeat(121) }), "title.ja"],
      [draftFields({ audiences: ["everyone"] }), "audiences[0]"],
      [draftFields({ "questions[0].kind": "essay" }), "questions[0].kind"],
      [draftFields({ "title.en": "Hello\u202Eevil" }), "title.en"],
      [draftFields({ "summary.en": "<script>alert(1)</script>" }), "summary.en"],
      [draftFields({ closesAt: "2026-02-30T10:00" }), "closesAt"],
      [draftFields({ "questions[0].options[1].label.ja": "", "questions[0].options[1].label.ja-easy": "", "questions[0].options[1].label.en": "" }), "questions[0].options"],
    ];
    for (const [fields, field] of cases) {
      const response = await create(cookie, fields);
      expect(response.status, field).toBe(400);
      const body = (await response.json()) as { result: { error: Record<string, string[]> } };
      expect(body.result.error[field]?.length, `${field}: ${JSON.stringify(body.result.error)}`).toBeGreaterThan(0);
      for (const message of replyErrors(body)) expect(message).not.toMatch(/^[a-z_.]+$|Invalid|expected/);
      // A box's value that is not one of the choices is said where the page shows the group's message (issue 54 item 6).
      if (field === "audiences[0]") expect(body.result.error.audiences).toEqual([t("field.choose")]);
    }
    expect(await consultationCount()).toBe(before);
  });
});

describe("moderating free-text answers", () => {
  async function withAnswer(text: string) {
    const consultation = await createPublishedConsultation();
    const freeTextId = consultation.questionIds[4]!;
    const [single, multiple, scale, ranked] = consultation.questionIds;
    const participant = await createUser({ role: "participant", password: null });
    const submitted = await submitConsultationResponse({
      consultationId: consultation.id,
      responder: { kind: "account", userId: participant.id, roles: ["participant"] },
      answers: { [single!]: "yes", [multiple!]: ["audit"], [scale!]: "4", [ranked!]: ["a"], [freeTextId]: text },
      request: requestFrom(),
    });
    return { consultationId: consultation.id, responseId: submitted.responseId, questionId: freeTextId, participantId: participant.id };
  }
  async function queue(consultationId: string, cookie: string, state = "pending") {
    const response = await settle(() => moderationLoader({ request: pageGet(`/staff/consultations/${consultationId}/moderation?state=${state}`, cookie), context: loadContext, params: { id: consultationId } }));
    return ((await response.json()) as { queue: { items: { responseId: string; questionId: string; redactedText: string; flags: string[]; fingerprint: string; state: string }[] } }).queue;
  }
  async function moderate(consultationId: string, cookie: string, fields: Record<string, string>) {
    return settle(() => moderationAction({ request: formPost(`/staff/consultations/${consultationId}/moderation`, fields, cookie), context: loadContext, params: { id: consultationId } }));
  }
  const auditOf = (type: string, responseId: string) => getDatabase().auditEvent.findMany({ where: { type, detail: { path: ["responseId"], equals: responseId } } });

  it("lists the redacted text and its flags, never the original or who wrote it; the original only on asking, and the asking is audited", async () => {
    const { cookie, user } = await staffCookie();
    const answer = await withAnswer("連絡は taro@example.jp までお願いします。");
    const { items } = await queue(answer.consultationId, cookie);
    expect(items).toHaveLength(1);
    expect(items[0]!.redactedText).not.toContain("taro@example.jp");
    expect(items[0]!.flags).toEqual(["email"]);
    expect(JSON.stringify(items)).not.toContain(answer.participantId);
    expect(JSON.stringify(items)).not.toContain("taro@example.jp");

    const shown = await moderate(answer.consultationId, cookie, { intent: "original", responseId: answer.responseId, questionId: answer.questionId });
    expect(((await shown.json()) as { original: string }).original).toContain("taro@example.jp");
    const [viewed] = await auditOf("consultation.answer_original_viewed", answer.responseId);
    expect(viewed).toMatchObject({ actorUserId: user.id, detail: { consultationId: answer.consultationId, questionId: answer.questionId } });
    expect(JSON.stringify(viewed!.detail)).not.toContain("taro");
  });

  it("approves, or hides with a reason (required); two moderators at once make one decision; a withdrawn response's text is not listed", async () => {
    const { cookie } = await staffCookie();
    const other = await staffCookie();
    const answer = await withAnswer("説明がとても分かりやすかったです。");
    const [item] = (await queue(answer.consultationId, cookie)).items;
    const seen = { responseId: answer.responseId, questionId: answer.questionId, from: "pending", fingerprint: item!.fingerprint };

    const noReason = await moderate(answer.consultationId, cookie, { intent: "hide", ...seen, reason: "" });
    expect(noReason.status).toBe(400);
    expect(replyErrors(await noReason.json())).toEqual([translator("ja", "errors")("field.required")]);
    for (const reason of ["あ".repeat(501), "理由\u202E", "\u200B"]) {
      expect((await moderate(answer.consultationId, cookie, { intent: "hide", ...seen, reason })).status, reason.slice(0, 3)).toBe(400);
    }
    expect((await moderate(answer.consultationId, cookie, { intent: "ban", ...seen })).status).toBe(400);
    expect((await moderate(answer.consultationId, cookie, { intent: "approve", ...seen, from: "deleted" })).status).toBe(400);
    expect(await auditOf("consultation.answer_moderated", answer.responseId)).toEqual([]);

    const [first, second] = await Promise.all([
      moderate(answer.consultationId, cookie, { intent: "approve", ...seen }),
      moderate(answer.consultationId, other.cookie, { intent: "hide", ...seen, reason: "関係のない内容" }),
    ]);
    expect([first.status, second.status].sort()).toEqual([302, 409]);
    const refused = first.status === 409 ? first : second;
    expect(replyErrors(await refused.json())).toEqual([t("consultation_answer_moderated_meanwhile")]);
    const decisions = await auditOf("consultation.answer_moderated", answer.responseId);
    expect(decisions).toHaveLength(1);
    const stored = await getDatabase().consultationAnswerText.findUniqueOrThrow({ where: { responseId_questionId: { responseId: answer.responseId, questionId: answer.questionId } } });
    expect(stored.moderation).toBe((decisions[0]!.detail as { decision: string }).decision);
    expect(JSON.stringify(decisions[0]!.detail)).not.toContain("分かりやすかった");

    // Hidden with a reason, from what it is now.
    const now = (await queue(answer.consultationId, cookie, stored.moderation)).items[0]!;
    if (stored.moderation === "approved") {
      const hidden = await moderate(answer.consultationId, cookie, { intent: "hide", ...seen, from: "approved", fingerprint: now.fingerprint, reason: "意見募集の主題と関係がないため" });
      expect(hidden.status).toBe(302);
    }
    const hiddenRow = await getDatabase().consultationAnswerText.findUniqueOrThrow({ where: { responseId_questionId: { responseId: answer.responseId, questionId: answer.questionId } } });
    expect(hiddenRow.moderation).toBe("hidden");
    expect(hiddenRow.hiddenReason).not.toBeNull();

    // Withdrawn: out of the queue, and no decision on it.
    const withdrawn = await withAnswer("撤回する回答");
    const [pending] = (await queue(withdrawn.consultationId, cookie)).items;
    // Named through another consultation's page: not found there, nothing decided.
    const elsewhere = await moderate(answer.consultationId, cookie, { intent: "approve", responseId: withdrawn.responseId, questionId: withdrawn.questionId, from: "pending", fingerprint: pending!.fingerprint });
    expect(elsewhere.status).toBe(404);
    expect((await moderate(answer.consultationId, cookie, { intent: "original", responseId: withdrawn.responseId, questionId: withdrawn.questionId })).status).toBe(404);
    expect(await auditOf("consultation.answer_moderated", withdrawn.responseId)).toEqual([]);
    await getDatabase().consultationResponse.update({ where: { id: withdrawn.responseId }, data: { withdrawnAt: new Date() } });
    expect((await queue(withdrawn.consultationId, cookie)).items).toEqual([]);
    const late = await moderate(withdrawn.consultationId, cookie, { intent: "approve", responseId: withdrawn.responseId, questionId: withdrawn.questionId, from: "pending", fingerprint: pending!.fingerprint });
    expect(late.status).toBe(404);
  });
});

describe("the moderation queue a page at a time", () => {
  it("shows 25 answers a page, oldest first, with the next page to follow; a page past the end is empty, a nonsense page the first", async () => {
    const { newResponderToken } = await import("../../app/domain/consultations/responder-key.server");
    const consultation = await createPublishedConsultation();
    const [single, , , , free] = consultation.questionIds;
    for (let index = 0; index < 30; index++) {
      await submitConsultationResponse({
        consultationId: consultation.id,
        responder: { kind: "public", browserToken: newResponderToken() },
        answers: { [single!]: "yes", [free!]: `意見 ${String(index).padStart(2, "0")}` },
        request: { ...requestFrom(), now: new Date(Date.now() - (60 - index) * 1000) },
      });
    }
    const { cookie } = await staffCookie();
    const queue = async (query: string) =>
      ((await (await settle(() => moderationLoader({ request: pageGet(`/staff/consultations/${consultation.id}/moderation${query}`, cookie), context: loadContext, params: { id: consultation.id } }))).json()) as {
        queue: { page: number; hasNext: boolean; counts: { pending: number }; items: { redactedText: string }[] };
      }).queue;
    const first = await queue("?state=pending");
    expect(first).toMatchObject({ page: 1, hasNext: true, counts: { pending: 30 } });
    expect(first.items.map((item) => item.redactedText)).toEqual(Array.from({ length: 25 }, (_, index) => `意見 ${String(index).padStart(2, "0")}`));
    const second = await queue("?state=pending&page=2");
    expect(second).toMatchObject({ page: 2, hasNext: false });
    expect(second.items.map((item) => item.redactedText)).toEqual(["意見 25", "意見 26", "意見 27", "意見 28", "意見 29"]);
    expect((await queue("?state=pending&page=3")).items).toEqual([]);
    for (const nonsense of ["0", "-1", "abc", "1.5", "99999999999999999999"]) expect((await queue(`?state=pending&page=${nonsense}`)).page).toBe(1);
  });
});
