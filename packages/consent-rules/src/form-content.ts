import { z } from "zod";
import { choiceCatalogue, choiceIds, isChoiceId, type ChoiceId } from "./choice-catalogue";

/**
 * The canonical content of one consent-form version: everything a participant reads and answers, in every
 * language, plus the rules the version declares. Its SHA-256 (over RFC 8785 canonical JSON) is the version's
 * identity; a signature binds to that hash, so nothing outside this object may change what was consented to.
 */

export const formLanguages = ["ja", "ja-easy", "en"] as const;
export type FormLanguage = (typeof formLanguages)[number];

const text = z.string().trim().min(1).max(4000);
const shortText = z.string().trim().min(1).max(300);
const slug = z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/);

const QuestionTextSchema = z.strictObject({
  prompt: shortText,
  options: z.record(slug, shortText),
  /** Shown after a wrong answer, before the participant tries again. */
  explanation: text,
});

const ChoiceTextSchema = z.strictObject({
  title: shortText,
  /** What saying yes (or each option) means, in plain words. */
  explanation: text,
  options: z.record(z.string(), shortText),
});

export const LanguageContentSchema = z.strictObject({
  title: shortText,
  /** A plain-language summary shown before the full text. */
  summary: z.array(text).min(1).max(20),
  sections: z.array(z.strictObject({ id: slug, heading: shortText, paragraphs: z.array(text).min(1).max(40) })).min(1).max(40),
  questions: z.record(slug, QuestionTextSchema),
  choices: z.record(z.string(), ChoiceTextSchema),
  /** The meaning of the signature, stated above the name box: "I consent to …". */
  signatureStatement: text,
});
export type LanguageContent = z.infer<typeof LanguageContentSchema>;

export const interimRules = ["continue_previous", "pause_new_uses"] as const;
export type InterimRule = (typeof interimRules)[number];

export const FormContentSchema = z
  .strictObject({
    formKey: slug,
    version: z.string().regex(/^\d{1,3}\.\d{1,3}$/),
    kind: z.enum(["major", "minor"]),
    /** ISO date (JST calendar day) from which the version is in force. */
    effectiveDate: z.iso.date(),
    /** While a participant has not re-consented to a major version: keep using the earlier consent, or pause new uses. */
    interimRule: z.enum(interimRules),
    /**
     * For a major version: who must re-consent. Empty means everyone who consented to an earlier version; otherwise
     * only participants whose current consent grants one of these choices (a change to overseas sharing need not
     * stop someone who never allowed it).
     */
    affectsChoiceIds: z.array(z.string().refine(isChoiceId, "unknown choice")).max(20),
    /** DUO data-use permissions (by id) the programme's consent covers; a gate request for another purpose is denied. */
    permittedPurposes: z.array(z.string().regex(/^DUO:\d{7}$/)).min(1),
    choiceIds: z.array(z.string().refine(isChoiceId, "unknown choice")).min(1),
    questions: z.array(z.strictObject({ id: slug, options: z.array(slug).min(2).max(6), correctOption: slug })).max(10),
    /** Youngest age, in years, at which a child's own assent is asked for alongside a proxy's consent. */
    assentFromAge: z.number().int().min(6).max(17),
    languages: z.strictObject({ ja: LanguageContentSchema, "ja-easy": LanguageContentSchema, en: LanguageContentSchema }),
  })
  .superRefine((content, ctx) => {
    const ids = content.choiceIds as ChoiceId[];
    if (!ids.includes("core.wgs")) ctx.addIssue({ code: "custom", path: ["choiceIds"], message: "core.wgs is required" });
    for (const question of content.questions) {
      if (!question.options.includes(question.correctOption)) {
        ctx.addIssue({ code: "custom", path: ["questions", question.id], message: "correct option is not an option" });
      }
    }
    for (const language of Object.keys(content.languages) as (keyof typeof content.languages)[]) {
      const body = content.languages[language];
      for (const id of ids) {
        const choice = body.choices[id];
        if (!choice) {
          ctx.addIssue({ code: "custom", path: ["languages", language, "choices", id], message: "missing text" });
          continue;
        }
        for (const option of choiceCatalogue[id].options) {
          if (!choice.options[option]) ctx.addIssue({ code: "custom", path: ["languages", language, "choices", id, "options", option], message: "missing label" });
        }
      }
      for (const question of content.questions) {
        const questionText = body.questions[question.id];
        if (!questionText) {
          ctx.addIssue({ code: "custom", path: ["languages", language, "questions", question.id], message: "missing text" });
          continue;
        }
        for (const option of question.options) {
          if (!questionText.options[option]) ctx.addIssue({ code: "custom", path: ["languages", language, "questions", question.id, option], message: "missing label" });
        }
      }
    }
  });
export type FormContent = z.infer<typeof FormContentSchema>;

/** Choices in catalogue order, so every screen and document lists them the same way. */
export function offeredChoices(content: Pick<FormContent, "choiceIds">): ChoiceId[] {
  return choiceIds.filter((id) => content.choiceIds.includes(id));
}
