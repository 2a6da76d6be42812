import { characterCount, unsafeCharacterIn, type TextRefusal } from "../kernel/index";
import { freeTextDefaultMax, scalePoints, type QuestionKind } from "./consultation-model";

/** A question as answers are read against it (a published consultation's, frozen). */
export interface AnswerableQuestion {
  id: string;
  kind: QuestionKind;
  required: boolean;
  options: readonly { id: string }[];
  maxLength: number | null;
}

/** What is stored for a choice question: an option id, option ids (multiple, or ranked in order), a scale point. */
export type ChoiceAnswer = string | string[] | number;

export type AnswerIssue =
  | { questionId: string; reason: "required" | "unknown_option" | "repeated_option" | "not_a_scale_point" | "one_answer_only" }
  | { questionId: string; reason: "text"; refusal: TextRefusal | { reason: "tooLongText"; max: number; length: number } };

export type ReadAnswers =
  | { ok: true; choices: Record<string, ChoiceAnswer>; texts: Record<string, string> }
  | { ok: false; issues: AnswerIssue[] };

/** One form value or several, as a form (or a client) sends them; anything else counts as nothing. */
function valuesOf(raw: unknown): string[] {
  if (typeof raw === "string") return raw === "" ? [] : [raw];
  if (Array.isArray(raw)) return raw.filter((value): value is string => typeof value === "string");
  return [];
}

/**
 * Reads a respondent's answers against the questions (pure; ADR 059). `raw` holds, per question id, what the form
 * sent: one value, or several (multiple choice; ranked, in rank order, "" for a rank left empty). Answers to
 * questions that are not asked are ignored; an unanswered optional question is left out. Refusals name the question
 * and the reason, so the page can say which answer to fix; nothing is stored unless every answer reads.
 */
export function readAnswers(questions: readonly AnswerableQuestion[], raw: Readonly<Record<string, unknown>>): ReadAnswers {
  const issues: AnswerIssue[] = [];
  const choices: Record<string, ChoiceAnswer> = {};
  const texts: Record<string, string> = {};
  for (const question of questions) {
    const values = valuesOf(raw[question.id]);
    const known = new Set(question.options.map((option) => option.id));
    if (question.kind === "free_text") {
      const text = (values.length === 1 ? values[0]! : values.join("\n")).trim().normalize("NFC");
      if (values.length > 1) issues.push({ questionId: question.id, reason: "one_answer_only" });
      else if (text === "") {
        if (question.required) issues.push({ questionId: question.id, reason: "required" });
      } else {
        const unsafe = unsafeCharacterIn(text, { allowLineBreaks: true });
        const max = question.maxLength ?? freeTextDefaultMax;
        const length = characterCount(text);
        if (unsafe) issues.push({ questionId: question.id, reason: "text", refusal: unsafe });
        else if (length > max) issues.push({ questionId: question.id, reason: "text", refusal: { reason: "tooLongText", max, length } });
        else texts[question.id] = text;
      }
      continue;
    }
    const given = question.kind === "ranked" ? values.filter((value) => value !== "") : values;
    if (given.length === 0) {
      if (question.required) issues.push({ questionId: question.id, reason: "required" });
      continue;
    }
    if (question.kind === "scale") {
      const point = given.length === 1 && /^[1-5]$/.test(given[0]!) ? Number(given[0]) : NaN;
      if (given.length > 1) issues.push({ questionId: question.id, reason: "one_answer_only" });
      else if (!(scalePoints as readonly number[]).includes(point)) issues.push({ questionId: question.id, reason: "not_a_scale_point" });
      else choices[question.id] = point;
      continue;
    }
    if (given.some((value) => !known.has(value))) {
      issues.push({ questionId: question.id, reason: "unknown_option" });
      continue;
    }
    if (new Set(given).size !== given.length) {
      issues.push({ questionId: question.id, reason: "repeated_option" });
      continue;
    }
    if (question.kind === "single_choice") {
      if (given.length > 1) issues.push({ questionId: question.id, reason: "one_answer_only" });
      else choices[question.id] = given[0]!;
    } else {
      // Multiple choice keeps the options' order, so two people giving the same choices store the same answer.
      choices[question.id] = question.kind === "multiple_choice" ? question.options.map((option) => option.id).filter((id) => given.includes(id)) : given;
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, choices, texts };
}
