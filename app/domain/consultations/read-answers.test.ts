import { describe, expect, it } from "vitest";
import { consultationStatus, accountCapacity, answersAsProxy, missingLanguages, ConsultationDraftSchema, type ConsultationAudience } from "./consultation-model";
import { readAnswers, type AnswerableQuestion } from "./read-answers";

const questions: AnswerableQuestion[] = [
  { id: "q1", kind: "single_choice", required: true, options: [{ id: "yes" }, { id: "no" }], maxLength: null },
  { id: "q2", kind: "multiple_choice", required: false, options: [{ id: "a" }, { id: "b" }, { id: "c" }], maxLength: null },
  { id: "q3", kind: "scale", required: false, options: [{ id: "low" }, { id: "high" }], maxLength: null },
  { id: "q4", kind: "ranked", required: false, options: [{ id: "x" }, { id: "y" }], maxLength: null },
  { id: "q5", kind: "free_text", required: false, options: [], maxLength: 10 },
];

describe("reading a respondent's answers", () => {
  it("keeps what reads, in a canonical form, and leaves out what was not answered or not asked", () => {
    expect(readAnswers(questions, { q1: "no", q2: ["c", "a"], q3: "2", q4: ["", "y", "x"], q5: "  とても良い  ", other: "ignored" })).toEqual({
      ok: true,
      choices: { q1: "no", q2: ["a", "c"], q3: 2, q4: ["y", "x"] },
      texts: { q5: "とても良い" },
    });
    expect(readAnswers(questions, { q1: "yes" })).toEqual({ ok: true, choices: { q1: "yes" }, texts: {} });
  });

  it("names every question that does not read, and why", () => {
    const read = readAnswers(questions, { q2: ["a", "z"], q3: ["1", "2"], q4: ["x", "x"], q5: "0123456789!" });
    expect(read).toEqual({
      ok: false,
      issues: [
        { questionId: "q1", reason: "required" },
        { questionId: "q2", reason: "unknown_option" },
        { questionId: "q3", reason: "one_answer_only" },
        { questionId: "q4", reason: "repeated_option" },
        { questionId: "q5", reason: "text", refusal: { reason: "tooLongText", max: 10, length: 11 } },
      ],
    });
    expect(readAnswers(questions, { q1: { yes: true } })).toEqual({ ok: false, issues: [{ questionId: "q1", reason: "required" }] });
  });
});

describe("a consultation's model", () => {
  const now = new Date("2026-11-25T00:00:00Z");
  const at = (days: number) => new Date(now.getTime() + days * 86_400_000);
  it("stands as draft, scheduled, open or closed by its times alone", () => {
    expect(consultationStatus({ publishedAt: null, opensAt: at(-1), closesAt: at(1) }, now)).toBe("draft");
    expect(consultationStatus({ publishedAt: at(-2), opensAt: at(1), closesAt: at(2) }, now)).toBe("scheduled");
    expect(consultationStatus({ publishedAt: at(-2), opensAt: at(-1), closesAt: at(1) }, now)).toBe("open");
    expect(consultationStatus({ publishedAt: at(-2), opensAt: at(-1), closesAt: now }, now)).toBe("closed");
  });

  it("answers in the first capacity the consultation asks, or none", () => {
    const asking = (audiences: ConsultationAudience[], allowsProxy = false) => ({ audiences, allowsProxy });
    expect(accountCapacity(["participant", "panel_member"], asking(["panel", "participants"]))).toBe("participants");
    expect(accountCapacity(["participant", "panel_member"], asking(["panel"]))).toBe("panel");
    expect(accountCapacity(["applicant"], asking(["public", "participants"]))).toBeUndefined();
    // A proxy answers for the person they represent only where the consultation allows proxies; a participant who is
    // also someone's proxy answers as a participant either way.
    expect(accountCapacity(["proxy"], asking(["participants"], true))).toBe("participants");
    expect(accountCapacity(["proxy"], asking(["participants"]))).toBeUndefined();
    expect(accountCapacity(["proxy", "family"], asking(["participants", "families"]))).toBe("families");
    expect(accountCapacity(["participant", "proxy"], asking(["participants"]))).toBe("participants");
    expect(answersAsProxy(["proxy"], "participants")).toBe(true);
    expect(answersAsProxy(["participant", "proxy"], "participants")).toBe(false);
  });

  it("names the languages a draft still lacks, anywhere in it", () => {
    const draft = ConsultationDraftSchema.parse({
      title: { ja: "題", "ja-easy": "題", en: "Title" },
      summary: { ja: "概要", "ja-easy": "せつめい", en: "Summary" },
      audiences: ["public"],
      opensAt: "2026-12-01T00:00:00Z",
      closesAt: "2026-12-10T00:00:00Z",
      questions: [{ kind: "single_choice", prompt: { ja: "問", "ja-easy": "問い", en: "" }, options: [{ id: "a", label: { ja: "a", "ja-easy": "a", en: "a" } }, { id: "b", label: { ja: "b", "ja-easy": "", en: "b" } }] }],
    });
    expect(missingLanguages(draft)).toEqual(["ja-easy", "en"]);
  });
});
