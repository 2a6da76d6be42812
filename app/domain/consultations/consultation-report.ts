import { z } from "zod";
import { supportedLanguages } from "../../i18n/languages";
import { isSafeLink } from "../kernel/index";
import { freeTextSchema, singleLineTextSchema } from "../kernel/index";
import { markdownRefusalIn } from "../updates";
import { uuidPattern } from "../kernel/index";
import type { ConsultationAnalysis } from "./consultation-analysis";
import type { ConsultationAudience, LocalizedText } from "./consultation-model";
import type { ReleaseKind } from "./consultation-releases";

/**
 * "You said, we did" (issue 28 item 5; ADR 063), pure: what a consultation's report holds, the staff forms that write
 * it, the decisions the programme tracks until done, and the document a published version freezes. Shared by the
 * domain verbs, the staff pages and the public pages, so the limits and the states are written once.
 */

export const reportSummaryMax = 10_000;
export const themeTextMax = 3_000;
export const decisionTextMax = 1_000;
export const decisionReasonMax = 2_000;
export const changeNoteMax = 2_000;
export const linkLabelMax = 120;
export const linkUrlMax = 500;
export const linksMax = 3;
export const decisionsMax = 30;
export const quotationsMax = 60;

/** Decidim's accountability states: considered (not yet decided), adopted, partly adopted, declined, done. */
export const decisionStates = ["considered", "adopted", "partly", "declined", "done"] as const;
export type DecisionState = (typeof decisionStates)[number];

export const emptyText: LocalizedText = { ja: "", "ja-easy": "", en: "" };

/** Languages a text still lacks (a draft may; publishing may not). */
export function missingIn(text: LocalizedText): string[] {
  return supportedLanguages.filter((language) => text[language].trim() === "");
}

/** Written in some language but not all: a theme's text or a note left half done. */
export function isPartial(text: LocalizedText): boolean {
  const missing = missingIn(text).length;
  return missing > 0 && missing < supportedLanguages.length;
}

const blankToEmpty = (schema: z.ZodType<string, string>) =>
  z.preprocess((value) => (value === undefined || value === null || (typeof value === "string" && value.trim() === "") ? undefined : value), schema.optional()).transform((value) => value ?? "");

const markdown = (max: number) =>
  freeTextSchema(max).superRefine((value, ctx) => {
    const refusal = markdownRefusalIn(value);
    if (refusal) ctx.addIssue({ code: "custom", params: { reason: refusal } });
  });

/** A text a draft may leave empty in any language (publishing asks for all three). */
const draftText = (field: () => z.ZodType<string, string>) => z.object({ ja: blankToEmpty(field()), "ja-easy": blankToEmpty(field()), en: blankToEmpty(field()) });
/** A text every language of which is required at once (a decision is written whole). */
const wholeText = (field: () => z.ZodType<string, string>) => z.object({ ja: field(), "ja-easy": field(), en: field() });

/** The page's compare-and-set token: the draft's `updatedAt` as loaded. */
const draftToken = z.iso.datetime({ offset: false }).transform((value) => new Date(value));

/** A link to what changed: this programme's own pages (a path) or an https address, by the one link rule (ADR 116). */
export const LinkUrlSchema = z
  .string()
  .trim()
  .max(linkUrlMax)
  .refine(isSafeLink, { params: { reason: "linkTarget" } });

export const DecisionLinkSchema = z.object({ url: LinkUrlSchema, label: wholeText(() => singleLineTextSchema(linkLabelMax)) });
export type DecisionLink = z.output<typeof DecisionLinkSchema>;

function isFilledLink(entry: unknown): boolean {
  if (entry === null || typeof entry !== "object") return false;
  const { url, label } = entry as { url?: unknown; label?: unknown };
  const labels = label !== null && typeof label === "object" ? Object.values(label as Record<string, unknown>) : [];
  return [url, ...labels].some((part) => typeof part === "string" && part.trim() !== "");
}

const themeIdField = z.preprocess((value) => (value === "" ? undefined : value), z.uuid().optional());

/** The staff report page's forms, one per part so each post stays small. */
export const ReportFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("start"), confirm: z.literal("yes") }),
  z.object({ intent: z.literal("summary"), updatedAt: draftToken, summary: draftText(() => markdown(reportSummaryMax)), changeNote: draftText(() => freeTextSchema(changeNoteMax)) }),
  z.object({ intent: z.literal("theme"), updatedAt: draftToken, themeId: z.uuid(), said: draftText(() => freeTextSchema(themeTextMax)) }),
  z.object({
    intent: z.literal("quote"),
    updatedAt: draftToken,
    // "<responseId>:<questionId>" of an approved answer, quoted or no longer.
    answer: z
      .string()
      .max(80)
      .refine((value) => value.split(":").length === 2 && value.split(":").every((id) => uuidPattern.test(id))),
    quote: z.enum(["add", "remove"]),
  }),
  z.object({ intent: z.literal("publish"), updatedAt: draftToken, confirm: z.literal("yes") }),
  z.object({ intent: z.literal("correct"), confirm: z.literal("yes") }),
  z.object({
    intent: z.literal("decision"),
    // Absent for a new decision; the decision's id and version for an edit.
    decisionId: z.preprocess((value) => (value === "" ? undefined : value), z.uuid().optional()),
    version: z.coerce.number().int().positive().optional(),
    themeId: themeIdField,
    text: wholeText(() => freeTextSchema(decisionTextMax)),
    reason: wholeText(() => freeTextSchema(decisionReasonMax)),
    // The form has a slot per link; a slot left wholly empty is no link.
    links: z.preprocess((value) => (Array.isArray(value) ? value.filter(isFilledLink) : value), z.array(DecisionLinkSchema).max(linksMax).default([])),
  }),
  z.object({
    intent: z.literal("decision-state"),
    decisionId: z.uuid(),
    version: z.coerce.number().int().positive(),
    state: z.enum(decisionStates),
    note: draftText(() => freeTextSchema(changeNoteMax)),
  }),
]);
export type ReportForm = z.output<typeof ReportFormSchema>;

/** A quotation as the draft stores it: which answer (its words are read, redacted, at publication). */
export interface QuotationRef {
  responseId: string;
  questionId: string;
}

export function quotationKey(ref: QuotationRef): string {
  return `${ref.responseId}:${ref.questionId}`;
}

export function quotationRefOf(key: string): QuotationRef {
  const [responseId = "", questionId = ""] = key.split(":");
  return { responseId, questionId };
}

export interface DecisionView {
  id: string;
  themeId: string | null;
  position: number;
  text: LocalizedText;
  reason: LocalizedText;
  links: DecisionLink[];
  state: DecisionState;
  version: number;
  /** Every state it was in, oldest first: the first is its creation. */
  history: { state: DecisionState; note: LocalizedText; changedAt: string }[];
}

/**
 * What a published version shows, frozen at its publication: nothing in it is read again, so the version reads the
 * same for ever (a later moderation, theme or decision change shows in the next version, or — for a decision's
 * state — beside it as "since then").
 */
export interface ReportDocument {
  title: LocalizedText;
  summary: LocalizedText;
  changeNote: LocalizedText | null;
  opensAt: string;
  closesAt: string;
  audiences: ConsultationAudience[];
  analysis: ConsultationAnalysis;
  /** The release its figures are (ADR 115); absent in versions published before releases existed. */
  release?: { number: number; kind: ReleaseKind; releasedAt: string };
  themes: {
    id: string;
    label: LocalizedText;
    said: LocalizedText;
    /** The moderated, redacted words quoted, each with the capacity its responder answered in. */
    quotations: { text: string; capacity: ConsultationAudience }[];
    decisions: Omit<DecisionView, "version">[];
  }[];
  /** Decisions about the consultation as a whole, and quotations under no theme. */
  general: { quotations: { text: string; capacity: ConsultationAudience }[]; decisions: Omit<DecisionView, "version">[] };
  publishedAt: string;
}

/** What keeps a draft from being published: each a reason the staff page names. */
export function publicationGaps(draft: { version: number; summary: LocalizedText; themeTexts: Record<string, LocalizedText>; changeNote: LocalizedText | null }): ("summary" | "theme" | "change_note")[] {
  const gaps: ("summary" | "theme" | "change_note")[] = [];
  if (missingIn(draft.summary).length > 0) gaps.push("summary");
  if (Object.values(draft.themeTexts).some(isPartial)) gaps.push("theme");
  if (draft.version > 1 && (draft.changeNote === null || missingIn(draft.changeNote).length > 0)) gaps.push("change_note");
  return gaps;
}
