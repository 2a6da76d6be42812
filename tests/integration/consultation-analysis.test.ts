// The analysis of a consultation (issue 28 item 4; ADR 062) on PostgreSQL: themes added and given to answers under
// their locks, the counts through disclosure control as the page, the CSV and the JSON print them, bad input refused
// with a translated error and nothing written — and a differencing adversary who reads the published counts before
// and after one family member answers and one participant withdraws, knows which audiences moved, and bounds every
// count with integer programming (HiGHS): no count under 10 is pinned to fewer than five values, no perturbed count
// to one, and the new responder's answer stays unknown.
import { randomUUID } from "node:crypto";
import highsLoader from "highs";
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { consultationAnalysisJson } from "../../app/domain/consultations/consultation-analysis-downloads";
import type { ConsultationAudience } from "../../app/domain/consultations/consultation-model";
import { createConsultationTheme } from "../../app/domain/consultations/create-consultation-theme.server";
import { loadConsultationAnalysis } from "../../app/domain/consultations/load-consultation-analysis.server";
import { newResponderToken } from "../../app/domain/consultations/responder-key.server";
import { setAnswerThemes } from "../../app/domain/consultations/set-answer-themes.server";
import { submitConsultationResponse } from "../../app/domain/consultations/submit-consultation-response.server";
import { withdrawConsultationResponse } from "../../app/domain/consultations/withdraw-consultation-response.server";
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

const label = (ja: string, en = ja) => ({ ja, "ja-easy": ja, en });
const themeCount = (consultationId: string) => getDatabase().consultationTheme.count({ where: { consultationId } });

async function staff(language = "ja") {
  const user = await createUser({ role: "elsi_staff", password: null });
  return { user, cookie: await cookieFor(user, language) };
}

/** A public response with a free-text answer, as a browser submits it. */
async function publicAnswer(consultation: CreatedConsultation, text: string) {
  const [single, , , , free] = consultation.questionIds;
  const responder = { kind: "public" as const, browserToken: newResponderToken() };
  const submitted = await submitConsultationResponse({ consultationId: consultation.id, responder, answers: { [single!]: "yes", [free!]: text }, request: requestFrom() });
  return { responder, responseId: submitted.responseId, questionId: free! };
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
  it("prints only protected counts — the page's data, the CSV and the JSON the same numbers — with themes counted once per response, hidden answers not", async () => {
    const consultation = await createPublishedConsultation({ audiences: ["participants", "public"] });
    const { cookie } = await staff();
    const actor = randomUUID();
    const cost = await createConsultationTheme({ consultationId: consultation.id, label: label("費用", "Cost"), actorUserId: actor, request: requestFrom() });
    const answers = [];
    for (let index = 0; index < 14; index++) answers.push(await publicAnswer(consultation, `費用について ${index}`));
    for (const answer of answers) await setAnswerThemes({ consultationId: consultation.id, responseId: answer.responseId, questionId: answer.questionId, themeIds: [cost.id], actorUserId: actor, request: requestFrom() });
    await getDatabase().consultationAnswerText.updateMany({ where: { responseId: { in: answers.slice(0, 2).map((answer) => answer.responseId) } }, data: { moderation: "hidden", hiddenReason: "spam" } });

    const page = await settle(() => analysisLoader({ request: pageGet(`/staff/consultations/${consultation.id}/analysis`, cookie), context: loadContext, params: { id: consultation.id } }));
    expect(page.status).toBe(200);
    type Count = { kind: string; value?: number };
    const data = (await page.json()) as { view: { analysis: { responses: { cells: Count[][]; total: Count }; themes: { cells: Count[][]; byCategory: Count[] } } } };
    const { responses, themes } = data.view.analysis;
    // Audiences in one order everywhere (public first). 14 responses, all public: the total is a perturbed count,
    // never below 10; the participants' none is "<10", not 0 — and the public's 14 is withheld, since the total less
    // it would give the participants' count away.
    expect(responses.total.kind).toBe("count");
    expect(responses.total.value).toBeGreaterThanOrEqual(10);
    expect(responses.cells[0]).toEqual([{ kind: "withheld" }, { kind: "small" }]);
    // Twelve not hidden, each once, all public: the theme's total is a count; its split by audience as above.
    expect(themes.byCategory[0]!.kind).toBe("count");
    expect(themes.cells[0]).toEqual([{ kind: "withheld" }, { kind: "small" }]);

    const csv = await settle(() => csvLoader({ request: pageGet(`/staff/consultations/${consultation.id}/analysis.csv`, cookie), context: loadContext, params: { id: consultation.id } }));
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const csvText = await csv.text();
    const json = await settle(() => jsonLoader({ request: pageGet(`/staff/consultations/${consultation.id}/analysis.json`, cookie), context: loadContext, params: { id: consultation.id } }));
    const body = (await json.json()) as ReturnType<typeof consultationAnalysisJson>;
    expect(body.disclosureControl.smallCountThreshold).toBe(10);
    const jsonNumbers = new Set(body.tables.flatMap((table) => [...table.cells.flat(), ...(table.byCategory ?? []), ...(table.byAudience ?? []), table.total]).filter((value) => typeof value === "number"));
    const lines = csvText.trim().split("\r\n");
    expect(lines[0]).toBe("consultation_id,counted_at,table,question_position,question_id,category,label_ja,label_en,audience,count");
    const counts = lines.slice(1).map((line) => line.split(",").at(-1)!);
    expect(counts.every((value) => /^\d+$/.test(value) || value === "<10" || value === "withheld")).toBe(true);
    for (const value of counts.filter((value) => /^\d+$/.test(value))) expect(jsonNumbers.has(Number(value)), `the CSV shows ${value}, the JSON does not`).toBe(true);
    expect(counts.filter((value) => /^\d+$/.test(value)).every((value) => Number(value) >= 10)).toBe(true);
    expect(lines.some((line) => line.includes(",themes,") && line.includes(",費用,Cost,public,"))).toBe(true);
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

// ─── The differencing adversary ─────────────────────────────────────────────────────────────────────────────────

interface Person {
  id: string;
  capacity: ConsultationAudience;
  single: string;
  multiple: string[];
  scale: number | null;
  ranked: string[];
  text: string | null;
  themes: string[];
  withdrawn: boolean;
}

/** A deterministic stream, so the cohort (and with a fixed secret, every perturbation) is the same in every run. */
let seed = 20261128;
const random = () => ((seed = Math.imul(seed ^ (seed >>> 15), 2246822507) + 0x6d2b79f5) >>> 0) / 4_294_967_296;
const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

describe("the published counts of a consultation against a differencing adversary", () => {
  let consultation: CreatedConsultation;
  const people: Person[] = [];
  const themeIds: string[] = [];
  let views: ReturnType<typeof consultationAnalysisJson>[] = [];

  async function insert(batch: Person[]) {
    const [single, multiple, scale, ranked, free] = consultation.questionIds;
    const db = getDatabase();
    const answersOf = (person: Person) =>
      JSON.stringify({
        [single!]: person.single,
        ...(person.multiple.length > 0 ? { [multiple!]: person.multiple } : {}),
        ...(person.scale !== null ? { [scale!]: person.scale } : {}),
        ...(person.ranked.length > 0 ? { [ranked!]: person.ranked } : {}),
      });
    await db.$executeRaw`
      INSERT INTO "ConsultationResponse" ("id", "consultationId", "responderKey", "userId", "capacity", "answers", "receiptCode", "submittedAt", "updatedAt")
      SELECT unnest(${batch.map((person) => person.id)}::uuid[]), ${consultation.id}::uuid, unnest(${batch.map((person) => `seed-${person.id}`)}::text[]), NULL,
             unnest(${batch.map((person) => person.capacity)}::text[])::"ConsultationAudience", unnest(${batch.map(answersOf)}::text[])::jsonb,
             unnest(${batch.map((person) => `R${person.id.slice(0, 12)}`)}::text[]), now(), now()`;
    const texts = batch.filter((person) => person.text !== null);
    if (texts.length === 0) return;
    await db.$executeRaw`
      INSERT INTO "ConsultationAnswerText" ("responseId", "questionId", "text", "redactedText", "flags", "moderation")
      SELECT unnest(${texts.map((person) => person.id)}::uuid[]), ${free!}::uuid, unnest(${texts.map((person) => person.text!)}::text[]), unnest(${texts.map((person) => person.text!)}::text[]), '{}', 'approved'`;
    const tags = texts.flatMap((person) => person.themes.map((themeId) => ({ responseId: person.id, themeId })));
    if (tags.length > 0) {
      await db.consultationAnswerTheme.createMany({ data: tags.map((tag) => ({ ...tag, questionId: free!, taggedById: randomUUID(), taggedAt: new Date() })) });
    }
  }

  function person(capacity: ConsultationAudience): Person {
    const multiple = ["privacy", "benefit", "audit"].filter(() => random() < (capacity === "panel" ? 0.7 : 0.45));
    const hasText = random() < 0.3;
    return {
      id: randomUUID(),
      capacity,
      // Companies' use: the families and the panel lean one way, small groups a differencing attack would single out.
      single: random() < (capacity === "public" ? 0.6 : 0.8) ? "yes" : "no",
      multiple,
      scale: random() < 0.9 ? 1 + Math.floor(random() * 5) : null,
      ranked: random() < 0.8 ? [...["a", "b", "c"]].sort(() => random() - 0.5).slice(0, 1 + Math.floor(random() * 3)) : [],
      text: hasText ? `意見 ${randomUUID().slice(0, 8)}` : null,
      themes: hasText ? themeIds.filter(() => random() < 0.4) : [],
      withdrawn: false,
    };
  }

  const view = async () => consultationAnalysisJson(await loadConsultationAnalysis({ consultationId: consultation.id }));

  beforeAll(async () => {
    consultation = await createPublishedConsultation({ audiences: ["public", "participants", "families", "panel"] });
    for (const name of ["費用", "信頼", "説明"]) {
      themeIds.push((await createConsultationTheme({ consultationId: consultation.id, label: label(name), actorUserId: randomUUID(), request: requestFrom() })).id);
    }
    const plan: [ConsultationAudience, number][] = [["public", 140], ["participants", 230], ["families", 6], ["panel", 14]];
    for (const [capacity, count] of plan) for (let index = 0; index < count; index++) people.push(person(capacity));
    await insert(people);
    views.push(await view());
    // Then one family member answers and one participant withdraws; the adversary knows both happened.
    const joiner = { ...person("families"), single: pick(["yes", "no"]) };
    people.push(joiner);
    await insert([joiner]);
    const leaver = people.find((candidate) => candidate.capacity === "participants" && candidate.text !== null)!;
    leaver.withdrawn = true;
    await getDatabase().consultationResponse.update({ where: { id: leaver.id }, data: { withdrawnAt: new Date() } });
    views.push(await view());
    views = views.slice(-2);
  }, 120_000);

  it("the same responses publish the same numbers: reading the counts again changes nothing", async () => {
    const again = await view();
    expect(JSON.stringify(again.tables)).toBe(JSON.stringify(views[1]!.tables));
  });

  it("bounded by integer programming over both views, no count under 10 has fewer than five possible values, no perturbed count is pinned, and the newcomer's answer stays open", async () => {
    const highs = await highsLoader();
    const model = new DisclosureModel();
    const [single, multiple, scale, ranked, free] = consultation.questionIds;
    const audiences: ConsultationAudience[] = ["public", "participants", "families", "panel"];

    /** The true count of one category of one table among the people live in a view. */
    const truth = (live: Person[], kind: string, questionId: string | null, category: string, audience: ConsultationAudience | null): number =>
      live.filter((who) => {
        if (audience !== null && who.capacity !== audience) return false;
        if (kind === "responses") return true;
        if (kind === "themes") return who.themes.includes(category);
        if (kind === "answered") return questionId === free ? who.text !== null : who.multiple.length > 0;
        if (questionId === single) return who.single === category;
        if (questionId === multiple) return who.multiple.includes(category);
        if (questionId === scale) return who.scale !== null && String(who.scale) === category;
        if (questionId === ranked) return who.ranked[0] === category;
        return false;
      }).length;

    // The first view did not have the joiner (the last person) yet, and still had the leaver; the second the reverse.
    const states = [people.slice(0, -1), people.filter((who) => !who.withdrawn)];
    const tableKey = (table: { kind: string; questionId: string | null }) => `${table.kind}|${table.questionId ?? ""}`;

    views.forEach((published, index) => {
      const live = states[index]!;
      for (const table of published.tables) {
        const name = (what: string) => `${index}|${tableKey(table)}|${what}`;
        table.categories.forEach((category, r) => {
          table.audiences.forEach((audience, c) => {
            model.observe(name(`${category.id}|${audience}`), table.cells[r]![c]! as Published, `${tableKey(table)} ${category.id} × ${audience} (view ${index})`, truth(live, table.kind, table.questionId, category.id, audience as ConsultationAudience));
          });
          if (table.byCategory) {
            model.observe(name(`${category.id}|all`), table.byCategory[r]! as Published, `${tableKey(table)} ${category.id} × all (view ${index})`, truth(live, table.kind, table.questionId, category.id, null));
            model.relate([...table.audiences.map((audience): [string, number] => [name(`${category.id}|${audience}`), 1]), [name(`${category.id}|all`), -1]]);
          }
        });
        if (table.byAudience) {
          table.audiences.forEach((audience, c) => {
            const whole = name(`all|${audience}`);
            model.observe(whole, table.byAudience![c]! as Published, `${tableKey(table)} all × ${audience} (view ${index})`, table.categories.reduce((sum, category) => sum + truth(live, table.kind, table.questionId, category.id, audience as ConsultationAudience), 0));
            model.relate([...table.categories.map((category): [string, number] => [name(`${category.id}|${audience}`), 1]), [whole, -1]]);
          });
        }
        if (table.total !== null) {
          model.observe(name("total"), table.total as Published, `${tableKey(table)} total (view ${index})`, table.categories.reduce((sum, category) => sum + truth(live, table.kind, table.questionId, category.id, null), 0));
          model.relate([...table.categories.flatMap((category) => table.audiences.map((audience): [string, number] => [name(`${category.id}|${audience}`), 1])), [name("total"), -1]]);
        }
      }
      // The single-choice question is required: those who answered it are those who responded.
      for (const audience of audiences) model.relate([[`${index}|answers|${single}|all|${audience}`, 1], [`${index}|responses||responses|${audience}`, -1]]);
    });
    // Between the views: one more family response, one participant fewer, nobody else changed.
    const differences: string[] = [];
    for (const table of views[1]!.tables) {
      for (const category of table.categories) {
        for (const audience of audiences) {
          const later = `1|${tableKey(table)}|${category.id}|${audience}`;
          const earlier = `0|${tableKey(table)}|${category.id}|${audience}`;
          const difference = `d|${tableKey(table)}|${category.id}|${audience}`;
          model.relate([[later, 1], [earlier, -1], [difference, -1]]);
          model.bounds.set(model.variable(difference), audience === "families" ? [0, 1] : audience === "participants" ? [-1, 0] : [0, 0]);
          differences.push(difference);
        }
      }
    }
    model.bounds.set(model.variable("one"), [1, 1]);
    model.relate([[`1|responses||responses|families`, 1], [`0|responses||responses|families`, -1], ["one", -1]]);
    model.relate([[`0|responses||responses|participants`, 1], [`1|responses||responses|participants`, -1], ["one", -1]]);

    const { pinned, small, perturbed } = model.findings(highs);
    expect(small).toBeGreaterThan(20);
    expect(perturbed).toBeGreaterThan(30);
    expect(pinned).toEqual([]);
    // The newcomer's answer to the required question: both answers remain possible.
    for (const option of ["yes", "no"]) {
      const [low, high] = model.range(highs, model.variable(`d|answers|${single}|${option}|families`));
      expect([low, high], `whether the new family member answered "${option}"`).toEqual([0, 1]);
    }
    expect(differences.length).toBeGreaterThan(50);
  }, 300_000);
});
