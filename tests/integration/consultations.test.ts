// Consultations (issue 28; ADR 059) on real PostgreSQL, through the domain verbs the routes call: a draft published
// only when whole, questions frozen from then on, one response per account or browser under concurrent submits, a
// public response nobody can link to a person, a withdrawn response out of every count, answers refused by question.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { AppError } from "../../app/domain/kernel/app-error";
import { countConsultationAnswers } from "../../app/domain/consultations/count-consultation-answers.server";
import { createConsultation } from "../../app/domain/consultations/create-consultation.server";
import { editConsultationDraft } from "../../app/domain/consultations/edit-consultation-draft.server";
import { publishConsultation } from "../../app/domain/consultations/publish-consultation.server";
import { accountResponderKey, newResponderToken } from "../../app/domain/consultations/responder-key.server";
import { AnswersRefusedError, submitConsultationResponse, type Responder } from "../../app/domain/consultations/submit-consultation-response.server";
import { withdrawConsultationResponse } from "../../app/domain/consultations/withdraw-consultation-response.server";
import { consultationDraft, createPublishedConsultation } from "../factories/consultation-factory";
import { createUser, requestFrom } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";

useTestDatabase();

const staff = randomUUID();
const day = 24 * 3600_000;

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AnswersRefusedError) return `answers: ${error.issues.map((issue) => `${issue.reason}${issue.reason === "text" ? `:${issue.refusal.reason}` : ""}`).join(", ")}`;
    if (error instanceof AppError) return error.code;
    throw error;
  }
  throw new Error("expected a refusal");
}

async function participant(): Promise<Responder> {
  const user = await createUser({ role: "participant", password: null });
  return { kind: "account", userId: user.id, roles: ["participant"] };
}

function answersFor(questionIds: string[], overrides: Record<string, unknown> = {}) {
  const [single, multiple, scale, ranked] = questionIds;
  return { [single!]: "yes", [multiple!]: ["audit", "privacy"], [scale!]: "4", [ranked!]: ["b", "", "a"], ...overrides };
}

const liveResponses = (consultationId: string) => getDatabase().consultationResponse.count({ where: { consultationId, withdrawnAt: null } });

describe("[ELSI staff] drafts and publishes a consultation", () => {
  it("is published only when every language and at least one question are there, on the version the editor saw; its questions are frozen from then on", async () => {
    const empty = await createConsultation({ draft: consultationDraft({ questions: [] }), actorUserId: staff, request: requestFrom() });
    expect(await refusal(publishConsultation({ consultationId: empty.id, expectedVersion: empty.version, actorUserId: staff, request: requestFrom() }))).toBe("consultation_without_questions");

    const draft = consultationDraft();
    const partial = await createConsultation({ draft: { ...draft, title: { ...draft.title, en: "" } }, actorUserId: staff, request: requestFrom() });
    expect(await refusal(publishConsultation({ consultationId: partial.id, expectedVersion: partial.version, actorUserId: staff, request: requestFrom() }))).toBe("consultation_language_missing");

    // Two editors on version 1: the second is told, not overwritten.
    const edited = await editConsultationDraft({ consultationId: partial.id, expectedVersion: 1, draft, actorUserId: staff, request: requestFrom() });
    expect(edited.version).toBe(2);
    expect(await refusal(editConsultationDraft({ consultationId: partial.id, expectedVersion: 1, draft, actorUserId: staff, request: requestFrom() }))).toBe("consultation_edited_meanwhile");
    expect(await refusal(publishConsultation({ consultationId: partial.id, expectedVersion: 1, actorUserId: staff, request: requestFrom() }))).toBe("consultation_edited_meanwhile");

    const late = await createConsultation({ draft: consultationDraft({ opensAt: new Date(Date.now() - 3 * day), closesAt: new Date(Date.now() - day) }), actorUserId: staff, request: requestFrom() });
    expect(await refusal(publishConsultation({ consultationId: late.id, expectedVersion: late.version, actorUserId: staff, request: requestFrom() }))).toBe("consultation_closes_in_past");

    await publishConsultation({ consultationId: partial.id, expectedVersion: 2, actorUserId: staff, request: requestFrom() });
    expect(await refusal(editConsultationDraft({ consultationId: partial.id, expectedVersion: 3, draft, actorUserId: staff, request: requestFrom() }))).toBe("consultation_not_editable");
    // Whatever the app does: the database refuses to change a published consultation's questions.
    await expect(getDatabase().consultationQuestion.updateMany({ where: { consultationId: partial.id }, data: { required: false } })).rejects.toThrow(/cannot change/);
    await expect(getDatabase().consultationQuestion.deleteMany({ where: { consultationId: partial.id } })).rejects.toThrow(/cannot change/);

    const audit = await getDatabase().auditEvent.findMany({ where: { type: { startsWith: "consultation." } }, orderBy: { id: "asc" }, select: { type: true, detail: true } });
    expect(audit.filter((row) => (row.detail as { consultationId: string }).consultationId === partial.id).map((row) => row.type)).toEqual(["consultation.created", "consultation.edited", "consultation.published"]);
  });

  it("refuses a draft that breaks the rules, writing nothing: no audience, closing before opening, a scale without its ends, hostile text", async () => {
    const before = await getDatabase().consultation.count();
    const draft = consultationDraft();
    for (const broken of [
      { ...draft, audiences: [] },
      { ...draft, audiences: ["everyone"] },
      { ...draft, closesAt: draft.opensAt },
      { ...draft, questions: [{ kind: "scale", prompt: draft.title, options: [] }] },
      { ...draft, questions: [{ kind: "single_choice", prompt: draft.title, options: [{ id: "only", label: draft.title }] }] },
      { ...draft, title: { ...draft.title, ja: "題名\u202Eevil" } },
      { ...draft, title: { ...draft.title, en: "x".repeat(121) } },
    ]) {
      expect(await refusal(createConsultation({ draft: broken, actorUserId: staff, request: requestFrom() }))).toBe("invalid_input");
    }
    expect(await getDatabase().consultation.count()).toBe(before);
  });
});

describe("[participant, public] answers a consultation", () => {
  it("one response per account: answering again edits it, and two submits at once leave one", async () => {
    const consultation = await createPublishedConsultation();
    const responder = await participant();
    const first = await submitConsultationResponse({ consultationId: consultation.id, responder, answers: answersFor(consultation.questionIds), request: requestFrom() });
    expect(first.change).toBe("submitted");
    expect(first.receiptCode).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
    const again = await submitConsultationResponse({ consultationId: consultation.id, responder, answers: answersFor(consultation.questionIds, { [consultation.questionIds[0]!]: "no" }), request: requestFrom() });
    expect(again).toEqual({ responseId: first.responseId, receiptCode: first.receiptCode, change: "edited" });

    const racing = await participant();
    const results = await Promise.all([1, 2, 3].map(() => submitConsultationResponse({ consultationId: consultation.id, responder: racing, answers: answersFor(consultation.questionIds), request: requestFrom() })));
    expect(new Set(results.map((result) => result.responseId)).size).toBe(1);
    expect(results.filter((result) => result.change === "submitted")).toHaveLength(1);
    expect(await liveResponses(consultation.id)).toBe(2);

    const stored = await getDatabase().consultationResponse.findUniqueOrThrow({ where: { id: first.responseId } });
    const [single, multiple, scale, ranked] = consultation.questionIds;
    // Stored as read: a scale as a number, multiple choice in the options' order, ranks without the empty one.
    expect(stored.answers).toEqual({ [single!]: "no", [multiple!]: ["privacy", "audit"], [scale!]: 4, [ranked!]: ["b", "a"] });
    expect(stored).toMatchObject({ capacity: "participants", version: 2 });
  });

  it("the public answers with no account: one response per browser, nothing kept that links it to a person, not even in the audit log", async () => {
    const consultation = await createPublishedConsultation({ audiences: ["public"] });
    const browser = newResponderToken();
    const first = await submitConsultationResponse({ consultationId: consultation.id, responder: { kind: "public", browserToken: browser }, answers: answersFor(consultation.questionIds), request: requestFrom("203.0.113.9") });
    const second = await submitConsultationResponse({ consultationId: consultation.id, responder: { kind: "public", browserToken: browser }, answers: answersFor(consultation.questionIds), request: requestFrom("203.0.113.9") });
    expect(second.responseId).toBe(first.responseId);
    await submitConsultationResponse({ consultationId: consultation.id, responder: { kind: "public", browserToken: newResponderToken() }, answers: answersFor(consultation.questionIds), request: requestFrom() });
    expect(await liveResponses(consultation.id)).toBe(2);

    const row = await getDatabase().consultationResponse.findUniqueOrThrow({ where: { id: first.responseId } });
    expect(row).toMatchObject({ userId: null, capacity: "public" });
    // The key is neither the browser's token nor anything a participant's account yields.
    expect(row.responderKey).not.toContain(browser);
    const someone = await createUser({ role: "participant", password: null });
    expect(row.responderKey).not.toBe(accountResponderKey(consultation.id, someone.id));
    const audit = await getDatabase().auditEvent.findMany({ where: { type: "consultation.response_changed" } });
    const mine = audit.filter((entry) => (entry.detail as { responseId: string }).responseId === first.responseId);
    expect(mine).toHaveLength(2);
    for (const entry of mine) expect(entry).toMatchObject({ actorUserId: null, subjectUserId: null, ipAddress: null, userAgent: null });
    expect(audit.some((entry) => entry.ipAddress === "203.0.113.9")).toBe(false);
  });

  it("a withdrawn response leaves the counts; answering again later counts once more", async () => {
    const consultation = await createPublishedConsultation();
    const responder = await participant();
    await submitConsultationResponse({ consultationId: consultation.id, responder, answers: answersFor(consultation.questionIds), request: requestFrom() });
    expect(await liveResponses(consultation.id)).toBe(1);
    await withdrawConsultationResponse({ consultationId: consultation.id, responder, request: requestFrom() });
    expect(await liveResponses(consultation.id)).toBe(0);
    expect(await refusal(withdrawConsultationResponse({ consultationId: consultation.id, responder, request: requestFrom() }))).toBe("not_found");
    const back = await submitConsultationResponse({ consultationId: consultation.id, responder, answers: answersFor(consultation.questionIds), request: requestFrom() });
    expect(back.change).toBe("submitted");
    expect(await liveResponses(consultation.id)).toBe(1);
  });

  it("only while open, and only those it asks", async () => {
    const notYet = await createPublishedConsultation({ opensAt: new Date(Date.now() + day), closesAt: new Date(Date.now() + 2 * day) });
    const closed = await createPublishedConsultation({ opensAt: new Date(Date.now() - 3 * day), closesAt: new Date(Date.now() - day) });
    const responder = await participant();
    for (const consultation of [notYet, closed]) {
      expect(await refusal(submitConsultationResponse({ consultationId: consultation.id, responder, answers: answersFor(consultation.questionIds), request: requestFrom() }))).toBe("consultation_not_open");
    }
    const participantsOnly = await createPublishedConsultation({ audiences: ["participants"] });
    const family = await createUser({ role: "family", password: null });
    expect(await refusal(submitConsultationResponse({ consultationId: participantsOnly.id, responder: { kind: "account", userId: family.id, roles: ["family"] }, answers: answersFor(participantsOnly.questionIds), request: requestFrom() }))).toBe("consultation_not_for_you");
    expect(await refusal(submitConsultationResponse({ consultationId: participantsOnly.id, responder: { kind: "public", browserToken: newResponderToken() }, answers: answersFor(participantsOnly.questionIds), request: requestFrom() }))).toBe("consultation_not_for_you");
    const draft = await createConsultation({ draft: consultationDraft(), actorUserId: staff, request: requestFrom() });
    expect(await refusal(submitConsultationResponse({ consultationId: draft.id, responder, answers: {}, request: requestFrom() }))).toBe("not_found");
    expect(await refusal(submitConsultationResponse({ consultationId: "not-a-uuid", responder, answers: {}, request: requestFrom() }))).toBe("not_found");
    expect(await getDatabase().consultationResponse.count({ where: { consultationId: { in: [notYet.id, closed.id, participantsOnly.id] } } })).toBe(0);
  });

  it("refuses answers question by question, writing nothing: required left out, an option not offered, a repeated rank, off the scale, too long or hostile text", async () => {
    const consultation = await createPublishedConsultation();
    const [single, multiple, scale, ranked, free] = consultation.questionIds;
    const responder = await participant();
    const cases: [Record<string, unknown>, string][] = [
      [{ [single!]: "" }, "answers: required"],
      [{ [single!]: "maybe" }, "answers: unknown_option"],
      [{ [single!]: ["yes", "no"] }, "answers: one_answer_only"],
      [{ [multiple!]: ["audit", "audit"] }, "answers: repeated_option"],
      [{ [ranked!]: ["a", "a"] }, "answers: repeated_option"],
      [{ [scale!]: "6" }, "answers: not_a_scale_point"],
      [{ [scale!]: "３" }, "answers: not_a_scale_point"],
      [{ [free!]: "x".repeat(201) }, "answers: text:tooLongText"],
      [{ [free!]: "good\u202Eevil" }, "answers: text:directionControl"],
      [{ [free!]: "nul\u0000" }, "answers: text:controlCharacter"],
    ];
    for (const [override, expected] of cases) {
      expect(await refusal(submitConsultationResponse({ consultationId: consultation.id, responder, answers: answersFor(consultation.questionIds, override), request: requestFrom() })), JSON.stringify(override)).toBe(expected);
    }
    expect(await getDatabase().consultationResponse.count({ where: { consultationId: consultation.id } })).toBe(0);
  });

  it("holds free text for moderation with personal data redacted beside it, and sends an edited text back to moderation", async () => {
    const consultation = await createPublishedConsultation();
    const free = consultation.questionIds[4]!;
    const responder = await participant();
    const submitted = await submitConsultationResponse({ consultationId: consultation.id, responder, answers: answersFor(consultation.questionIds, { [free]: "連絡は 090-1234-5678 へ。説明は分かりやすかったです。" }), request: requestFrom() });
    const held = await getDatabase().consultationAnswerText.findUniqueOrThrow({ where: { responseId_questionId: { responseId: submitted.responseId, questionId: free } } });
    expect(held).toMatchObject({ moderation: "pending", flags: ["phone"] });
    expect(held.redactedText).not.toContain("1234");
    expect(held.redactedText).toContain("説明は分かりやすかったです。");

    await getDatabase().consultationAnswerText.update({ where: { responseId_questionId: { responseId: submitted.responseId, questionId: free } }, data: { moderation: "approved" } });
    // The same text again keeps its moderation; a changed one goes back; a cleared one is gone.
    await submitConsultationResponse({ consultationId: consultation.id, responder, answers: answersFor(consultation.questionIds, { [free]: "連絡は 090-1234-5678 へ。説明は分かりやすかったです。" }), request: requestFrom() });
    expect((await getDatabase().consultationAnswerText.findFirstOrThrow({ where: { responseId: submitted.responseId } })).moderation).toBe("approved");
    await submitConsultationResponse({ consultationId: consultation.id, responder, answers: answersFor(consultation.questionIds, { [free]: "説明は分かりやすかった。" }), request: requestFrom() });
    expect(await getDatabase().consultationAnswerText.findFirstOrThrow({ where: { responseId: submitted.responseId } })).toMatchObject({ moderation: "pending", flags: [], redactedText: "説明は分かりやすかった。" });
    await submitConsultationResponse({ consultationId: consultation.id, responder, answers: answersFor(consultation.questionIds), request: requestFrom() });
    expect(await getDatabase().consultationAnswerText.count({ where: { responseId: submitted.responseId } })).toBe(0);
  });
});

describe("[ELSI staff] counts a consultation's answers", () => {
  it("counts each option by capacity, ranks by position, scale points as given, free text by moderation; a withdrawn response nowhere", async () => {
    const consultation = await createPublishedConsultation({ audiences: ["participants", "public"] });
    const [single, multiple, scale, ranked, free] = consultation.questionIds;
    const answer = (responder: Responder, overrides: Record<string, unknown>) =>
      submitConsultationResponse({ consultationId: consultation.id, responder, answers: { [single!]: "yes", ...overrides }, request: requestFrom() });
    await answer(await participant(), { [multiple!]: ["privacy", "audit"], [scale!]: "5", [ranked!]: ["b", "a"], [free!]: "良い" });
    await answer(await participant(), { [single!]: "no", [multiple!]: ["audit"], [scale!]: "5", [ranked!]: ["a"] });
    await answer({ kind: "public", browserToken: newResponderToken() }, { [scale!]: "2", [free!]: "Fine." });
    const leaving = await participant();
    await answer(leaving, { [single!]: "no", [multiple!]: ["benefit"], [free!]: "気が変わりました" });
    await withdrawConsultationResponse({ consultationId: consultation.id, responder: leaving, request: requestFrom() });

    const counts = await countConsultationAnswers(consultation.id);
    expect(counts.responses.map(({ capacity, count }) => ({ capacity, count }))).toEqual([
      { capacity: "public", count: 1 },
      { capacity: "participants", count: 2 },
    ].sort((a, b) => a.capacity.localeCompare(b.capacity)));
    const cells = (questionId: string) => counts.answers.filter((cell) => cell.questionId === questionId).map(({ capacity, option, rank, count }) => [capacity, option, rank, count]);
    expect(cells(single!)).toEqual(expect.arrayContaining([["participants", "no", null, 1], ["participants", "yes", null, 1], ["public", "yes", null, 1]]));
    expect(cells(single!)).toHaveLength(3);
    expect(cells(multiple!)).toEqual(expect.arrayContaining([["participants", "audit", null, 2], ["participants", "privacy", null, 1]]));
    expect(cells(multiple!)).toHaveLength(2);
    expect(cells(scale!)).toEqual(expect.arrayContaining([["participants", "5", null, 2], ["public", "2", null, 1]]));
    expect(cells(ranked!)).toEqual(expect.arrayContaining([["participants", "a", 1, 1], ["participants", "a", 2, 1], ["participants", "b", 1, 1]]));
    expect(cells(ranked!)).toHaveLength(3);
    expect(counts.answered.filter((row) => row.questionId === free).map(({ questionId, capacity, count }) => ({ questionId, capacity, count }))).toEqual(expect.arrayContaining([{ questionId: free, capacity: "participants", count: 1 }, { questionId: free, capacity: "public", count: 1 }]));
    expect(counts.texts).toEqual([{ questionId: free, moderation: "pending", count: 2 }]);
  });
});
