import { z } from "zod";
import { codePointLabel, freeTextSchema, singleLineTextSchema } from "../kernel/index";
import { programmeAreas, updateAudiences } from "./update-audiences";
import { markdownRefusalIn } from "./staff-markdown";
import { instantOfJapanTime } from "../time";

export const updateTitleMax = 120;
export const updateBodyMax = 10_000;
export const updateChangeNoteMax = 500;

/** Markdown by the text rules (ADR 021), then the update's own Markdown rules (staff-markdown.ts). */
function markdownSchema(max: number) {
  return freeTextSchema(max).superRefine((value, ctx) => {
    const refusal = markdownRefusalIn(value);
    if (refusal) ctx.addIssue({ code: "custom", params: { reason: refusal } });
  });
}

// A draft may lack a language (publishing refuses it then: missingLanguages); an empty field arrives as undefined
// from Conform and is stored as "".
const title = singleLineTextSchema(updateTitleMax).optional();
const body = markdownSchema(updateBodyMax).optional();
const changeNote = singleLineTextSchema(updateChangeNoteMax).optional();

/**
 * Readings the author fixed for the やさしい日本語 furigana (the word as written → its reading in kana), typed one a
 * line as 「漢字=かんじ」 in a textarea beside the text. The shape is the furigana runtime's `ReadingCorrections`
 * (app/domain/text/furigana): a record from word to reading.
 */
const readingWord = singleLineTextSchema(20);
const readingKana = singleLineTextSchema(40).superRefine((value, ctx) => {
  const outside = [...value].find((character) => !/^[\p{Script=Hiragana}\p{Script=Katakana}ー]$/u.test(character));
  if (outside) ctx.addIssue({ code: "custom", params: { reason: "kanaCharacter", character: outside, codePoint: codePointLabel(outside.codePointAt(0)!) } });
});
export const ReadingCorrectionSchema = z.object({ text: readingWord, reading: readingKana });

function readingLines(value: string): { text: string; reading: string }[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => {
      const [text = "", ...reading] = line.split(/[=＝]/);
      return { text: text.trim(), reading: reading.join("=").trim() };
    });
}

export const ReadingCorrectionsSchema = z
  .preprocess((value) => (typeof value === "string" ? readingLines(value) : (value ?? [])), z.array(ReadingCorrectionSchema).max(50))
  .transform((entries) => Object.fromEntries(entries.map((entry) => [entry.text, entry.reading])) as Record<string, string>);

/** The corrections as the textarea shows them. */
export function readingCorrectionsText(corrections: Readonly<Record<string, string>>): string {
  return Object.entries(corrections)
    .map(([text, reading]) => `${text}=${reading}`)
    .join("\n");
}

/** Stored corrections read back; anything not a record of strings is none. */
export function storedReadingCorrections(value: unknown): Record<string, string> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

/** The text of one version in the three languages, as ELSI staff write it (a draft, or a correction's draft). */
export const UpdateTextSchema = z.object({
  titleJa: title,
  titleJaEasy: title,
  titleEn: title,
  bodyJa: body,
  bodyJaEasy: body,
  bodyEn: body,
  readingCorrections: ReadingCorrectionsSchema.optional(),
});

/** Who it is for: chosen while the update is a draft, fixed once published (readers may have seen it). */
export const UpdateAudienceSchema = z.object({
  audiences: z.array(z.enum(updateAudiences)).min(1).max(updateAudiences.length),
  programmeArea: z.enum(programmeAreas).optional(),
});

export const ProgrammeUpdateDraftSchema = UpdateTextSchema.extend(UpdateAudienceSchema.shape);
export type ProgrammeUpdateDraftInput = z.input<typeof ProgrammeUpdateDraftSchema>;
export type ProgrammeUpdateDraft = z.output<typeof ProgrammeUpdateDraftSchema>;

/** A correction's draft: the text again, and the note of what changed in each language. */
export const UpdateCorrectionSchema = UpdateTextSchema.extend({ changeNoteJa: changeNote, changeNoteJaEasy: changeNote, changeNoteEn: changeNote });
export type UpdateCorrectionInput = z.input<typeof UpdateCorrectionSchema>;

/** A local date-time as a `datetime-local` input sends it (minutes), read as Japan time. */
export const japanLocalDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { message: "format" })
  .refine(
    (value) => {
      const date = new Date(`${value}:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 16) === value;
    },
    { params: { reason: "dateNotReal" } },
  )
  .transform(instantOfJapanTime);

/**
 * Publishing: now, or at a Japan time within the next year; confirmed by a box that states how many it reaches (issue
 * 29 item 6), since a published version cannot be taken back.
 */
export const PublishUpdateSchema = z.discriminatedUnion("when", [
  z.object({ intent: z.literal("publish"), when: z.literal("now"), confirm: z.literal("yes") }),
  z.object({
    intent: z.literal("publish"),
    when: z.literal("scheduled"),
    confirm: z.literal("yes"),
    publishAt: japanLocalDateTime.refine((date) => date.getTime() > Date.now() && date.getTime() < Date.now() + 366 * 86_400_000, { params: { reason: "publishAtRange" } }),
  }),
]);
