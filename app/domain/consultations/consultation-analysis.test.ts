import { describe, expect, it } from "vitest";
import { SMALL_COUNT_THRESHOLD } from "../transparency/disclosure/disclosure-control";
import { analyseConsultation, analysisTables, type AnalysisQuestion, type ExactConsultationCounts } from "./consultation-analysis";
import { consultationAnalysisCsv, consultationAnalysisJson } from "./consultation-analysis-downloads";
import type { ConsultationAudience } from "./consultation-model";

const text = (value: string) => ({ ja: value, "ja-easy": value, en: value });
const questions: AnalysisQuestion[] = [
  { id: "q-single", position: 1, kind: "single_choice", prompt: text("賛成?"), options: [{ id: "yes", label: text("Yes") }, { id: "no", label: text("No") }] },
  { id: "q-multi", position: 2, kind: "multiple_choice", prompt: text("条件"), options: [{ id: "privacy", label: text("Privacy") }, { id: "audit", label: text("Audit") }] },
  { id: "q-scale", position: 3, kind: "scale", prompt: text("明瞭?"), options: [{ id: "low", label: text("Unclear") }, { id: "high", label: text("Clear") }] },
  { id: "q-rank", position: 4, kind: "ranked", prompt: text("順位"), options: [{ id: "a", label: text("A") }, { id: "b", label: text("B") }] },
  { id: "q-free", position: 5, kind: "free_text", prompt: text("意見"), options: [] },
];
const themes = [{ id: "t-cost", position: 1, label: text("Cost") }];
const audiences: ConsultationAudience[] = ["participants", "public"];

/** Exact counts with keys: 300 participants and 40 of the public, a few rare answers among them. */
function counts(): ExactConsultationCounts {
  let key = 17;
  const k = () => (key = (Math.imul(key, 2654435761) >>> 0) + 1);
  const cell = <T extends object>(row: T, count: number) => ({ ...row, count, key: k() });
  return {
    responses: [cell({ capacity: "participants" as const }, 300), cell({ capacity: "public" as const }, 40)],
    answered: [
      cell({ questionId: "q-multi", capacity: "participants" as const }, 250),
      cell({ questionId: "q-multi", capacity: "public" as const }, 30),
      cell({ questionId: "q-free", capacity: "participants" as const }, 60),
      cell({ questionId: "q-free", capacity: "public" as const }, 3),
    ],
    answers: [
      cell({ questionId: "q-single", capacity: "participants" as const, option: "yes", rank: null }, 297),
      cell({ questionId: "q-single", capacity: "participants" as const, option: "no", rank: null }, 3),
      cell({ questionId: "q-single", capacity: "public" as const, option: "yes", rank: null }, 25),
      cell({ questionId: "q-single", capacity: "public" as const, option: "no", rank: null }, 15),
      cell({ questionId: "q-multi", capacity: "participants" as const, option: "privacy", rank: null }, 200),
      cell({ questionId: "q-multi", capacity: "participants" as const, option: "audit", rank: null }, 120),
      cell({ questionId: "q-multi", capacity: "public" as const, option: "privacy", rank: null }, 22),
      cell({ questionId: "q-scale", capacity: "participants" as const, option: "5", rank: null }, 280),
      cell({ questionId: "q-rank", capacity: "participants" as const, option: "a", rank: 1 }, 150),
      cell({ questionId: "q-rank", capacity: "participants" as const, option: "b", rank: 1 }, 100),
      cell({ questionId: "q-rank", capacity: "participants" as const, option: "b", rank: 2 }, 140),
    ],
    themes: [cell({ themeId: "t-cost", capacity: "participants" as const }, 41)],
  };
}

const analysis = () => analyseConsultation({ audiences, questions, themes, counts: counts() });
const view = (figures = analysis()) => ({
  consultation: { id: "c-1", title: text("T"), status: "closed" as const, opensAt: new Date(0), closesAt: new Date(1), audiences },
  themes,
  release: { number: 2, kind: "closing" as const, pointAt: new Date(1), releasedAt: new Date(0) },
  analysis: figures,
  nextPointAt: null,
});

describe("a consultation's analysis through disclosure control", () => {
  it("prints no count under ten and no exact count: each is perturbed, '<10' or withheld", () => {
    const exact = new Set([300, 40, 297, 25, 15, 200, 120, 22, 280, 150, 100, 41, 250, 30, 60, 322, 340]);
    const printed = analysisTables(analysis()).flatMap((table) => [...table.cells.flat(), ...(table.byCategory ?? []), ...(table.byAudience ?? []), ...(table.total ? [table.total] : [])]);
    expect(printed.length).toBeGreaterThan(40);
    for (const count of printed) if (count.kind === "count") expect(count.value).toBeGreaterThanOrEqual(SMALL_COUNT_THRESHOLD);
    // Three participants said no: "<10"; something beside it withheld, or the row and column totals would give it away.
    const single = analysis().questions[0]!.answers!;
    expect(single.cells[1]![1]).toEqual({ kind: "small" });
    expect(single.cells.flat().concat(single.byCategory ?? [], single.byAudience ?? []).some((count) => count.kind === "withheld")).toBe(true);
    // Perturbation moves most counts: of seventeen exact numbers, not all survive.
    expect(printed.filter((count) => count.kind === "count" && exact.has(count.value)).length).toBeLessThan(printed.filter((count) => count.kind === "count").length);
  });

  it("lays each question out by its kind: a cross-tabulation for one answer, options like questions for several, first choices for ranks, how many answered for free text", () => {
    const { questions: entries, themes: themeTable, responses } = analysis();
    expect(responses.categories).toEqual(["responses"]);
    expect(responses.audiences).toEqual(["public", "participants"]);
    const [single, multiple, scale, ranked, free] = entries;
    expect(single!.answers!.categories).toEqual(["yes", "no"]);
    expect(single!.answered).toBeNull();
    expect(single!.answers!.byAudience).not.toBeNull();
    // Options of a multiple choice add up to nothing: a total per option, none per audience or overall.
    expect(multiple!.answers!.byAudience).toBeNull();
    expect(multiple!.answers!.total).toBeNull();
    expect(multiple!.answers!.byCategory).toHaveLength(2);
    expect(multiple!.answered!.categories).toEqual(["answered"]);
    expect(scale!.answers!.categories).toEqual(["1", "2", "3", "4", "5"]);
    // Only first choices count: b's 140 second places are nowhere.
    expect(ranked!.answers!.categories).toEqual(["a", "b"]);
    expect(free!.answers).toBeNull();
    expect(free!.answered!.cells[0]![0]).toEqual({ kind: "small" });
    expect(themeTable!.categories).toEqual(["t-cost"]);
    expect(themeTable!.byAudience).toBeNull();
  });

  it("is the same for the same counts and keys, and has no themes table before the first theme", () => {
    expect(JSON.stringify(analysis())).toBe(JSON.stringify(analysis()));
    expect(analyseConsultation({ audiences, questions, themes: [], counts: counts() }).themes).toBeNull();
  });

  it("writes the CSV and JSON from the same protected tables: a header, one row per count, labels in ja and en", () => {
    const csv = consultationAnalysisCsv(view());
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("consultation_id,release,release_kind,released_at,table,question_position,question_id,category,label_ja,label_en,audience,count");
    expect(lines.at(-1)).toBe("");
    expect(lines).toContain(`c-1,2,closing,1970-01-01T00:00:00.000Z,answers,1,q-single,no,No,No,participants,<10`);
    // The public's responses are the responses without an account, written as their own row with the same number.
    const publicResponses = lines.find((line) => line.includes(",responses,,,responses,,,public,"))!.split(",").at(-1);
    expect(lines).toContain(`c-1,2,closing,1970-01-01T00:00:00.000Z,without_account,,,responses,,,public,${publicResponses}`);
    const json = consultationAnalysisJson(view());
    const single = json.tables.find((table) => table.questionId === "q-single")!;
    expect(single.cells[1]![1]).toBe("<10");
    expect(json.release).toEqual({ number: 2, kind: "closing", pointAt: "1970-01-01T00:00:00.001Z", releasedAt: "1970-01-01T00:00:00.000Z" });
    expect(json.disclosureControl.note).toContain("Figures are released, not counted live");
    expect(json.withoutAccount).toEqual({ shown: true, responses: Number(publicResponses), sharePercent: expect.any(Number) });
    const csvCounts = lines.slice(1, -1).map((line) => line.split(",").at(-1)!);
    const jsonValues = new Set(json.tables.flatMap((table) => [...table.cells.flat(), ...(table.byCategory ?? []), ...(table.byAudience ?? []), table.total].map(String)));
    for (const value of csvCounts) expect(jsonValues.has(value), value).toBe(true);
  });

  it("counts small audiences together with others, never as a column of their own, and says whether the public's count can be shown", () => {
    const columns = [
      { id: "public", audiences: ["public" as const] },
      { id: "participants", audiences: ["participants" as const] },
    ];
    const split = analyseConsultation({ audiences, questions, themes, counts: counts(), answerColumns: columns });
    expect(split.withoutAccount).toMatchObject({ kind: "shown", count: { kind: "count" } });
    // Counted together, the public's responses are part of one column: not shown on their own.
    const together = analyseConsultation({ audiences, questions, themes, counts: counts(), answerColumns: [{ id: "all", audiences }] });
    expect(together.responses.audiences).toEqual(["all"]);
    expect(together.questions[0]!.answers!.audiences).toEqual(["all"]);
    expect(together.withoutAccount).toEqual({ kind: "merged" });
    // An interim release: answers for everyone together, responses still split.
    const interim = analyseConsultation({ audiences, questions, themes, counts: counts(), responseColumns: columns, answerColumns: [{ id: "all", audiences }] });
    expect(interim.responses.audiences).toEqual(["public", "participants"]);
    expect(interim.questions[0]!.answers!.audiences).toEqual(["all"]);
    expect(interim.withoutAccount?.kind).toBe("shown");
    // A column's count is its audiences' sum: 297 + 25 said yes, perturbed as a count of 322 is.
    const yes = together.questions[0]!.answers!.cells[0]![0]!;
    expect(yes.kind).toBe("count");
    expect(Math.abs((yes as { value: number }).value - 322)).toBeLessThanOrEqual(22);
    expect(analyseConsultation({ audiences: ["participants"], questions, themes, counts: counts() }).withoutAccount).toEqual({ kind: "not_asked" });
  });
});
