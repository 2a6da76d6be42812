// The analysis of a consultation (issue 28 item 4; ADR 062) on PostgreSQL, published as releases (issue 54; ADR 115):
// themes added and given to answers under their locks; the figures as the page, the CSV and the JSON print them — none
// while the consultation is open until an interim release is due, the closing release after it, and the same numbers
// however often they are read; how many responses came without an account; bad input refused with a translated error
// and nothing written. Then a differencing adversary (integer programming, HiGHS, on the model shared with issue 27's
// disclosure-adversary.test.ts) who reads the published figures after every one of many responses and withdrawals,
// is told exactly which responses each view counts and, for every published count in every two views, whether the
// responses under it changed (what an unchanged number betrays under the cell key method), and still recovers nobody's
// answer — while the same adversary reading figures recounted per response, as before ADR 115, recovers almost all of
// them; and the same for two panel members among many public answers.
import { randomUUID } from "node:crypto";
import highsLoader from "highs";
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { analyseConsultation, type AnalysisQuestion } from "../../app/domain/consultations/consultation-analysis";
import { consultationAnalysisJson } from "../../app/domain/consultations/consultation-analysis-downloads";
import type { ConsultationAudience, LocalizedText, QuestionKind } from "../../app/domain/consultations/consultation-model";
import { interimPointAtOrBefore, RELEASE_STEP } from "../../app/domain/consultations/consultation-releases";
import { countConsultationAnswers } from "../../app/domain/consultations/count-consultation-answers.server";
import { createConsultationTheme } from "../../app/domain/consultations/create-consultation-theme.server";
import { loadConsultationAnalysis } from "../../app/domain/consultations/load-consultation-analysis.server";
import { newResponderToken } from "../../app/domain/consultations/responder-key.server";
import { setAnswerThemes } from "../../app/domain/consultations/set-answer-themes.server";
import { submitConsultationResponse } from "../../app/domain/consultations/submit-consultation-response.server";
import { withdrawConsultationResponse } from "../../app/domain/consultations/withdraw-consultation-response.server";
import { resetEnvCache } from "../../app/env.server";
import { translator } from "../../app/i18n/i18n";
import { action as analysisAction, loader as analysisLoader } from "../../app/routes/staff/staff.consultations.$id.analysis";
import { loader as csvLoader } from "../../app/routes/staff/staff.consultations.$id.analysis[.]csv";
import { loader as jsonLoader } from "../../app/routes/staff/staff.consultations.$id.analysis[.]json";
import { action as moderationAction } from "../../app/routes/staff/staff.consultations.$id.moderation";
import { createPublishedConsultation, type CreatedConsultation } from "../factories/consultation-factory";
import { createUser, requestFrom } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { DisclosureModel, type Published } from "../support/disclosure-adversary-model";
import { cookieFor, formPost, loadContext, pageGet, replyErrors, settle } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();
// A fixed secret, so every record key — and with the fixed cohorts below every perturbation — is the same in every run.
beforeAll(() => {
  process.env.APP_SECRET = "consultation-analysis-fixed-secret-0123456789abcdef";
  resetEnvCache();
});

const label = (ja: string, en = ja) => ({ ja, "ja-easy": ja, en });
const themeCount = (consultationId: string) => getDatabase().consultationTheme.count({ where: { consultationId } });
const DAY = 24 * 3_600_000;
const HOUR = 3_600_000;

async function staff(language = "ja") {
  const user = await createUser({ role: "elsi_staff", password: null });
  return { user, cookie: await cookieFor(user, language) };
}

/** A public response with a free-text answer, as a browser submits it (at `now`, when given). */
async function publicAnswer(consultation: CreatedConsultation, text: string, now?: Date, single = "yes") {
  const [singleId, , , , free] = consultation.questionIds;
  const responder = { kind: "public" as const, browserToken: newResponderToken() };
  const submitted = await submitConsultationResponse({ consultationId: consultation.id, responder, answers: { [singleId!]: single, [free!]: text }, request: { ...requestFrom(), now } });
  return { responder, responseId: submitted.responseId, questionId: free! };
}

/**
 * A consultation whose window lies in the past (it opened eight Japan days ago, just after midnight, and closed a day
 * or so ago), so answers are given at chosen times and the page, read now, shows its closing release.
 */
async function pastConsultation(audiences: ConsultationAudience[]) {
  const base = interimPointAtOrBefore(new Date()).getTime() - 8 * DAY;
  const opensAt = new Date(base + HOUR);
  const closesAt = new Date(base + 7 * DAY + 12 * HOUR);
  const consultation = await createPublishedConsultation({ audiences, opensAt, closesAt });
  return { consultation, base, opensAt, closesAt, at: (day: number, hours = 12) => new Date(base + day * DAY + hours * HOUR) };
}

describe("[ELSI staff] themes", () => {
  it("adds themes in order, refuses a label given before (in any language, any case) and a 31st, and audits each", async () => {
    const consultation = await createPublishedConsultation();
    const actor = randomUUID();
    const first = await createConsultationTheme({ consultationId: consultation.id, label: label("費用", "Cost"), actorUserId: actor, request: requestFrom() });
    await expect(createConsultationTheme({ consultationId: consultation.id, label: label("お金", "COST"), actorUserId: actor, request: requestFrom() })).rejects.toMatchObject({ code: "consultation_theme_exists" });
    // Two at once: each its own position.
    await Promise.all([0, 1].map((index) => createConsultationTheme({ consultationId: consultation.id, label: label(`テーマ${index}`, `Theme ${index}`), actorUserId: actor, request: requestFrom() })));
    const themes = await getDatabase().consultationTheme.findMany({ where: { consultationId: consultation.id }, orderBy: { position: "asc" } });
    expect(themes.map((theme) => theme.position)).toEqual([1, 2, 3]);
    for (let index = 3; index < 30; index++) await createConsultationTheme({ consultationId: consultation.id, label: label(`追加${index}`, `More ${index}`), actorUserId: actor, request: requestFrom() });
    await expect(createConsultationTheme({ consultationId: consultation.id, label: label("三十一", "31st"), actorUserId: actor, request: requestFrom() })).rejects.toMatchObject({ code: "consultation_themes_full" });
    expect(await themeCount(consultation.id)).toBe(30);
    const audit = await getDatabase().auditEvent.findMany({ where: { type: "consultation.theme_created", actorUserId: actor } });
    expect(audit).toHaveLength(30);
    expect(audit.some((row) => (row.detail as { themeId: string }).themeId === first.id)).toBe(true);
  });

  it("a draft has no themes and no analysis: not found", async () => {
    const { createConsultation } = await import("../../app/domain/consultations/create-consultation.server");
    const { consultationDraft } = await import("../factories/consultation-factory");
    const draft = await createConsultation({ draft: consultationDraft(), actorUserId: randomUUID(), request: requestFrom() });
    await expect(createConsultationTheme({ consultationId: draft.id, label: label("費用"), actorUserId: randomUUID(), request: requestFrom() })).rejects.toMatchObject({ code: "not_found" });
    await expect(loadConsultationAnalysis({ consultationId: draft.id })).rejects.toMatchObject({ code: "not_found" });
  });

  it("gives an answer its themes (the set ticked replaces the last), refuses another consultation's theme, and a rewritten answer loses them", async () => {
    const consultation = await createPublishedConsultation();
    const other = await createPublishedConsultation();
    const actor = randomUUID();
    const cost = await createConsultationTheme({ consultationId: consultation.id, label: label("費用", "Cost"), actorUserId: actor, request: requestFrom() });
    const trust = await createConsultationTheme({ consultationId: consultation.id, label: label("信頼", "Trust"), actorUserId: actor, request: requestFrom() });
    const foreign = await createConsultationTheme({ consultationId: other.id, label: label("費用", "Cost"), actorUserId: actor, request: requestFrom() });
    const answer = await publicAnswer(consultation, "費用の使い道を知りたい。");
    const tag = (themeIds: string[]) => setAnswerThemes({ consultationId: consultation.id, responseId: answer.responseId, questionId: answer.questionId, themeIds, actorUserId: actor, request: requestFrom() });
    const held = async () => (await getDatabase().consultationAnswerTheme.findMany({ where: { responseId: answer.responseId } })).map((row) => row.themeId).sort();

    expect(await tag([cost.id, trust.id])).toEqual({ changed: true });
    expect(await held()).toEqual([cost.id, trust.id].sort());
    expect(await tag([trust.id, cost.id])).toEqual({ changed: false });
    expect(await tag([trust.id])).toEqual({ changed: true });
    expect(await held()).toEqual([trust.id]);
    await expect(tag([foreign.id])).rejects.toMatchObject({ code: "invalid_input" });
    expect(await held()).toEqual([trust.id]);
    // Tagged through another consultation's address: not found.
    await expect(setAnswerThemes({ consultationId: other.id, responseId: answer.responseId, questionId: answer.questionId, themeIds: [], actorUserId: actor, request: requestFrom() })).rejects.toMatchObject({ code: "not_found" });
    // Two staff at once: one whole set stays.
    await Promise.all([tag([cost.id]), tag([trust.id, cost.id])]);
    expect([[cost.id], [cost.id, trust.id].sort()]).toContainEqual(await held());
    const audited = await getDatabase().auditEvent.count({ where: { type: "consultation.answer_themes_set", actorUserId: actor } });
    expect(audited).toBeGreaterThanOrEqual(3);

    // The author rewrites the answer: its themes were given to other words.
    const [single, , , , free] = consultation.questionIds;
    await submitConsultationResponse({ consultationId: consultation.id, responder: answer.responder, answers: { [single!]: "yes", [free!]: "やはり信頼が大事です。" }, request: requestFrom() });
    expect(await held()).toEqual([]);
    // Withdrawn: out of the analysis, cannot be tagged.
    await withdrawConsultationResponse({ consultationId: consultation.id, responder: answer.responder, request: requestFrom() });
    await expect(tag([cost.id])).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("[ELSI staff] the analysis page, its downloads and its forms", () => {
  it("shows no figures until a release; after the close the closing release — page, CSV and JSON the same numbers, split by audience, the public's responses as those without an account, themes once per response and hidden answers not", async () => {
    const { consultation, at } = await pastConsultation(["participants", "public"]);
    const { cookie } = await staff();
    const actor = randomUUID();
    const cost = await createConsultationTheme({ consultationId: consultation.id, label: label("費用", "Cost"), actorUserId: actor, request: requestFrom() });
    const answers = [];
    for (let index = 0; index < 24; index++) answers.push(await publicAnswer(consultation, `費用について ${index}`, at(1, 1 + index / 10)));
    const [single] = consultation.questionIds;
    for (let index = 0; index < 20; index++) {
      const participant = await createUser({ role: "participant", password: null });
      const responder = { kind: "account" as const, userId: participant.id, roles: ["participant"] };
      await submitConsultationResponse({ consultationId: consultation.id, responder, answers: { [single!]: index < 15 ? "yes" : "no" }, request: { ...requestFrom(), now: at(2, 1 + index / 10) } });
    }
    for (const answer of answers.slice(0, 12)) await setAnswerThemes({ consultationId: consultation.id, responseId: answer.responseId, questionId: answer.questionId, themeIds: [cost.id], actorUserId: actor, request: requestFrom() });
    await getDatabase().consultationAnswerText.updateMany({ where: { responseId: { in: answers.slice(0, 2).map((answer) => answer.responseId) } }, data: { moderation: "hidden", hiddenReason: "spam" } });

    // While it was open: on day 2 the 24 answers of day 1 were too few for a release (20 counted and 20 more waiting).
    const early = consultationAnalysisJson(await loadConsultationAnalysis({ consultationId: consultation.id, now: at(2, 0.5) }));
    expect(early.release).toBeNull();
    expect(early.tables).toEqual([]);
    expect(early.nextReleaseFrom).toBe(at(3, 0).toISOString());
    // On day 3 an interim release: the 24 public answers counted, the 20 participants' (the most recent) waiting; every
    // answer counted for all audiences together, and here the responses too (no participant's counted yet).
    const interim = consultationAnalysisJson(await loadConsultationAnalysis({ consultationId: consultation.id, now: at(3, 0.5) }));
    expect(interim.release).toMatchObject({ number: 1, kind: "interim", pointAt: at(3, 0).toISOString() });
    expect(interim.tables.every((table) => table.audiences.length === 1 && table.audiences[0] === "all")).toBe(true);
    expect(interim.withoutAccount).toMatchObject({ shown: false });

    const page = await settle(() => analysisLoader({ request: pageGet(`/staff/consultations/${consultation.id}/analysis`, cookie), context: loadContext, params: { id: consultation.id } }));
    expect(page.status).toBe(200);
    type Count = { kind: string; value?: number };
    type Table = { audiences: string[]; cells: Count[][]; byCategory: Count[] | null; total: Count | null };
    const data = (await page.json()) as {
      view: { release: { number: number; kind: string }; analysis: { responses: Table; themes: Table; withoutAccount: { kind: string; count?: Count; sharePercent?: number } } };
    };
    // Read now, after the close: the closing release, every response, split by audience (each has 20 or more).
    expect(data.view.release).toMatchObject({ number: 2, kind: "closing" });
    const { responses, themes, withoutAccount } = data.view.analysis;
    expect(responses.audiences).toEqual(["public", "participants"]);
    expect(responses.cells[0]!.map((count) => count.kind)).toEqual(["count", "count"]);
    expect(responses.total!.kind).toBe("count");
    // Without an account: the public's 24 — its column's own protected number, and its share of the published total.
    expect(withoutAccount).toEqual({ kind: "shown", count: responses.cells[0]![0], sharePercent: Math.round((responses.cells[0]![0]!.value! / responses.total!.value!) * 100) });
    // Ten tagged and not hidden, each once, all public: the theme's total is a count; the participants' none is "<10",
    // and the public's 10 is withheld, since the total less it would give the participants' count away.
    expect(themes.byCategory![0]!.kind).toBe("count");
    expect(themes.cells[0]).toEqual([{ kind: "withheld" }, { kind: "small" }]);

    const csv = await settle(() => csvLoader({ request: pageGet(`/staff/consultations/${consultation.id}/analysis.csv`, cookie), context: loadContext, params: { id: consultation.id } }));
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const csvText = await csv.text();
    const json = await settle(() => jsonLoader({ request: pageGet(`/staff/consultations/${consultation.id}/analysis.json`, cookie), context: loadContext, params: { id: consultation.id } }));
    const body = (await json.json()) as ReturnType<typeof consultationAnalysisJson>;
    expect(body.disclosureControl.smallCountThreshold).toBe(10);
    expect(body.release).toMatchObject({ number: 2, kind: "closing" });
    expect(body.withoutAccount).toEqual({ shown: true, responses: withoutAccount.count!.value, sharePercent: withoutAccount.sharePercent });
    const jsonNumbers = new Set(body.tables.flatMap((table) => [...table.cells.flat(), ...(table.byCategory ?? []), ...(table.byAudience ?? []), table.total]).filter((value) => typeof value === "number"));
    const lines = csvText.trim().split("\r\n");
    expect(lines[0]).toBe("consultation_id,release,release_kind,released_at,table,question_position,question_id,category,label_ja,label_en,audience,count");
    const counts = lines.slice(1).map((line) => line.split(",").at(-1)!);
    expect(counts.every((value) => /^\d+$/.test(value) || value === "<10" || value === "withheld")).toBe(true);
    for (const value of counts.filter((value) => /^\d+$/.test(value))) expect(jsonNumbers.has(Number(value)), `the CSV shows ${value}, the JSON does not`).toBe(true);
    expect(counts.filter((value) => /^\d+$/.test(value)).every((value) => Number(value) >= 10)).toBe(true);
    expect(lines.some((line) => line.includes(",2,closing,") && line.includes(",themes,") && line.includes(",費用,Cost,public,"))).toBe(true);
    expect(lines.some((line) => line.endsWith(`,without_account,,,responses,,,public,${withoutAccount.count!.value}`))).toBe(true);

    // Read again: the same release, to the digit.
    const again = await settle(() => jsonLoader({ request: pageGet(`/staff/consultations/${consultation.id}/analysis.json`, cookie), context: loadContext, params: { id: consultation.id } }));
    expect(await again.json()).toEqual(body);
    expect(await getDatabase().auditEvent.count({ where: { type: "consultation.figures_released", detail: { path: ["consultationId"], equals: consultation.id } } })).toBe(2);
  });

  it("after the close, counts the themes again in a release of its own when they changed, says when nothing changed, and refuses before the close with the reader's words, nothing released", async () => {
    const { consultation, at } = await pastConsultation(["public"]);
    const { user, cookie } = await staff("en");
    const actor = randomUUID();
    const cost = await createConsultationTheme({ consultationId: consultation.id, label: label("費用", "Cost"), actorUserId: actor, request: requestFrom() });
    const answers = [];
    for (let index = 0; index < 12; index++) answers.push(await publicAnswer(consultation, `費用 ${index}`, at(1, 1 + index / 10)));
    const post = (consultationId: string, fields: Record<string, string>) =>
      settle(() => analysisAction({ request: formPost(`/staff/consultations/${consultationId}/analysis`, fields, cookie), context: loadContext, params: { id: consultationId } }));
    const read = async () =>
      (await (await settle(() => jsonLoader({ request: pageGet(`/staff/consultations/${consultation.id}/analysis.json`, cookie), context: loadContext, params: { id: consultation.id } }))).json()) as ReturnType<
        typeof consultationAnalysisJson
      >;
    const themesOf = (view: ReturnType<typeof consultationAnalysisJson>) => view.tables.find((table) => table.kind === "themes")!;
    const others = (view: ReturnType<typeof consultationAnalysisJson>) => view.tables.filter((table) => table.kind !== "themes");

    const closing = await read();
    expect(closing.release).toMatchObject({ number: 1, kind: "closing" });
    expect(themesOf(closing).cells).toEqual([["<10"]]);
    // Tagged after the close: the figures stay as released until staff count the themes again.
    for (const answer of answers.slice(0, 11)) await setAnswerThemes({ consultationId: consultation.id, responseId: answer.responseId, questionId: answer.questionId, themeIds: [cost.id], actorUserId: actor, request: requestFrom() });
    expect(await read()).toEqual(closing);

    const counted = await post(consultation.id, { intent: "recount-themes" });
    expect(counted.status).toBe(302);
    expect(counted.headers.get("Location")).toBe(`/staff/consultations/${consultation.id}/analysis?notice=themesCounted#themes`);
    const recounted = await read();
    expect(recounted.release).toMatchObject({ number: 2, kind: "themes" });
    expect(typeof themesOf(recounted).cells[0]![0]).toBe("number");
    expect(others(recounted)).toEqual(others(closing));
    const unchanged = await post(consultation.id, { intent: "recount-themes" });
    expect(unchanged.headers.get("Location")).toBe(`/staff/consultations/${consultation.id}/analysis?notice=themesUnchanged#themes`);
    expect((await read()).release).toMatchObject({ number: 2 });
    const audit = await getDatabase().auditEvent.findMany({ where: { type: "consultation.figures_released", detail: { path: ["consultationId"], equals: consultation.id } }, orderBy: { id: "asc" } });
    expect(audit.map((row) => [(row.detail as { kind: string }).kind, row.actorUserId])).toEqual([
      ["closing", null],
      ["themes", user.id],
    ]);

    const open = await createPublishedConsultation();
    const refused = await post(open.id, { intent: "recount-themes" });
    expect(refused.status).toBe(409);
    expect(replyErrors(await refused.json())).toContain(translator("en", "errors")("consultation_not_closed"));
    expect((await post(open.id, { intent: "count-everything" })).status).toBe(400);
    expect(await getDatabase().consultationRelease.count({ where: { consultationId: open.id } })).toBe(0);
  });

  it.each(["ja", "ja-easy", "en"] as const)("adds a theme from the page's form; refuses an empty, oversized or hostile label with an error in the reader's language (%s), writing nothing", async (language) => {
    const consultation = await createPublishedConsultation();
    const { cookie } = await staff(language);
    const post = (fields: Record<string, string>) =>
      settle(() => analysisAction({ request: formPost(`/staff/consultations/${consultation.id}/analysis`, fields, cookie), context: loadContext, params: { id: consultation.id } }));
    const fields = { intent: "add-theme", "label.ja": "プライバシー", "label.ja-easy": "ひみつを まもる こと", "label.en": "Privacy" };
    const t = translator(language, "errors");
    for (const [name, bad] of [
      ["empty", { ...fields, "label.en": "" }],
      ["oversized", { ...fields, "label.ja": "あ".repeat(81) }],
      ["hostile Unicode", { ...fields, "label.ja": "プライ\u202Eバシー" }],
      ["line break", { ...fields, "label.en": "Pri\nvacy" }],
      ["wrong intent", { ...fields, intent: "delete-theme" }],
    ] as const) {
      const response = await post(bad);
      expect(response.status, name).toBe(400);
      const errors = replyErrors(await response.json());
      expect(errors.length, name).toBeGreaterThan(0);
      expect(errors.join(" "), name).not.toMatch(/invalid_type|Expected/);
      if (name === "empty") expect(errors, name).toContain(t("field.required"));
      // The message names the length given and the limit, in the reader's words.
      if (name === "oversized") expect(errors.join(" "), name).toMatch(/81.*80/);
    }
    expect(await themeCount(consultation.id)).toBe(0);
    const added = await post(fields);
    expect(added.status).toBe(302);
    expect(added.headers.get("Location")).toBe(`/staff/consultations/${consultation.id}/analysis?notice=themeAdded#themes`);
    const again = await post(fields);
    expect(again.status).toBe(409);
    expect(replyErrors(await again.json())).toContain(t("consultation_theme_exists"));
    expect(await themeCount(consultation.id)).toBe(1);
  });

  it("ticks an answer's themes on the moderation page; a theme of another consultation is refused, nothing written", async () => {
    const consultation = await createPublishedConsultation();
    const other = await createPublishedConsultation();
    const { cookie } = await staff();
    const theme = await createConsultationTheme({ consultationId: consultation.id, label: label("費用", "Cost"), actorUserId: randomUUID(), request: requestFrom() });
    const foreign = await createConsultationTheme({ consultationId: other.id, label: label("費用", "Cost"), actorUserId: randomUUID(), request: requestFrom() });
    const answer = await publicAnswer(consultation, "費用が心配です。");
    const post = (fields: Record<string, string | string[]>) =>
      settle(() => moderationAction({ request: formPost(`/staff/consultations/${consultation.id}/moderation?state=pending`, fields, cookie), context: loadContext, params: { id: consultation.id } }));
    const base = { intent: "themes", responseId: answer.responseId, questionId: answer.questionId };
    const ticked = await post({ ...base, themeIds: theme.id });
    expect(ticked.status).toBe(302);
    expect(ticked.headers.get("Location")).toContain("notice=themes");
    expect(await getDatabase().consultationAnswerTheme.count({ where: { responseId: answer.responseId } })).toBe(1);
    expect((await post({ ...base, themeIds: "not-a-uuid" })).status).toBe(400);
    expect((await post({ ...base, themeIds: [theme.id, foreign.id] })).status).toBe(400);
    expect(await getDatabase().consultationAnswerTheme.count({ where: { responseId: answer.responseId } })).toBe(1);
    // None ticked clears them.
    expect((await post(base)).status).toBe(302);
    expect(await getDatabase().consultationAnswerTheme.count({ where: { responseId: answer.responseId } })).toBe(0);
  });
});

describe("[ELSI staff] the figures are released at fixed points, never recounted per response", () => {
  it("an interim release waits for 40 responses before a Japan midnight and leaves out the 20 most recent; one more response or another read changes nothing; the next waits for 20 more; the close counts every response; a release cannot be changed", async () => {
    const { consultation, at, closesAt } = await pastConsultation(["public"]);
    const read = async (now: Date) => consultationAnalysisJson(await loadConsultationAnalysis({ consultationId: consultation.id, now }));
    const single = (view: ReturnType<typeof consultationAnalysisJson>) => view.tables.find((table) => table.kind === "answers" && table.questionPosition === 1)!;
    expect(RELEASE_STEP).toBe(20);

    // Day 1: 25 say yes, then 20 say no.
    for (let index = 0; index < 25; index++) await publicAnswer(consultation, `賛成 ${index}`, at(1, 1 + index / 10), "yes");
    for (let index = 0; index < 20; index++) await publicAnswer(consultation, `反対 ${index}`, at(1, 6 + index / 10), "no");
    expect((await read(at(1, 23))).release).toBeNull();
    const first = await read(at(2, 0.5));
    expect(first.release).toMatchObject({ number: 1, kind: "interim", pointAt: at(2, 0).toISOString() });
    // The twenty who said no answered last: they wait for the next release, so "no" reads "<10" — and "yes" is
    // withheld, since the published total less it would give "no" away.
    expect(single(first).categories.map((category) => category.id)).toEqual(["yes", "no"]);
    expect(single(first).cells).toEqual([["withheld"], ["<10"]]);
    expect(typeof single(first).total).toBe("number");
    // One more answer, and reading again: the same numbers, to the digit.
    await publicAnswer(consultation, "反対", at(2, 2), "no");
    expect(await read(at(2, 3))).toEqual(first);
    // Four more on day 2: five newly counted by the next midnight, too few — still release 1.
    for (let index = 0; index < 4; index++) await publicAnswer(consultation, `賛成 ${index}`, at(2, 4 + index / 10), "yes");
    expect((await read(at(3, 1))).release).toMatchObject({ number: 1 });
    // Twenty more on day 3: the next midnight releases the twenty-one who said no.
    for (let index = 0; index < 20; index++) await publicAnswer(consultation, `賛成 ${index}`, at(3, 4 + index / 10), "yes");
    const second = await read(at(4, 1));
    expect(second.release).toMatchObject({ number: 2, kind: "interim", pointAt: at(4, 0).toISOString() });
    expect(single(second).cells.map((row) => typeof row[0])).toEqual(["number", "number"]);
    const closing = await read(new Date(closesAt.getTime() + HOUR));
    expect(closing.release).toMatchObject({ number: 3, kind: "closing", pointAt: closesAt.toISOString() });

    const rows = await getDatabase().consultationRelease.findMany({ where: { consultationId: consultation.id }, orderBy: { number: "asc" } });
    expect(rows.map((row) => row.kind)).toEqual(["interim", "interim", "closing"]);
    // Stored once: neither the app nor anyone else changes or removes a release.
    await expect(getDatabase().consultationRelease.update({ where: { id: rows[0]!.id }, data: { releasedAt: new Date() } })).rejects.toThrow();
    await expect(getDatabase().consultationRelease.delete({ where: { id: rows[0]!.id } })).rejects.toThrow();
    expect(await getDatabase().consultationRelease.count({ where: { consultationId: consultation.id } })).toBe(3);
    // Two readers at once after the close make one release between them.
    const other = await pastConsultation(["public"]);
    for (let index = 0; index < 3; index++) await publicAnswer(other.consultation, `意見 ${index}`, other.at(1, 1 + index));
    const both = await Promise.all([0, 1].map(() => loadConsultationAnalysis({ consultationId: other.consultation.id })));
    expect(both.map((view) => view.release?.number)).toEqual([1, 1]);
    expect(await getDatabase().consultationRelease.count({ where: { consultationId: other.consultation.id } })).toBe(1);
  });
});

// ─── The differencing adversary (issue 54 item 2) ──────────────────────────────────────────────────────────────────

type PublishedView = ReturnType<typeof consultationAnalysisJson>;
type PublishedTables = PublishedView["tables"];

interface Responder {
  id: string;
  capacity: ConsultationAudience;
  single: "yes" | "no";
  multiple: string[];
  answeredAt: Date;
  withdrawnAt: Date | null;
}

const multipleOptions = ["privacy", "benefit", "audit"] as const;

/** A deterministic stream, so every cohort (and with the fixed secret, every perturbation) is the same in every run. */
function stream(seed: number): () => number {
  let state = seed;
  return () => ((state = Math.imul(state ^ (state >>> 15), 2246822507) + 0x6d2b79f5) >>> 0) / 4_294_967_296;
}

/** Ids fixed by the cohort and the place, so the responses' record keys are too. */
const responderId = (cohort: number, index: number) => `${cohort.toString(16).padStart(8, "0")}-0000-4000-8000-${index.toString(16).padStart(12, "0")}`;

/** A response as the form stores it, at its own time (bulk-inserted as the issue-28 adversary did, ids fixed). */
async function insertResponse(consultation: CreatedConsultation, who: Responder): Promise<void> {
  const [single, multiple] = consultation.questionIds;
  const answers = { [single!]: who.single, ...(who.multiple.length > 0 ? { [multiple!]: who.multiple } : {}) };
  await getDatabase().$executeRaw`
    INSERT INTO "ConsultationResponse" ("id", "consultationId", "responderKey", "userId", "capacity", "answers", "receiptCode", "submittedAt", "updatedAt")
    VALUES (${who.id}::uuid, ${consultation.id}::uuid, ${`seed-${who.id}`}, NULL, ${who.capacity}::"ConsultationAudience", ${JSON.stringify(answers)}::jsonb,
            ${`R${who.id.replaceAll("-", "")}`}, ${who.answeredAt}, ${who.answeredAt})`;
}

type Event = { kind: "answer" | "withdraw"; who: Responder; at: Date };

interface PlayedOut {
  /** Every distinct release the staff page showed, with the responses it counted (the adversary is told them). */
  releases: { number: number; kind: string; tables: PublishedTables; counted: Responder[] }[];
  /** What counting again for every read (as before ADR 115) would have printed after each event. */
  recounted: { tables: PublishedTables; counted: Responder[] }[];
  /** How many reads printed each release. */
  reads: number;
}

/**
 * The events in order, the published figures read after every one (and once after the close), through the staff
 * JSON download's own code; beside each read, what the figures counted afresh would have said.
 */
async function playOut(consultation: CreatedConsultation, asked: ConsultationAudience[], events: Event[], closesAt: Date): Promise<PlayedOut> {
  const db = getDatabase();
  const rows = await db.consultationQuestion.findMany({ where: { consultationId: consultation.id }, orderBy: { position: "asc" } });
  const questions: AnalysisQuestion[] = rows.map((row) => ({ id: row.id, position: row.position, kind: row.kind as QuestionKind, prompt: row.prompt as unknown as LocalizedText, options: row.options as unknown as AnalysisQuestion["options"] }));
  const live: Responder[] = [];
  const shown = new Map<number, PublishedView>();
  const recounted: PlayedOut["recounted"] = [];
  let reads = 0;
  const read = async (now: Date) => {
    const view = consultationAnalysisJson(await loadConsultationAnalysis({ consultationId: consultation.id, now }));
    reads += 1;
    if (!view.release) return;
    const earlier = shown.get(view.release.number);
    // Between releases every read prints the same figures, to the digit.
    if (earlier) expect({ tables: view.tables, withoutAccount: view.withoutAccount }).toEqual({ tables: earlier.tables, withoutAccount: earlier.withoutAccount });
    else shown.set(view.release.number, view);
  };
  for (const event of events) {
    if (event.kind === "answer") {
      await insertResponse(consultation, event.who);
      live.push(event.who);
    } else {
      event.who.withdrawnAt = event.at;
      await db.consultationResponse.update({ where: { id: event.who.id }, data: { withdrawnAt: event.at, updatedAt: event.at } });
      live.splice(live.indexOf(event.who), 1);
    }
    await read(new Date(event.at.getTime() + 60_000));
    const counts = await countConsultationAnswers(consultation.id);
    const analysis = analyseConsultation({ audiences: asked, questions, themes: [], counts });
    const stamp = { number: recounted.length + 1, kind: "interim" as const, pointAt: event.at, releasedAt: event.at };
    const view = consultationAnalysisJson({ consultation: { id: consultation.id, title: label("t"), status: "open", opensAt: event.at, closesAt, audiences: asked }, themes: [], release: stamp, analysis, nextPointAt: null });
    recounted.push({ tables: view.tables, counted: [...live] });
  }
  await read(new Date(closesAt.getTime() + 60_000));
  const stored = await db.consultationRelease.findMany({ where: { consultationId: consultation.id }, orderBy: { number: "asc" } });
  const everyone = events.filter((event) => event.kind === "answer").map((event) => event.who);
  const releases = stored.map((row) => ({
    number: row.number,
    kind: row.kind,
    tables: shown.get(row.number)!.tables,
    // Live when it was made, and (an interim release) last changed before its cut.
    counted: everyone.filter(
      (who) => (who.withdrawnAt === null || who.withdrawnAt.getTime() > row.releasedAt.getTime()) && (row.countedBefore === null || who.answeredAt.getTime() < row.countedBefore.getTime()),
    ),
  }));
  return { releases, recounted, reads };
}

/** What a published count counts: one literal per responder (a 0/1 unknown, or one less it). */
type Literal = (who: Responder) => { key: string; negated: boolean; truth: boolean };
interface Counted {
  population: Responder[];
  literal: Literal;
}

/**
 * The adversary, on the integer-programming model of issue 27 (disclosure-adversary-model.ts): a 0/1 unknown per
 * responder for their single-choice answer, per option of the multiple-choice question and for whether they answered
 * it; every published count bounded as the method allows (ADR 044) and equal to the sum of the unknowns of the
 * responses it counts (which it is told); and for every count published in two views, whether the responses under it
 * changed — the truth, stronger than what an equal number only suggests. An answer is recovered when every solution
 * agrees on it.
 */
class AnswerAdversary extends DisclosureModel {
  private readonly known = new Set<string>();

  constructor(
    private readonly asked: ConsultationAudience[],
    private readonly questionIds: { single: string; multiple: string },
  ) {
    super();
    this.bounds.set(this.variable("one"), [1, 1]);
  }

  private person(who: Responder): void {
    if (this.known.has(who.id)) return;
    this.known.add(who.id);
    const binary = (key: string) => this.bounds.set(this.variable(key), [0, 1]);
    binary(`y|${who.id}`);
    binary(`a|${who.id}`);
    for (const option of multipleOptions) {
      binary(`z|${option}|${who.id}`);
      this.relate([[`z|${option}|${who.id}`, 1], [`a|${who.id}`, -1]], "<=");
    }
    this.relate([[`a|${who.id}`, 1], ...multipleOptions.map((option): [string, number] => [`z|${option}|${who.id}`, -1])], "<=");
  }

  /** Σ literals, as terms (the constant on "one"). */
  private sum(population: Responder[], literal: Literal, less = 0): [string, number][] {
    const terms: [string, number][] = [];
    let constant = -less;
    for (const who of population) {
      const { key, negated } = literal(who);
      terms.push([key, negated ? -1 : 1]);
      if (negated) constant += 1;
    }
    if (constant !== 0) terms.push(["one", constant]);
    return terms;
  }

  /** One view's published counts of the two questions the adversary is after, keyed by what they count. */
  view(name: string, counted: Responder[], tables: PublishedTables): Map<string, Counted> {
    for (const who of counted) this.person(who);
    const seen = new Map<string, Counted>();
    const audiencesOf = (column: string): ConsultationAudience[] => (column === "all" ? this.asked : (column.split("+") as ConsultationAudience[]));
    const count = (key: string, column: string, published: string | number, literal: Literal) => {
      const population = counted.filter((who) => audiencesOf(column).includes(who.capacity));
      const variable = `c|${name}|${key}|${column}`;
      const truth = population.filter((who) => literal(who).truth !== literal(who).negated).length;
      this.observe(variable, published as Published, `${key} × ${column} (${name})`, truth);
      if (!seen.has(`${key}|${column}`)) this.relate([[variable, -1], ...this.sum(population, literal)]);
      seen.set(`${key}|${column}`, { population, literal });
    };
    const single: Literal = (who) => ({ key: `y|${who.id}`, negated: false, truth: who.single === "yes" });
    const no: Literal = (who) => ({ key: `y|${who.id}`, negated: true, truth: who.single === "yes" });
    const option = (id: string): Literal => (who) => ({ key: `z|${id}|${who.id}`, negated: false, truth: who.multiple.includes(id) });
    const answered: Literal = (who) => ({ key: `a|${who.id}`, negated: false, truth: who.multiple.length > 0 });
    for (const table of tables) {
      const columns = table.audiences;
      if (table.kind === "answers" && table.questionId === this.questionIds.single) {
        table.categories.forEach((category, row) => {
          const literal = category.id === "yes" ? single : no;
          columns.forEach((column, at) => count(`single|${category.id}`, column, table.cells[row]![at]!, literal));
          if (table.byCategory) count(`single|${category.id}`, "all", table.byCategory[row]!, literal);
        });
      } else if (table.kind === "answers" && table.questionId === this.questionIds.multiple) {
        table.categories.forEach((category, row) => {
          columns.forEach((column, at) => count(`multiple|${category.id}`, column, table.cells[row]![at]!, option(category.id)));
          if (table.byCategory) count(`multiple|${category.id}`, "all", table.byCategory[row]!, option(category.id));
        });
      } else if (table.kind === "answered" && table.questionId === this.questionIds.multiple) {
        columns.forEach((column, at) => count("answered", column, table.cells[0]![at]!, answered));
        if (table.total !== null && columns.length > 1) count("answered", "all", table.total, answered);
      }
    }
    return seen;
  }

  /** What two views of the same counts betray: for each, whether the responses under it changed between them. */
  compare(first: Map<string, Counted>, second: Map<string, Counted>): void {
    for (const [key, earlier] of first) {
      const later = second.get(key);
      if (!later) continue;
      const before = new Set(earlier.population.map((who) => who.id));
      const after = new Set(later.population.map((who) => who.id));
      const changed = [...earlier.population.filter((who) => !after.has(who.id)), ...later.population.filter((who) => !before.has(who.id))];
      if (changed.length === 0) continue;
      const moved = changed.some((who) => earlier.literal(who).truth !== earlier.literal(who).negated);
      if (moved) this.relate(this.sum(changed, earlier.literal, 1), ">=");
      else this.relate(this.sum(changed, earlier.literal));
    }
  }

  /** The model as CPLEX LP text for HiGHS, with the objective given. */
  private problem(sense: "Minimize" | "Maximize", objective: string): string {
    const bounds = [...this.bounds].map(([variable, [low, high]]) => ` ${low} <= ${variable} <= ${high}`);
    return `${sense}\n obj: ${objective}\nSubject To\n${this.constraints.map((line) => ` ${line}`).join("\n")}\nBounds\n${bounds.join("\n")}\nGeneral\n ${[...this.bounds.keys()].join(" ")}\nEnd\n`;
  }

  /**
   * The answers pinned: unknowns whose opposite no solution allows. Rather than one solve per unknown, each solve asks
   * for a solution that turns as many of the still-open unknowns from their true value as it can; those it turns are
   * not pinned. When the best turns none, no single one of those left can be turned either: they are pinned.
   */
  recovered(highs: Awaited<ReturnType<typeof highsLoader>>, targets: Responder[], options: { multiple: boolean }): string[] {
    let open = targets.flatMap((who) => [
      { key: `y|${who.id}`, truth: who.single === "yes", what: `${who.capacity} ${who.id}: single choice "${who.single}"` },
      ...(options.multiple
        ? multipleOptions.map((option) => ({ key: `z|${option}|${who.id}`, truth: who.multiple.includes(option), what: `${who.capacity} ${who.id}: ${option} ${who.multiple.includes(option) ? "chosen" : "not chosen"}` }))
        : []),
    ]);
    while (open.length > 0) {
      const objective = open.map((unknown) => `${unknown.truth ? "-" : "+"} 1 ${this.variable(unknown.key)}`).join(" ");
      const result = highs.solve(this.problem("Maximize", objective));
      if (result.Status !== "Optimal") throw new Error(`the adversary's model is ${result.Status}: it contradicts what was published`);
      const columns = result.Columns as Record<string, { Primal: number }>;
      const turned = new Set(open.filter((unknown) => Math.round(columns[this.variable(unknown.key)]!.Primal) !== (unknown.truth ? 1 : 0)).map((unknown) => unknown.key));
      if (turned.size === 0) return open.map((unknown) => unknown.what);
      open = open.filter((unknown) => !turned.has(unknown.key));
    }
    return [];
  }
}

/** The adversary over every pair of the releases shown (or, for figures recounted per read, over each read and the next). */
function adversaryOver(asked: ConsultationAudience[], consultation: CreatedConsultation, views: { tables: PublishedTables; counted: Responder[] }[], pairs: "all" | "successive") {
  const [single, multiple] = consultation.questionIds;
  const model = new AnswerAdversary(asked, { single: single!, multiple: multiple! });
  const seen = views.map((view, index) => model.view(`v${index}`, view.counted, view.tables));
  for (let later = 1; later < seen.length; later++) {
    for (let earlier = pairs === "all" ? 0 : later - 1; earlier < later; earlier++) model.compare(seen[earlier]!, seen[later]!);
  }
  return model;
}

function cohortMember(random: () => number, id: string, capacity: ConsultationAudience, answeredAt: Date): Responder {
  return {
    id,
    capacity,
    // The families and the panel lean one way, the public less so; nobody's answer is a foregone conclusion.
    single: random() < (capacity === "public" ? 0.6 : 0.75) ? "yes" : "no",
    multiple: multipleOptions.filter(() => random() < (capacity === "panel" ? 0.6 : 0.45)),
    answeredAt,
    withdrawnAt: null,
  };
}

describe("the released figures of a consultation against a differencing adversary", () => {
  let highs: Awaited<ReturnType<typeof highsLoader>>;
  beforeAll(async () => {
    highs = await highsLoader();
  });

  it("read after each of 94 responses and 4 withdrawals over a week, the releases give nobody's answer away — where figures recounted per response give almost every one", async () => {
    const asked: ConsultationAudience[] = ["public", "participants"];
    const { consultation, base, closesAt } = await pastConsultation(asked);
    const random = stream(20261128);
    const arrivals = 94;
    const spacing = (6 * DAY + 18 * HOUR) / arrivals;
    const events: Event[] = [];
    const responders: Responder[] = [];
    for (let index = 0; index < arrivals; index++) {
      const at = new Date(base + 2 * HOUR + index * spacing);
      // One in four a participant, up to twenty-four: a column of their own at the close.
      const who = cohortMember(random, responderId(1, index), index % 4 === 1 && responders.filter((one) => one.capacity === "participants").length < 24 ? "participants" : "public", at);
      responders.push(who);
      events.push({ kind: "answer", who, at });
      // Four change their minds: each withdrawal is read on its own too.
      const withdrawn = { 30: 3, 50: 1, 70: 20, 85: 40 }[index];
      if (withdrawn !== undefined) events.push({ kind: "withdraw", who: responders[withdrawn]!, at: new Date(at.getTime() + 30 * 60_000) });
    }
    const played = await playOut(consultation, asked, events, closesAt);
    expect(played.reads).toBe(events.length + 1);

    // Interim releases while open, then the closing one — each two differing by at least twenty responses.
    expect(played.releases.at(-1)!.kind).toBe("closing");
    expect(played.releases.filter((release) => release.kind === "interim").length).toBeGreaterThanOrEqual(2);
    for (let index = 1; index < played.releases.length; index++) {
      const before = new Set(played.releases[index - 1]!.counted.map((who) => who.id));
      const after = new Set(played.releases[index]!.counted.map((who) => who.id));
      const changed = [...before].filter((id) => !after.has(id)).length + [...after].filter((id) => !before.has(id)).length;
      expect(changed, `releases ${index} and ${index + 1}`).toBeGreaterThanOrEqual(RELEASE_STEP);
    }
    // The closing release splits by audience: the participants (23 live) have a column of their own.
    const closing = played.releases.at(-1)!.tables.find((table) => table.kind === "answers" && table.questionPosition === 1)!;
    expect(closing.audiences).toEqual(["public", "participants"]);

    const model = adversaryOver(asked, consultation, played.releases, "all");
    const { pinned, small, perturbed } = model.findings(highs);
    expect(small + perturbed).toBeGreaterThan(20);
    expect(pinned).toEqual([]);
    expect(model.recovered(highs, responders, { multiple: true })).toEqual([]);

    // The same adversary against figures counted again for every read, as before ADR 115: nearly every answer falls.
    const control = adversaryOver(asked, consultation, played.recounted, "successive");
    expect(control.recovered(highs, responders, { multiple: false }).length).toBeGreaterThanOrEqual(Math.floor(responders.length * 0.9));
  }, 180_000);

  it("two panel members among sixty public answers: each one's answer stays theirs, read after every response — where recounting gave both away", async () => {
    const asked: ConsultationAudience[] = ["public", "panel"];
    const { consultation, base, closesAt } = await pastConsultation(asked);
    const random = stream(20261129);
    const arrivals = 62;
    const spacing = (5 * DAY + 18 * HOUR) / arrivals;
    const events: Event[] = [];
    const responders: Responder[] = [];
    for (let index = 0; index < arrivals; index++) {
      const at = new Date(base + 2 * HOUR + index * spacing);
      const who = cohortMember(random, responderId(2, index), index === 18 || index === 44 ? "panel" : "public", at);
      responders.push(who);
      events.push({ kind: "answer", who, at });
    }
    const panel = responders.filter((who) => who.capacity === "panel");
    expect(panel).toHaveLength(2);
    const played = await playOut(consultation, asked, events, closesAt);
    // Two panel members are too few for a column: every release counts everyone together.
    for (const release of played.releases) {
      for (const table of release.tables.filter((one) => one.kind !== "responses")) expect(table.audiences).toEqual(["all"]);
    }
    expect(played.releases.at(-1)!.kind).toBe("closing");

    const model = adversaryOver(asked, consultation, played.releases, "all");
    expect(model.findings(highs).pinned).toEqual([]);
    expect(model.recovered(highs, responders, { multiple: true })).toEqual([]);

    const control = adversaryOver(asked, consultation, played.recounted, "successive");
    const fallen = control.recovered(highs, panel, { multiple: false });
    expect(fallen).toHaveLength(2);
  }, 180_000);
});
