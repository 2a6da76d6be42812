import { z } from "zod";
import { supportedLanguages, type SupportedLanguage } from "../../../i18n/languages";
import { freeTextSchema, singleLineTextSchema } from "../../kernel/index";
import { markdownRefusalIn } from "../../updates";
import { FigureIdSchema, type FigureId } from "../snapshot/snapshot-figures";

/**
 * What an ELSI transparency report holds (issue 16 item 2; ADR 048), as stored in TransparencyReportVersion's JSON
 * columns and as the verbs take it: a title, 1–20 sections (a heading, a Markdown body and up to nine figures from
 * the snapshot frozen at publication) and, from version 2 on, a note of what changed — each text in 日本語,
 * やさしい日本語 and English. Pure: the same schemas check the staff forms and the domain's input.
 */

export const reportTitleMax = 200;
export const reportHeadingMax = 200;
export const reportBodyMax = 20_000;
export const reportChangeNoteMax = 2_000;
export const reportSectionsMax = 20;
export const reportFiguresMax = 9;

/** One text in each language; "" where a draft does not have it yet. Stored as `{ ja, "ja-easy", en }`. */
export type ReportText = Record<SupportedLanguage, string>;

export interface ReportSection {
  heading: ReportText;
  body: ReportText;
  figures: FigureId[];
}

export interface ReportContent {
  title: ReportText;
  sections: ReportSection[];
  /** What this version changed, from version 2 on (a correction, or the next period's edition); null for the first. */
  changeNote: ReportText | null;
}

export const emptyReportText: ReportText = { ja: "", "ja-easy": "", en: "" };
export const emptyReportSection: ReportSection = { heading: emptyReportText, body: emptyReportText, figures: [] };

/** Markdown by the text rules (ADR 021), then the update's Markdown rules: no raw HTML, no pictures, safe links only. */
function markdownSchema(max: number) {
  return freeTextSchema(max).superRefine((value, ctx) => {
    const refusal = markdownRefusalIn(value);
    if (refusal) ctx.addIssue({ code: "custom", params: { reason: refusal } });
  });
}

/**
 * A text a draft may leave empty: absent (Conform sends an empty field so) or blank is "", anything else goes through
 * the text rules. Publishing is what asks for every language (`missingReportLanguages`).
 */
function draftText<T extends z.ZodType<string, string>>(schema: T) {
  return z
    .preprocess((value) => (value === undefined || value === null || (typeof value === "string" && value.trim() === "") ? undefined : value), schema.optional())
    .transform((value) => value ?? "");
}

const titleField = () => draftText(singleLineTextSchema(reportTitleMax));
const headingField = () => draftText(singleLineTextSchema(reportHeadingMax));
const bodyField = () => draftText(markdownSchema(reportBodyMax));
const changeNoteField = () => draftText(freeTextSchema(reportChangeNoteMax));

/** A section's figures: known ids, at most nine, each once (in the order chosen). */
export const ReportFiguresSchema = z
  .array(FigureIdSchema)
  .max(reportFiguresMax)
  .transform((ids) => [...new Set(ids)]);

function textSchema(field: () => z.ZodType<string, unknown>) {
  return z.object({ ja: field(), "ja-easy": field(), en: field() });
}

export const ReportSectionSchema = z.object({ heading: textSchema(headingField), body: textSchema(bodyField), figures: ReportFiguresSchema });

/** The stored shape, checked on every write and read back with it (old rows included). */
export const ReportContentSchema = z.object({
  title: textSchema(titleField),
  sections: z.array(ReportSectionSchema).min(1).max(reportSectionsMax),
  changeNote: textSchema(changeNoteField).nullable(),
});

// ── The staff forms: one flat form per part of the report, so each post stays far under the request edge's 1 MB ──
// (a section's three bodies at their limit are ~540 kB of URL-encoded Japanese; the whole report could be 20 times
// that). Field names carry the language as a suffix, as the programme updates' forms do.

export const reportFormLanguages = [
  ["ja", "Ja"],
  ["ja-easy", "JaEasy"],
  ["en", "En"],
] as const satisfies readonly (readonly [SupportedLanguage, string])[];

type FlatKeys<P extends string> = `${P}Ja` | `${P}JaEasy` | `${P}En`;

function flatText<P extends string, S extends z.ZodType>(prefix: P, field: () => S): Record<FlatKeys<P>, S> {
  return Object.fromEntries(reportFormLanguages.map(([, suffix]) => [`${prefix}${suffix}`, field()])) as Record<FlatKeys<P>, S>;
}

function fromFlat<P extends string>(values: Record<FlatKeys<P>, string>, prefix: P): ReportText {
  const flat = values as Record<string, string>;
  return Object.fromEntries(reportFormLanguages.map(([language, suffix]) => [language, flat[`${prefix}${suffix}`] ?? ""])) as ReportText;
}

/** The form's flat fields for a text (`titleJa`, `titleJaEasy`, `titleEn`). */
export function flatFieldsOf(prefix: string, text: ReportText): Record<string, string> {
  return Object.fromEntries(reportFormLanguages.map(([language, suffix]) => [`${prefix}${suffix}`, text[language]]));
}

/** A draft's time of last save, as the page loaded it: the compare-and-set token every staff form carries. */
export const DraftTokenSchema = z.iso.datetime({ offset: false }).transform((value) => new Date(value));

export const ReportHeaderFormSchema = z
  .object({ updatedAt: DraftTokenSchema, ...flatText("title", titleField), ...flatText("changeNote", changeNoteField) })
  .transform((values) => ({
    updatedAt: values.updatedAt,
    title: fromFlat(values, "title"),
    changeNote: fromFlat(values, "changeNote"),
  }));

export const ReportSectionFormSchema = z
  .object({
    updatedAt: DraftTokenSchema,
    section: z.coerce.number().int().min(0).max(reportSectionsMax - 1),
    ...flatText("heading", headingField),
    ...flatText("body", bodyField),
    figures: ReportFiguresSchema.default([]),
  })
  .transform((values) => ({
    updatedAt: values.updatedAt,
    index: values.section,
    section: {
      heading: fromFlat(values, "heading"),
      body: fromFlat(values, "body"),
      figures: values.figures,
    } satisfies ReportSection,
  }));

// ── Reports themselves ──

export const reportSchedules = ["monthly", "quarterly", "yearly"] as const;
export type ReportSchedule = (typeof reportSchedules)[number];
export const ReportScheduleSchema = z.enum(reportSchedules);

/**
 * A report's address: lower-case letters, digits and single hyphens, 3–80 characters (e.g. `2026-q4-consent`), and
 * not a word that is a page of its own under /transparency/reports/ ("feed", and "new" and "v" kept free).
 */
export const ReportSlugSchema = z
  .string()
  .trim()
  .min(3)
  .max(80)
  .regex(/^(?!(?:feed|new|v)$)[a-z0-9]+(?:-[a-z0-9]+)*$/);

export function isReportSlug(value: string): boolean {
  return ReportSlugSchema.safeParse(value).success && value === value.trim();
}

export const NewReportSchema = z.object({
  slug: ReportSlugSchema,
  schedule: ReportScheduleSchema.nullable(),
  title: textSchema(titleField),
});
export type NewReport = z.input<typeof NewReportSchema>;

export const NewReportFormSchema = z
  .object({ slug: ReportSlugSchema, schedule: z.enum(["none", ...reportSchedules]), ...flatText("title", titleField) })
  .transform((values) => ({
    slug: values.slug,
    schedule: values.schedule === "none" ? null : values.schedule,
    title: fromFlat(values, "title"),
  }));

// ── What publishing asks of a version ──

/** The languages in which the title, or any section's heading or body, is still empty. */
export function missingReportLanguages(content: Pick<ReportContent, "title" | "sections">): SupportedLanguage[] {
  return supportedLanguages.filter(
    (language) => content.title[language].trim() === "" || content.sections.some((section) => section.heading[language].trim() === "" || section.body[language].trim() === ""),
  );
}

/** The languages a later version still lacks its note of what changed in (the first version needs none). */
export function missingChangeNotes(content: Pick<ReportContent, "changeNote">, version: number): SupportedLanguage[] {
  if (version === 1) return [];
  return supportedLanguages.filter((language) => (content.changeNote?.[language] ?? "").trim() === "");
}

/** A stored version's content read back; a row that does not parse is a bug, not something to show half of. */
export function storedReportContent(row: { title: unknown; sections: unknown; changeNote: unknown }): ReportContent {
  return ReportContentSchema.parse({ title: row.title, sections: row.sections, changeNote: row.changeNote ?? null });
}

/** Every figure a version embeds, each once, in the order of first appearance. */
export function figuresOf(content: Pick<ReportContent, "sections">): FigureId[] {
  return [...new Set(content.sections.flatMap((section) => section.figures))];
}
