import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { answerQuestion } from "../../app/domain/consent/participants/questions/answer-question.server";
import { askQuestion } from "../../app/domain/consent/participants/questions/ask-question.server";
import { listQuestionQueue, listQuestionsForParticipant } from "../../app/domain/consent/participants/questions/list-questions.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { action as queueAction, loader as queueLoader } from "../../app/routes/staff/staff.questions";
import { createParticipant } from "../factories/participant-factory";
import { createUser, requestFrom } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { runJobsUntilSettled } from "../support/jobs";
import { useTempDataDir } from "../support/temp-data-dir";
import { cookieFor, formPost, loadContext, pageGet, settle } from "../support/route-requests";

useTestDatabase();
useTempDataDir();

describe("questions", () => {
  it("goes from asked to answered, and the asker is emailed a link, not the answer", async () => {
    const participant = await createParticipant();
    const coordinator = await createUser({ role: "coordinator" });
    const { questionId } = await askQuestion({ participantId: participant.id, askedById: participant.user!.id, body: "  検体はどこに保管されますか？  ", request: requestFrom() });
    expect(await listQuestionsForParticipant(participant.id)).toMatchObject([{ id: questionId, body: "検体はどこに保管されますか？", answer: null }]);

    const { mailSent } = await answerQuestion({ questionId, answeredById: coordinator.id, answer: "国内のデータセンターで保管します。", request: requestFrom() });
    expect(mailSent).toBe(true);
    const [question] = await listQuestionsForParticipant(participant.id);
    expect(question).toMatchObject({ answer: "国内のデータセンターで保管します。", answeredAt: expect.any(Date) });

    await runJobsUntilSettled();
    const [mail] = await listCapturedMail({ to: participant.email, limit: 1 });
    expect(mail!.subject).toContain("質問");
    expect(mail!.text).toContain("/consent/questions");
    expect(mail!.text).not.toContain("データセンター");

    const audit = await getDatabase().auditEvent.findMany({ where: { type: { in: ["question.asked", "question.answered"] } }, orderBy: { id: "asc" } });
    expect(audit.filter((row) => (row.detail as { questionId: string }).questionId === questionId).map((row) => [row.type, row.actorUserId])).toEqual([
      ["question.asked", participant.user!.id],
      ["question.answered", coordinator.id],
    ]);

    await expect(answerQuestion({ questionId, answeredById: coordinator.id, answer: "上書き", request: requestFrom() })).rejects.toMatchObject({ code: "not_found" });
    expect((await listQuestionsForParticipant(participant.id))[0]!.answer).toBe("国内のデータセンターで保管します。");
  });

  it("lets a proxy ask, and refuses anyone else", async () => {
    const child = await createParticipant({ withAccount: false, withProxy: true });
    const stranger = await createUser({ role: "participant" });
    await expect(askQuestion({ participantId: child.id, askedById: child.proxy!.id, body: "子どもにどう説明すればよいですか。", request: requestFrom() })).resolves.toMatchObject({ questionId: expect.any(String) });
    await expect(askQuestion({ participantId: child.id, askedById: stranger.id, body: "?", request: requestFrom() })).rejects.toMatchObject({ code: "forbidden" });
    await expect(askQuestion({ participantId: "not-a-uuid", askedById: stranger.id, body: "?", request: requestFrom() })).rejects.toMatchObject({ code: "not_found" });
    expect(await listQuestionsForParticipant(child.id)).toHaveLength(1);
  });

  it("stores nothing for an empty, too long or non-text question", async () => {
    const participant = await createParticipant();
    for (const body of ["", "   ", "あ".repeat(2001), 42, null, ["a"], { toString: () => "x" }]) {
      await expect(askQuestion({ participantId: participant.id, askedById: participant.user!.id, body, request: requestFrom() })).rejects.toThrow();
    }
    expect(await listQuestionsForParticipant(participant.id)).toEqual([]);
    await expect(askQuestion({ participantId: participant.id, askedById: participant.user!.id, body: "あ".repeat(2000), request: requestFrom() })).resolves.toBeDefined();
  });

  it("queues unanswered questions first, oldest first", async () => {
    const first = await createParticipant();
    const second = await createParticipant();
    const coordinator = await createUser({ role: "coordinator" });
    const base = Date.now() - 3 * 3600_000;
    const at = (minutes: number) => ({ ...requestFrom(), now: new Date(base + minutes * 60_000) });
    const late = await askQuestion({ participantId: first.id, askedById: first.user!.id, body: "later", request: at(30) });
    const early = await askQuestion({ participantId: second.id, askedById: second.user!.id, body: "earlier", request: at(10) });
    const done = await askQuestion({ participantId: second.id, askedById: second.user!.id, body: "answered", request: at(0) });
    await answerQuestion({ questionId: done.questionId, answeredById: coordinator.id, answer: "ok", request: requestFrom() });

    const queue = await listQuestionQueue({ scope: { kind: "all" } });
    const open = queue.open.map((question) => question.id).filter((id) => [late.questionId, early.questionId].includes(id));
    expect(open).toEqual([early.questionId, late.questionId]);
    expect(queue.answered.map((question) => question.id)).toContain(done.questionId);
    expect(queue.open.find((question) => question.id === early.questionId)!.pseudonym).toBe(second.pseudonym);
  });
});

describe("the question queue page", () => {
  it("answers through the form, and refuses empty, too long or tampered answers with a translated error", async () => {
    const participant = await createParticipant();
    const coordinator = await createUser({ role: "coordinator", withTotp: true });
    const cookie = await cookieFor(coordinator);
    const { questionId } = await askQuestion({ participantId: participant.id, askedById: participant.user!.id, body: "<script>alert(1)</script> は大丈夫？", request: requestFrom() });

    const page = await settle(() => queueLoader({ request: pageGet("/staff/questions", cookie), context: loadContext, params: {} }));
    const queue = (await page.json()) as { open: { id: string; body: string }[] };
    // Stored as typed; React escapes it when shown.
    expect(queue.open.find((question) => question.id === questionId)!.body).toBe("<script>alert(1)</script> は大丈夫？");

    const cases: [Record<string, string>, unknown][] = [
      [{ questionId, answer: "" }, { fieldErrors: ["入力してください。"], formError: null }],
      [{ questionId, answer: "あ".repeat(4001) }, { fieldErrors: ["4001 文字あります。4000 文字以内で入力してください。"], formError: null }],
      [{ questionId: "00000000-0000-4000-8000-000000000000", answer: "答え" }, { formError: "notOpen" }],
      [{ questionId: "<script>", answer: "答え" }, { formError: "notOpen" }],
    ];
    for (const [fields, expected] of cases) {
      const response = await settle(() => queueAction({ request: formPost("/staff/questions", fields, cookie), context: loadContext, params: {} }));
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject(expected as object);
    }
    expect((await listQuestionsForParticipant(participant.id))[0]!.answer).toBeNull();

    const answered = await settle(() => queueAction({ request: formPost("/staff/questions", { questionId, answer: "はい、文字として表示されます。" }, cookie), context: loadContext, params: {} }));
    expect(answered.status).toBe(302);
    expect((await listQuestionsForParticipant(participant.id))[0]!.answer).toBe("はい、文字として表示されます。");

    const participantCookie = await cookieFor(participant.user);
    const forbidden = await settle(() => queueAction({ request: formPost("/staff/questions", { questionId, answer: "x" }, participantCookie), context: loadContext, params: {} }));
    expect(forbidden.status).toBe(403);
  });
});
