import { z } from "zod";
import { choiceCatalogue } from "@tsunagi/consent-rules/choice-catalogue";
import { FormContentSchema, offeredChoices, type FormContent, type FormLanguage, type LanguageContent } from "@tsunagi/consent-rules/form-content";
import type { ProblemText } from "./form-draft-settings";

/**
 * Editing one language of a draft's wording. The structure — section ids, questions and their answers, the choice
 * set — comes from the stored draft, never from the browser: the form posts only wording, in the draft's order, and
 * anything that does not line up with the stored structure is refused as a whole.
 */

export interface DraftTextFields {
  title: string;
  /** Paragraphs separated by blank lines. */
  summary: string;
  sections: { heading: string; paragraphs: string }[];
  questions: { prompt: string; options: string[]; explanation: string }[];
  choices: { title: string; explanation: string; options: string[] }[];
  signatureStatement: string;
}

export type DraftTextProblem = "markup" | "tooManyParagraphs" | "paragraphTooLong" | "structure";

const shortMax = 300;
const textMax = 4000;
const paragraphSeparator = "\n\n";

/** One paragraph per blank-line-separated block; line endings from any browser are normalised. */
export function splitParagraphs(value: string): string[] {
  return value
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t\u3000]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);
}

export function joinParagraphs(paragraphs: readonly string[]): string {
  return paragraphs.join(paragraphSeparator);
}

// React escapes everything it renders, but consent wording is also copied into PDFs and mail, and no legitimate
// sentence needs an HTML tag or a control character: refusing them keeps stored text plain.
const markup = /<\s*[a-z!/?]/i;
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const controlCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
export function isPlainText(value: string): boolean {
  return !markup.test(value) && !controlCharacters.test(value);
}

/** The ordered structure a language's wording is posted in. */
function structureOf(content: FormContent, language: FormLanguage) {
  return {
    sectionIds: content.languages[language].sections.map((section) => section.id),
    questions: content.questions.map((question) => ({ id: question.id, options: question.options })),
    choices: offeredChoices(content).map((id) => ({ id, options: choiceCatalogue[id].options as readonly string[] })),
  };
}

export function draftTextFields(content: FormContent, language: FormLanguage): DraftTextFields {
  const body = content.languages[language];
  const structure = structureOf(content, language);
  return {
    title: body.title,
    summary: joinParagraphs(body.summary),
    sections: body.sections.map((section) => ({ heading: section.heading, paragraphs: joinParagraphs(section.paragraphs) })),
    questions: structure.questions.map((question) => {
      const text = body.questions[question.id];
      return { prompt: text?.prompt ?? "", options: question.options.map((option) => text?.options[option] ?? ""), explanation: text?.explanation ?? "" };
    }),
    choices: structure.choices.map((choice) => {
      const text = body.choices[choice.id];
      return { title: text?.title ?? "", explanation: text?.explanation ?? "", options: choice.options.map((option) => text?.options[option] ?? "") };
    }),
    signatureStatement: body.signatureStatement,
  };
}

/** The draft with one language's wording replaced; not yet validated. */
export function applyDraftText(content: FormContent, language: FormLanguage, fields: DraftTextFields): FormContent {
  const body = content.languages[language];
  const structure = structureOf(content, language);
  const questions = Object.fromEntries(
    structure.questions.map((question, index) => {
      const field = fields.questions[index];
      return [
        question.id,
        {
          prompt: field?.prompt ?? "",
          options: Object.fromEntries(question.options.map((option, optionIndex) => [option, field?.options[optionIndex] ?? ""])),
          explanation: field?.explanation ?? "",
        },
      ];
    }),
  );
  const choices: LanguageContent["choices"] = { ...body.choices };
  structure.choices.forEach((choice, index) => {
    const field = fields.choices[index];
    choices[choice.id] = {
      title: field?.title ?? "",
      explanation: field?.explanation ?? "",
      options: Object.fromEntries(choice.options.map((option, optionIndex) => [option, field?.options[optionIndex] ?? ""])),
    };
  });
  const updated: LanguageContent = {
    title: fields.title,
    summary: splitParagraphs(fields.summary),
    sections: structure.sectionIds.map((id, index) => ({
      id,
      heading: fields.sections[index]?.heading ?? "",
      paragraphs: splitParagraphs(fields.sections[index]?.paragraphs ?? ""),
    })),
    questions,
    choices,
    signatureStatement: fields.signatureStatement,
  };
  return { ...content, languages: { ...content.languages, [language]: updated } };
}

/** Where an issue in the stored content shows on the form, so a problem the field checks missed still lands beside its field. */
function fieldPathOf(path: readonly PropertyKey[], content: FormContent, language: FormLanguage): (string | number)[] {
  if (path[0] !== "languages" || path[1] !== language) return [];
  const [, , part, key, property] = path;
  const structure = structureOf(content, language);
  if (part === "title" || part === "signatureStatement" || part === "summary") return [part];
  if (part === "sections" && typeof key === "number") return property === "heading" ? ["sections", key, "heading"] : ["sections", key, "paragraphs"];
  if (part === "questions") {
    const index = structure.questions.findIndex((question) => question.id === key);
    if (index >= 0 && (property === "prompt" || property === "explanation")) return ["questions", index, property];
  }
  if (part === "choices") {
    const index = structure.choices.findIndex((choice) => choice.id === key);
    if (index >= 0 && (property === "title" || property === "explanation")) return ["choices", index, property];
  }
  return [];
}

// The whole-content check is a backstop: once a field has its own message, a second, vaguer one would only confuse.
const onlyWhenFieldsPass = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };

/**
 * The schema for one language's wording of `content`. Field limits match FormContentSchema; afterwards the whole
 * draft, with this wording in place, must pass FormContentSchema itself.
 */
export function draftTextSchema(content: FormContent, language: FormLanguage, text: ProblemText<DraftTextProblem>) {
  const plain = { message: text("markup", {}) };
  const line = z.string().trim().min(1).max(shortMax).refine(isPlainText, plain);
  const block = z.string().trim().min(1).max(textMax).refine(isPlainText, plain);
  const paragraphs = (most: number) =>
    z
      .string()
      .trim()
      .min(1)
      .max(most * (textMax + paragraphSeparator.length))
      .refine(isPlainText, plain)
      .superRefine((value, ctx) => {
        const parts = splitParagraphs(value);
        if (parts.length > most) ctx.addIssue({ code: "custom", message: text("tooManyParagraphs", { max: String(most) }) });
        const long = parts.findIndex((part) => part.length > textMax);
        if (long >= 0) ctx.addIssue({ code: "custom", message: text("paragraphTooLong", { max: String(textMax), number: String(long + 1) }) });
      });
  const structure = structureOf(content, language);
  const fields = z
    .object({
      revision: z.string().min(1).max(64),
      title: line,
      summary: paragraphs(20),
      sections: z.array(z.object({ heading: line, paragraphs: paragraphs(40) })).max(40),
      questions: z.array(z.object({ prompt: line, options: z.array(line).max(6), explanation: block })).max(10),
      choices: z.array(z.object({ title: line, explanation: block, options: z.array(line).max(10) })).max(20),
      signatureStatement: block,
    })
    .superRefine((value, ctx) => {
      const checked = FormContentSchema.safeParse(applyDraftText(content, language, value));
      if (checked.success) return;
      for (const issue of checked.error.issues) ctx.addIssue({ code: "custom", path: fieldPathOf(issue.path, content, language) });
    }, onlyWhenFieldsPass);
  // A post that does not line up with the stored structure (a field removed, added or renamed) is refused as a
  // whole, before any field is read, so no wording can land in the wrong place.
  return z.preprocess((raw, ctx) => {
    if (linesUp(raw, structure)) return raw;
    ctx.addIssue({ code: "custom", path: [], message: text("structure", {}), input: raw });
    return z.NEVER;
  }, fields);
}

function itemsOf(value: unknown, length: number): Record<string, unknown>[] | null {
  if (!Array.isArray(value) || value.length !== length) return null;
  const items: Record<string, unknown>[] = [];
  for (let index = 0; index < length; index++) {
    const item: unknown = value[index];
    if (typeof item !== "object" || item === null || Array.isArray(item)) return null;
    items.push(item as Record<string, unknown>);
  }
  return items;
}

function optionsLineUp(value: unknown, length: number): boolean {
  return value === undefined ? length === 0 : Array.isArray(value) && value.length === length;
}

function linesUp(raw: unknown, structure: ReturnType<typeof structureOf>): boolean {
  if (typeof raw !== "object" || raw === null) return false;
  const payload = raw as Record<string, unknown>;
  const sections = itemsOf(payload.sections, structure.sectionIds.length);
  const questions = itemsOf(payload.questions, structure.questions.length);
  const choices = itemsOf(payload.choices, structure.choices.length);
  return (
    sections !== null &&
    questions !== null &&
    choices !== null &&
    questions.every((question, index) => optionsLineUp(question.options, structure.questions[index]?.options.length ?? 0)) &&
    choices.every((choice, index) => optionsLineUp(choice.options, structure.choices[index]?.options.length ?? 0))
  );
}
