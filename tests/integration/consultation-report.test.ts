// "You said, we did" (issue 28 item 5; ADR 063) on real PostgreSQL, as staff and the public would notice it: a report
// is started once, after the close, and only for a published consultation; a draft is saved by compare-and-set, so
// two staff never overwrite each other; only approved answers of this consultation, not withdrawn, are quoted;
// publishing asks for every language (and a correction for its note) and freezes a document — the redacted words,
// the protected analysis, the decisions as they stood — which the database then refuses to change; decisions keep an
// append-only history that the public page shows beside the frozen version; the public lists show published versions
// only.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { answerTextFingerprint } from "../../app/domain/consultations/answer-text-fingerprint.server";
import type { LocalizedText } from "../../app/domain/consultations/consultation-model";
import type { ReportDocument } from "../../app/domain/consultations/consultation-report";
import { createConsultation } from "../../app/domain/consultations/create-consultation.server";
import { createConsultationTheme } from "../../app/domain/consultations/create-consultation-theme.server";
import { loadConsultationAnalysis } from "../../app/domain/consultations/load-consultation-analysis.server";
import { moderateAnswerText, type ModerationDecision } from "../../app/domain/consultations/moderate-answer-text.server";
import { changeDecisionState } from "../../app/domain/consultations/report/change-decision-state.server";
import { listConsultationOutcomes } from "../../app/domain/consultations/report/list-consultation-outcomes.server";
import { listPublishedReports } from "../../app/domain/consultations/report/list-published-reports.server";
import { loadPublishedReport } from "../../app/domain/consultations/report/load-published-report.server";
import { loadReportWorkspace } from "../../app/domain/consultations/report/load-report-workspace.server";
import { publishConsultationReport } from "../../app/domain/consultations/report/publish-consultation-report.server";
import { saveConsultationDecision } from "../../app/domain/consultations/report/save-consultation-decision.server";
import { saveConsultationReportDraft, type ReportDraftChange } from "../../app/domain/consultations/report/save-consultation-report-draft.server";
import { startConsultationReport } from "../../app/domain/consultations/report/start-consultation-report.server";
import { newResponderToken } from "../../app/domain/consultations/responder-key.server";
import { setAnswerThemes } from "../../app/domain/consultations/set-answer-themes.server";
import { submitConsultationResponse } from "../../app/domain/consultations/submit-consultation-response.server";
import { withdrawConsultationResponse } from "../../app/domain/consultations/withdraw-consultation-response.server";
import { consultationDraft, createPublishedConsultation, type CreatedConsultation } from "../factories/consultation-factory";
import { requestFrom } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { queryRows } from "../support/sql";
import { useTempDataDir } from "../support/temp-data-dir";

const database = useTestDatabase();
useTempDataDir();

const day = 24 * 3600_000;
const text = (ja: string, jaEasy: string, en: string): LocalizedText => ({ ja, "ja-easy": jaEasy, en });
const whole = (words: string) => text(words, words, words);
const blank = text("", "", "");
// The factory's consultation closes in 14 days: the report is written after that, each step a second after the last,
// so histories ordered by time read in the order the steps were taken.
let step = 0;
const afterClosing = () => ({ ...requestFrom(), now: new Date(Date.now() + 15 * day + ++step * 1000) });

const summary = text("多くの方が監査を求めました。", "たくさんの 人が チェックを 求めました。", "Many asked for audits.");

async function publicAnswer(consultation: CreatedConsultation, words: string) {
  const [single, , , , free] = consultation.questionIds;
  const responder = { kind: "public" as const, browserToken: newResponderToken() };
  const { responseId } = await submitConsultationResponse({ consultationId: consultation.id, responder, answers: { [single!]: "yes", [free!]: words }, request: requestFrom() });
  return { responder, responseId, questionId: free! };
}

/** Which answer, as a quotation and the moderation queue name it. */
const ref = (answer: { responseId: string; questionId: string }) => ({ responseId: answer.responseId, questionId: answer.questionId });

async function moderate(consultationId: string, answer: { responseId: string; questionId: string }, decision: ModerationDecision) {
  const row = await getDatabase().consultationAnswerText.findUniqueOrThrow({ where: { responseId_questionId: ref(answer) } });
  await moderateAnswerText({ consultationId, ...ref(answer), from: row.moderation, fingerprint: answerTextFingerprint(row.text), decision, actorUserId: randomUUID(), request: requestFrom() });
}

const newestVersion = (consultationId: string) => getDatabase().consultationReportVersion.findFirstOrThrow({ where: { consultationId }, orderBy: { version: "desc" } });

function save(consultationId: string, actorUserId: string, expectedUpdatedAt: Date, change: ReportDraftChange) {
  return saveConsultationReportDraft({ consultationId, expectedUpdatedAt, change, actorUserId, request: afterClosing() });
}

/** Starts the report (or its correction), writes its summary (and note), publishes it, as staff would. */
async function publishReport(consultationId: string, actorUserId: string, changeNote = text("数を直しました。", "数を 直しました。", "A count was corrected.")) {
  await startConsultationReport({ consultationId, actorUserId, request: afterClosing() });
  const saved = await save(consultationId, actorUserId, (await newestVersion(consultationId)).updatedAt, { kind: "summary", summary, changeNote });
  const published = await publishConsultationReport({ consultationId, expectedUpdatedAt: saved.updatedAt, actorUserId, request: afterClosing() });
  expect(published.published).toBe(true);
  return published.version;
}

const publishedJobs = async (consultationId: string) =>
  Number(
    (
      await getDatabase().$queryRaw<{ count: bigint }[]>`
        SELECT count(*) AS count FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
         WHERE t.identifier = 'consultations.report-published' AND j.payload->>'consultationId' = ${consultationId}`
    )[0]!.count,
  );

const decisionInput = (themeId: string | null, words = "監査の結果を毎年公開します") => ({ themeId, text: whole(words), reason: whole("多くの方が求めたため"), links: [] });

describe("[ELSI staff] starts a report", () => {
  it("not before the close, not for a draft or an unknown consultation, and two at once make one version 1 draft", async () => {
    const consultation = await createPublishedConsultation();
    const actor = randomUUID();
    await expect(startConsultationReport({ consultationId: consultation.id, actorUserId: actor, request: requestFrom() })).rejects.toMatchObject({ code: "consultation_not_closed" });
    const draft = await createConsultation({ draft: consultationDraft(), actorUserId: actor, request: requestFrom() });
    for (const consultationId of [draft.id, randomUUID(), "not-a-uuid"]) {
      await expect(startConsultationReport({ consultationId, actorUserId: actor, request: afterClosing() }), consultationId).rejects.toMatchObject({ code: "not_found" });
    }
    expect(await getDatabase().consultationReportVersion.count({ where: { consultationId: { in: [consultation.id, draft.id] } } })).toBe(0);

    const both = await Promise.all([0, 1].map(() => startConsultationReport({ consultationId: consultation.id, actorUserId: actor, request: afterClosing() })));
    expect(both.map((result) => result.version)).toEqual([1, 1]);
    expect(both.map((result) => result.started).sort()).toEqual([false, true]);
    const rows = await getDatabase().consultationReportVersion.findMany({ where: { consultationId: consultation.id } });
    expect(rows.map((row) => [row.version, row.status])).toEqual([[1, "draft"]]);
    expect(await getDatabase().auditEvent.count({ where: { type: "consultation.report_changed", actorUserId: actor } })).toBe(1);
  });
});

describe("[ELSI staff] writes the draft", () => {
  let consultation: CreatedConsultation;
  const actor = randomUUID();
  const answers = {} as Record<"approved" | "pending" | "hidden" | "withdrawn" | "foreign", { responseId: string; questionId: string }>;

  beforeAll(async () => {
    consultation = await createPublishedConsultation();
    const other = await createPublishedConsultation();
    answers.approved = await publicAnswer(consultation, "監査の結果を知りたい。電話は090-1234-5678です。");
    answers.pending = await publicAnswer(consultation, "まだ誰も読んでいない意見。");
    answers.hidden = await publicAnswer(consultation, "広告です。");
    const withdrawn = await publicAnswer(consultation, "取り下げる意見。");
    answers.withdrawn = withdrawn;
    answers.foreign = await publicAnswer(other, "別の意見募集への意見。");
    for (const key of ["approved", "withdrawn"] as const) await moderate(consultation.id, answers[key], { decision: "approved" });
    await moderate(other.id, answers.foreign, { decision: "approved" });
    await moderate(consultation.id, answers.hidden, { decision: "hidden", reason: "spam" });
    await withdrawConsultationResponse({ consultationId: consultation.id, responder: withdrawn.responder, request: requestFrom() });
    await startConsultationReport({ consultationId: consultation.id, actorUserId: actor, request: afterClosing() });
  });

  it("refuses a save with a stale token and writes nothing; of two saves with one token, one wins", async () => {
    const loaded = (await newestVersion(consultation.id)).updatedAt;
    const first = await save(consultation.id, actor, loaded, { kind: "summary", summary, changeNote: blank });
    expect(first.updatedAt.getTime()).toBeGreaterThan(loaded.getTime());
    const audited = () => getDatabase().auditEvent.count({ where: { type: "consultation.report_changed", actorUserId: actor } });
    const auditedBefore = await audited();
    await expect(save(consultation.id, actor, loaded, { kind: "summary", summary: whole("上書き"), changeNote: blank })).rejects.toMatchObject({ code: "consultation_report_edited_meanwhile" });
    const after = await newestVersion(consultation.id);
    expect(after.summary).toEqual(summary);
    expect(after.updatedAt).toEqual(first.updatedAt);
    expect(await audited()).toBe(auditedBefore);

    const attempts = await Promise.allSettled(["一", "二"].map((words) => save(consultation.id, actor, first.updatedAt, { kind: "summary", summary: whole(words), changeNote: blank })));
    const won = attempts.flatMap((attempt, index) => (attempt.status === "fulfilled" ? [index] : []));
    expect(won).toHaveLength(1);
    const lost = attempts.find((attempt) => attempt.status === "rejected");
    expect((lost as PromiseRejectedResult).reason).toMatchObject({ code: "consultation_report_edited_meanwhile" });
    expect((await newestVersion(consultation.id)).summary).toEqual(whole(["一", "二"][won[0]!]!));
  });

  it("quotes an approved answer only — not a pending, hidden, withdrawn or other consultation's one — and unquotes it", async () => {
    const quote = async (answer: { responseId: string; questionId: string }, on: boolean) =>
      save(consultation.id, actor, (await newestVersion(consultation.id)).updatedAt, { kind: "quotation", answer: ref(answer), quote: on });
    for (const key of ["pending", "hidden", "withdrawn", "foreign"] as const) {
      await expect(quote(answers[key], true), key).rejects.toMatchObject({ code: "consultation_quotation_not_approved" });
      expect((await newestVersion(consultation.id)).quotations, key).toEqual([]);
    }
    await quote(answers.approved, true);
    expect((await newestVersion(consultation.id)).quotations).toEqual([ref(answers.approved)]);
    // The staff page shows the quotation as publication would print it: redacted.
    const workspace = await loadReportWorkspace({ consultationId: consultation.id, filter: "none" });
    expect(workspace.quoted.map((answer) => answer.text)).toEqual(["監査の結果を知りたい。電話は[redacted: phone]です。"]);
    expect(workspace.answers.items.find((answer) => answer.quoted)?.key).toBe(`${answers.approved.responseId}:${answers.approved.questionId}`);
    await quote(answers.approved, false);
    expect((await newestVersion(consultation.id)).quotations).toEqual([]);
    expect((await loadReportWorkspace({ consultationId: consultation.id })).quoted).toEqual([]);
  });

  it("refuses a theme of another consultation", async () => {
    const other = await createPublishedConsultation();
    const foreign = await createConsultationTheme({ consultationId: other.id, label: text("費用", "お金", "Cost"), actorUserId: actor, request: requestFrom() });
    const token = (await newestVersion(consultation.id)).updatedAt;
    await expect(save(consultation.id, actor, token, { kind: "theme", themeId: foreign.id, said: whole("費用") })).rejects.toMatchObject({ code: "invalid_input" });
    expect((await newestVersion(consultation.id)).themeTexts).toEqual({});
  });
});

describe("[ELSI staff] publishes the report", () => {
  it("refuses while the summary or a theme's text lacks a language", async () => {
    const consultation = await createPublishedConsultation();
    const actor = randomUUID();
    const theme = await createConsultationTheme({ consultationId: consultation.id, label: text("費用", "お金", "Cost"), actorUserId: actor, request: requestFrom() });
    await startConsultationReport({ consultationId: consultation.id, actorUserId: actor, request: afterClosing() });
    const publish = async () => publishConsultationReport({ consultationId: consultation.id, expectedUpdatedAt: (await newestVersion(consultation.id)).updatedAt, actorUserId: actor, request: afterClosing() });
    const token = async () => (await newestVersion(consultation.id)).updatedAt;

    await expect(publish()).rejects.toMatchObject({ code: "consultation_report_language_missing" });
    await save(consultation.id, actor, await token(), { kind: "summary", summary: { ...summary, en: "" }, changeNote: blank });
    await expect(publish()).rejects.toMatchObject({ code: "consultation_report_language_missing" });
    await save(consultation.id, actor, await token(), { kind: "summary", summary, changeNote: blank });
    await save(consultation.id, actor, await token(), { kind: "theme", themeId: theme.id, said: text("費用への不安が多くありました。", "", "") });
    await expect(publish()).rejects.toMatchObject({ code: "consultation_report_language_missing" });
    expect((await newestVersion(consultation.id)).status).toBe("draft");
    expect(await publishedJobs(consultation.id)).toBe(0);
    // A theme with no text at all is allowed: staff need not write about every theme.
    await save(consultation.id, actor, await token(), { kind: "theme", themeId: theme.id, said: blank });
    expect(await publish()).toEqual({ version: 1, published: true });
  });

  it("freezes the summary, theme texts, redacted quotations, protected analysis and decisions; a second submit publishes nothing more", async () => {
    const consultation = await createPublishedConsultation();
    const actor = randomUUID();
    const cost = await createConsultationTheme({ consultationId: consultation.id, label: text("費用", "お金", "Cost"), actorUserId: actor, request: requestFrom() });
    const phone = await publicAnswer(consultation, "費用が心配です。電話は090-1234-5678です。");
    const general = await publicAnswer(consultation, "説明会を開いてほしい。");
    const laterHidden = await publicAnswer(consultation, "費用の内訳を見たい。");
    for (let index = 0; index < 10; index++) await publicAnswer(consultation, `意見 ${index}`);
    for (const answer of [phone, general, laterHidden]) await moderate(consultation.id, answer, { decision: "approved" });
    for (const answer of [phone, laterHidden]) await setAnswerThemes({ consultationId: consultation.id, ...ref(answer), themeIds: [cost.id], actorUserId: actor, request: requestFrom() });

    const adopted = await saveConsultationDecision({ consultationId: consultation.id, decision: decisionInput(cost.id, "費用の内訳を公開します"), actorUserId: actor, request: afterClosing() });
    await saveConsultationDecision({ consultationId: consultation.id, decision: decisionInput(null, "説明会を開きます"), actorUserId: actor, request: afterClosing() });
    await changeDecisionState({ consultationId: consultation.id, decisionId: adopted.id, expectedVersion: adopted.version, state: "adopted", note: blank, actorUserId: actor, request: afterClosing() });

    await startConsultationReport({ consultationId: consultation.id, actorUserId: actor, request: afterClosing() });
    const said = text("費用についての意見が多くありました。", "お金の ことを 心配する 声が ありました。", "Many wrote about cost.");
    let token = (await newestVersion(consultation.id)).updatedAt;
    for (const change of [
      { kind: "summary", summary, changeNote: blank },
      { kind: "theme", themeId: cost.id, said },
      ...[phone, general, laterHidden].map((answer) => ({ kind: "quotation", answer: ref(answer), quote: true })),
    ] as ReportDraftChange[]) {
      token = (await save(consultation.id, actor, token, change)).updatedAt;
    }
    // A moderator hides a quoted answer before publication: it is left out.
    await moderate(consultation.id, laterHidden, { decision: "hidden", reason: "特定につながるため" });

    const now = afterClosing().now;
    const analysis = JSON.parse(JSON.stringify((await loadConsultationAnalysis({ consultationId: consultation.id, now })).analysis)) as unknown;
    await expect(publishConsultationReport({ consultationId: consultation.id, expectedUpdatedAt: new Date(token.getTime() - 1), actorUserId: actor, request: { ...requestFrom(), now } })).rejects.toMatchObject({
      code: "consultation_report_edited_meanwhile",
    });
    expect(await publishConsultationReport({ consultationId: consultation.id, expectedUpdatedAt: token, actorUserId: actor, request: { ...requestFrom(), now } })).toEqual({ version: 1, published: true });
    expect(await publishedJobs(consultation.id)).toBe(1);
    // The same form submitted twice: told so, and nobody is mailed twice.
    expect(await publishConsultationReport({ consultationId: consultation.id, expectedUpdatedAt: token, actorUserId: actor, request: afterClosing() })).toEqual({ version: 1, published: false });
    expect(await publishedJobs(consultation.id)).toBe(1);

    const report = await loadPublishedReport({ consultationId: consultation.id });
    const document: ReportDocument = report.document;
    expect(report.version).toBe(1);
    expect(document.summary).toEqual(summary);
    expect(document.changeNote).toBeNull();
    expect(document.title.en).toBe("Companies using genome data");
    expect(document.analysis).toEqual(analysis);
    expect(document.themes.map((theme) => theme.id)).toEqual([cost.id]);
    const [costTheme] = document.themes;
    expect(costTheme!.said).toEqual(said);
    expect(costTheme!.quotations).toEqual([{ text: "費用が心配です。電話は[redacted: phone]です。", capacity: "public" }]);
    expect(document.general.quotations).toEqual([{ text: "説明会を開いてほしい。", capacity: "public" }]);
    const printed = JSON.stringify(document);
    expect(printed).not.toContain("090-1234-5678");
    expect(printed).not.toContain("費用の内訳を見たい");
    expect(costTheme!.decisions.map((decision) => [decision.text.ja, decision.state, decision.history.map((change) => change.state)])).toEqual([["費用の内訳を公開します", "adopted", ["considered", "adopted"]]]);
    expect(document.general.decisions.map((decision) => [decision.text.ja, decision.state])).toEqual([["説明会を開きます", "considered"]]);
    expect(document.publishedAt).toBe(report.publishedAt.toISOString());
  });
});

describe("[public] a published version never changes; a correction is a new version", () => {
  it("the database refuses to change a published version or a decision's history", async () => {
    const consultation = await createPublishedConsultation();
    const actor = randomUUID();
    const decision = await saveConsultationDecision({ consultationId: consultation.id, decision: decisionInput(null), actorUserId: actor, request: afterClosing() });
    await publishReport(consultation.id, actor);
    const app = getDatabase();
    const frozen = /published report version cannot be changed or deleted/;
    await expect(app.$executeRaw`UPDATE "ConsultationReportVersion" SET "summary" = '{"ja":"","ja-easy":"","en":""}' WHERE "consultationId" = ${consultation.id}::uuid`).rejects.toThrow(frozen);
    await expect(app.$executeRaw`UPDATE "ConsultationReportVersion" SET "status" = 'draft' WHERE "consultationId" = ${consultation.id}::uuid`).rejects.toThrow(frozen);
    // Below the app too: the owner of the tables, short of disabling triggers.
    await expect(queryRows(database.url, `DELETE FROM "ConsultationReportVersion" WHERE "consultationId" = $1`, [consultation.id])).rejects.toThrow(frozen);
    for (const sql of [`UPDATE "ConsultationDecisionChange" SET "state" = 'done' WHERE "decisionId" = $1`, `DELETE FROM "ConsultationDecisionChange" WHERE "decisionId" = $1`]) {
      await expect(app.$executeRawUnsafe(sql, decision.id), sql).rejects.toThrow(/permission denied for table ConsultationDecisionChange/);
      await expect(queryRows(database.url, sql, [decision.id]), sql).rejects.toThrow(/append-only: (UPDATE|DELETE) refused/);
    }
    expect((await newestVersion(consultation.id)).status).toBe("published");
    expect(await app.consultationDecisionChange.count({ where: { decisionId: decision.id } })).toBe(1);
  });

  it("a correction copies version 1's texts as a draft, asks for its note, and leaves version 1 readable as it was", async () => {
    const consultation = await createPublishedConsultation();
    const actor = randomUUID();
    const theme = await createConsultationTheme({ consultationId: consultation.id, label: text("費用", "お金", "Cost"), actorUserId: actor, request: requestFrom() });
    const answer = await publicAnswer(consultation, "費用が心配です。");
    await moderate(consultation.id, answer, { decision: "approved" });
    await startConsultationReport({ consultationId: consultation.id, actorUserId: actor, request: afterClosing() });
    let token = (await newestVersion(consultation.id)).updatedAt;
    for (const change of [
      { kind: "summary", summary, changeNote: blank },
      { kind: "theme", themeId: theme.id, said: whole("費用の声") },
      { kind: "quotation", answer: ref(answer), quote: true },
    ] as ReportDraftChange[]) {
      token = (await save(consultation.id, actor, token, change)).updatedAt;
    }
    await publishConsultationReport({ consultationId: consultation.id, expectedUpdatedAt: token, actorUserId: actor, request: afterClosing() });
    const first = await loadPublishedReport({ consultationId: consultation.id });
    const v1 = await newestVersion(consultation.id);

    expect(await startConsultationReport({ consultationId: consultation.id, actorUserId: actor, request: afterClosing() })).toEqual({ version: 2, started: true });
    const v2 = await newestVersion(consultation.id);
    expect(v2).toMatchObject({ version: 2, status: "draft", summary: v1.summary, themeTexts: v1.themeTexts, quotations: v1.quotations, changeNote: blank, document: null, publishedAt: null });
    // While the correction is written, the public still reads version 1.
    expect((await loadPublishedReport({ consultationId: consultation.id })).version).toBe(1);
    await expect(loadPublishedReport({ consultationId: consultation.id, version: 2 })).rejects.toMatchObject({ code: "not_found" });

    const publish = async () => publishConsultationReport({ consultationId: consultation.id, expectedUpdatedAt: (await newestVersion(consultation.id)).updatedAt, actorUserId: actor, request: afterClosing() });
    await expect(publish()).rejects.toMatchObject({ code: "consultation_report_change_note_missing" });
    const corrected = text("数を直しました。", "数を 直しました。", "A count was corrected.");
    await save(consultation.id, actor, (await newestVersion(consultation.id)).updatedAt, { kind: "summary", summary: whole("訂正後の要約"), changeNote: { ...corrected, "ja-easy": "" } });
    await expect(publish()).rejects.toMatchObject({ code: "consultation_report_change_note_missing" });
    await save(consultation.id, actor, (await newestVersion(consultation.id)).updatedAt, { kind: "summary", summary: whole("訂正後の要約"), changeNote: corrected });
    expect(await publish()).toEqual({ version: 2, published: true });

    const newest = await loadPublishedReport({ consultationId: consultation.id });
    expect(newest.version).toBe(2);
    expect(newest.document.summary).toEqual(whole("訂正後の要約"));
    expect(newest.document.changeNote).toEqual(corrected);
    expect(newest.versions.map((version) => version.version)).toEqual([2, 1]);
    const old = await loadPublishedReport({ consultationId: consultation.id, version: 1 });
    expect(old.document).toEqual(first.document);
    expect(old.publishedAt).toEqual(first.publishedAt);
    expect(old.document.themes[0]!.said).toEqual(whole("費用の声"));
  });
});

describe("[ELSI staff] tracks decisions", () => {
  it("creates a decision as considered, moves it on with a note kept in its history, and refuses a stale version, a half-written note or another consultation's theme", async () => {
    const consultation = await createPublishedConsultation();
    const other = await createPublishedConsultation();
    const actor = randomUUID();
    const theme = await createConsultationTheme({ consultationId: consultation.id, label: text("費用", "お金", "Cost"), actorUserId: actor, request: requestFrom() });
    const foreign = await createConsultationTheme({ consultationId: other.id, label: text("費用", "お金", "Cost"), actorUserId: actor, request: requestFrom() });
    await expect(saveConsultationDecision({ consultationId: consultation.id, decision: decisionInput(theme.id), actorUserId: actor, request: requestFrom() })).rejects.toMatchObject({ code: "consultation_not_closed" });
    await expect(saveConsultationDecision({ consultationId: consultation.id, decision: decisionInput(foreign.id), actorUserId: actor, request: afterClosing() })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await getDatabase().consultationDecision.count({ where: { consultationId: consultation.id } })).toBe(0);

    const created = await saveConsultationDecision({ consultationId: consultation.id, decision: decisionInput(theme.id), actorUserId: actor, request: afterClosing() });
    expect(created.version).toBe(1);
    const decisions = async () => (await loadReportWorkspace({ consultationId: consultation.id })).decisions;
    expect((await decisions()).map((decision) => [decision.state, decision.themeId, decision.history.length])).toEqual([["considered", theme.id, 1]]);

    const note = text("来年度の予算に入れました。", "来年の お金の 計画に 入れました。", "Put in next year's budget.");
    const move = (expectedVersion: number, state: "adopted" | "done", withNote: LocalizedText) =>
      changeDecisionState({ consultationId: consultation.id, decisionId: created.id, expectedVersion, state, note: withNote, actorUserId: actor, request: afterClosing() });
    expect(await move(1, "adopted", note)).toEqual({ version: 2 });
    const [adopted] = await decisions();
    expect(adopted!.state).toBe("adopted");
    expect(adopted!.history.map((change) => [change.state, change.note])).toEqual([
      ["considered", blank],
      ["adopted", note],
    ]);
    const audit = await getDatabase().auditEvent.findMany({ where: { type: "consultation.decision_changed", actorUserId: actor }, orderBy: { id: "asc" } });
    expect(audit.map((row) => row.detail)).toEqual([
      { consultationId: consultation.id, decisionId: created.id, change: "created", state: "considered" },
      { consultationId: consultation.id, decisionId: created.id, change: "state_changed", state: "adopted" },
    ]);

    await expect(move(1, "done", blank)).rejects.toMatchObject({ code: "consultation_report_edited_meanwhile" });
    await expect(move(2, "done", { ...note, en: "" })).rejects.toMatchObject({ code: "consultation_report_language_missing" });
    await expect(changeDecisionState({ consultationId: other.id, decisionId: created.id, expectedVersion: 2, state: "done", note: blank, actorUserId: actor, request: afterClosing() })).rejects.toMatchObject({ code: "not_found" });
    expect((await decisions())[0]).toMatchObject({ state: "adopted", version: 2 });
    expect(await getDatabase().consultationDecisionChange.count({ where: { decisionId: created.id } })).toBe(2);
  });

  it("after publication, a decision done shows on the public page beside the version's frozen state", async () => {
    const consultation = await createPublishedConsultation();
    const actor = randomUUID();
    const created = await saveConsultationDecision({ consultationId: consultation.id, decision: decisionInput(null), actorUserId: actor, request: afterClosing() });
    const { version } = await changeDecisionState({ consultationId: consultation.id, decisionId: created.id, expectedVersion: created.version, state: "adopted", note: blank, actorUserId: actor, request: afterClosing() });
    await publishReport(consultation.id, actor);
    const done = text("公開しました。", "公開 しました。", "Published.");
    await changeDecisionState({ consultationId: consultation.id, decisionId: created.id, expectedVersion: version, state: "done", note: done, actorUserId: actor, request: afterClosing() });

    const report = await loadPublishedReport({ consultationId: consultation.id });
    expect(report.decisionsNow.map((decision) => [decision.state, decision.history.map((change) => change.state)])).toEqual([["done", ["considered", "adopted", "done"]]]);
    expect(report.decisionsNow[0]!.history.at(-1)!.note).toEqual(done);
    expect(report.document.general.decisions.map((decision) => [decision.state, decision.history.length])).toEqual([["adopted", 2]]);
  });
});

describe("[public] the lists of outcomes and reports", () => {
  it("show every published consultation with its newest published version and decisions by state; drafts appear in neither", async () => {
    const actor = randomUUID();
    const participantsOnly = await createPublishedConsultation({ audiences: ["participants"] });
    const draftOnly = await createPublishedConsultation();
    const corrected = await createPublishedConsultation();
    const unpublished = await createConsultation({ draft: consultationDraft(), actorUserId: actor, request: requestFrom() });

    const first = await saveConsultationDecision({ consultationId: participantsOnly.id, decision: decisionInput(null, "一つ目"), actorUserId: actor, request: afterClosing() });
    await saveConsultationDecision({ consultationId: participantsOnly.id, decision: decisionInput(null, "二つ目"), actorUserId: actor, request: afterClosing() });
    await changeDecisionState({ consultationId: participantsOnly.id, decisionId: first.id, expectedVersion: first.version, state: "declined", note: blank, actorUserId: actor, request: afterClosing() });
    expect(await publishReport(participantsOnly.id, actor)).toBe(1);
    await startConsultationReport({ consultationId: draftOnly.id, actorUserId: actor, request: afterClosing() });
    expect(await publishReport(corrected.id, actor)).toBe(1);
    expect(await publishReport(corrected.id, actor)).toBe(2);
    // A correction started but not published: still version 2 everywhere.
    await startConsultationReport({ consultationId: corrected.id, actorUserId: actor, request: afterClosing() });

    const outcomes = await listConsultationOutcomes({ language: "en", now: afterClosing().now });
    const outcome = (id: string) => outcomes.find((row) => row.id === id);
    expect(outcome(unpublished.id)).toBeUndefined();
    expect(outcome(participantsOnly.id)).toMatchObject({
      title: "Companies using genome data",
      audiences: ["participants"],
      status: "closed",
      report: { version: 1 },
      decisions: { considered: 1, adopted: 0, partly: 0, declined: 1, done: 0 },
    });
    expect(outcome(draftOnly.id)).toMatchObject({ status: "closed", report: null, decisions: { considered: 0, adopted: 0, partly: 0, declined: 0, done: 0 } });
    expect(outcome(corrected.id)?.report?.version).toBe(2);

    const reports = await listPublishedReports({ language: "en", limit: 100 });
    const versionsOf = (id: string) => reports.filter((entry) => entry.consultationId === id).map((entry) => entry.version);
    expect(versionsOf(participantsOnly.id)).toEqual([1]);
    expect(versionsOf(corrected.id)).toEqual([2, 1]);
    expect(versionsOf(draftOnly.id)).toEqual([]);
    expect(reports.find((entry) => entry.consultationId === participantsOnly.id)).toMatchObject({ title: "Companies using genome data", summary: "Many asked for audits." });

    await expect(loadPublishedReport({ consultationId: draftOnly.id })).rejects.toMatchObject({ code: "not_found" });
    await expect(loadPublishedReport({ consultationId: draftOnly.id, version: 1 })).rejects.toMatchObject({ code: "not_found" });
    await expect(loadPublishedReport({ consultationId: unpublished.id })).rejects.toMatchObject({ code: "not_found" });
    // Reports are public whoever was asked: the participants-only consultation's report loads for anyone.
    expect((await loadPublishedReport({ consultationId: participantsOnly.id })).document.audiences).toEqual(["participants"]);
  });
});
