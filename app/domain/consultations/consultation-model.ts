import { z } from "zod";
import type { SupportedLanguage } from "../../i18n/languages";
import { freeTextSchema, singleLineTextSchema } from "../kernel/index";

/**
 * What a consultation is made of (issue 28; ADR 059), pure and shared by the staff editor, the respondent's page and
 * the domain verbs: who it asks, the kinds of question, their limits, and the text in the three languages.
 */
export const consultationAudiences = ["public", "participants", "families", "panel"] as const;
export type ConsultationAudience = (typeof consultationAudiences)[number];

export const questionKinds = ["single_choice", "multiple_choice", "scale", "ranked", "free_text"] as const;
export type QuestionKind = (typeof questionKinds)[number];

export const consultationTitleMax = 120;
export const consultationSummaryMax = 5_000;
export const questionPromptMax = 500;
export const optionLabelMax = 120;
export const optionsMax = 12;
export const questionsMax = 30;
/** The free-text limit staff may set, and the default when they set none. */
export const freeTextMaxLimit = 4_000;
export const freeTextDefaultMax = 1_000;
/** The scale's points: 1 (its low end) to 5 (its high end). */
export const scalePoints = [1, 2, 3, 4, 5] as const;

/** Text in each language: a draft may lack one, publishing refuses it then. */
export interface LocalizedText {
  ja: string;
  "ja-easy": string;
  en: string;
}

const localized = (max: number, line: boolean) => {
  // A language left empty in a draft arrives as "" or not at all, and is stored as "".
  const text = z.preprocess((value) => (value === "" || value === null ? undefined : value), (line ? singleLineTextSchema(max) : freeTextSchema(max)).optional()).transform((value) => value ?? "");
  return z.object({ ja: text, "ja-easy": text, en: text });
};

/** An instant: a Date, or a string one parses. Absent is absent (asked for), not an invalid date (issue 55 defect 1). */
const instant = z.preprocess((value) => (typeof value === "string" ? new Date(value) : value), z.date());

const optionId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/);

export const QuestionDraftSchema = z
  .object({
    kind: z.enum(questionKinds),
    required: z.boolean().default(false),
    prompt: localized(questionPromptMax, false),
    /** Choices for single, multiple and ranked; the two ends' labels for a scale ("low", "high"); none for free text. */
    options: z.array(z.object({ id: optionId, label: localized(optionLabelMax, true) })).max(optionsMax).default([]),
    maxLength: z.number().int().min(1).max(freeTextMaxLimit).optional(),
  })
  .superRefine((question, ctx) => {
    const ids = question.options.map((option) => option.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: "custom", path: ["options"], message: "option ids must be unique" });
    if (question.kind === "scale" && (ids.length !== 2 || ids[0] !== "low" || ids[1] !== "high")) {
      ctx.addIssue({ code: "custom", path: ["options"], message: "a scale names its two ends, low and high" });
    }
    if ((question.kind === "single_choice" || question.kind === "multiple_choice" || question.kind === "ranked") && ids.length < 2) {
      ctx.addIssue({ code: "custom", path: ["options"], message: "a choice needs at least two options" });
    }
    if (question.kind === "free_text" && ids.length > 0) ctx.addIssue({ code: "custom", path: ["options"], message: "free text has no options" });
    if (question.kind !== "free_text" && question.maxLength !== undefined) ctx.addIssue({ code: "custom", path: ["maxLength"], message: "only free text has a length" });
  });
export type QuestionDraft = z.output<typeof QuestionDraftSchema>;

export const ConsultationDraftSchema = z
  .object({
    title: localized(consultationTitleMax, true),
    summary: localized(consultationSummaryMax, false),
    audiences: z.array(z.enum(consultationAudiences)).min(1).max(consultationAudiences.length),
    allowsProxy: z.boolean().default(false),
    opensAt: instant,
    closesAt: instant,
    questions: z.array(QuestionDraftSchema).max(questionsMax).default([]),
  })
  .superRefine((draft, ctx) => {
    if (!(draft.closesAt.getTime() > draft.opensAt.getTime())) ctx.addIssue({ code: "custom", path: ["closesAt"], message: "closes after it opens" });
    if (new Set(draft.audiences).size !== draft.audiences.length) ctx.addIssue({ code: "custom", path: ["audiences"], message: "each audience once" });
  });
export type ConsultationDraft = z.output<typeof ConsultationDraftSchema>;

export type ConsultationStatus = "draft" | "scheduled" | "open" | "closed";

/** Where a consultation stands at `now`: only its times and whether it was published decide, so no job has to run. */
export function consultationStatus(consultation: { publishedAt: Date | null; opensAt: Date; closesAt: Date }, now: Date): ConsultationStatus {
  if (consultation.publishedAt === null) return "draft";
  if (now.getTime() < consultation.opensAt.getTime()) return "scheduled";
  if (now.getTime() < consultation.closesAt.getTime()) return "open";
  return "closed";
}

/** The languages a published consultation must have in full: every title, summary, prompt and label. */
export function missingLanguages(draft: Pick<ConsultationDraft, "title" | "summary" | "questions">): SupportedLanguage[] {
  const languages: SupportedLanguage[] = ["ja", "ja-easy", "en"];
  return languages.filter(
    (language) =>
      draft.title[language].trim() === "" ||
      draft.summary[language].trim() === "" ||
      draft.questions.some((question) => question.prompt[language].trim() === "" || question.options.some((option) => option.label[language].trim() === "")),
  );
}

/** Who is looking: the roles of a signed-in account, or none for the public (signed out, or short of a second factor). */
export interface ConsultationViewer {
  userId: string;
  roles: readonly string[];
}

/** Which capacities an account may answer in, by its roles; the consultation's audiences decide which it uses. */
export function capacitiesOfRoles(roles: readonly string[], options: { allowsProxy?: boolean } = {}): ConsultationAudience[] {
  const capacities: ConsultationAudience[] = [];
  // A proxy (代諾者) answers in the participants' capacity, for the person they represent, only where the consultation
  // allows it (issue 28 item 2); a participant always answers as one.
  if (roles.includes("participant") || (options.allowsProxy !== false && roles.includes("proxy"))) capacities.push("participants");
  if (roles.includes("family")) capacities.push("families");
  if (roles.includes("panel_member")) capacities.push("panel");
  return capacities;
}

/**
 * The capacity an account answers a consultation in: the first of its own (participant, family, panel) the
 * consultation asks — a proxy's only where it allows proxies; undefined when it asks none of them — then, if the
 * public is asked, the person answers as the public does, with no account kept (ADR 059).
 */
export function accountCapacity(roles: readonly string[], consultation: { audiences: readonly ConsultationAudience[]; allowsProxy: boolean }): ConsultationAudience | undefined {
  return capacitiesOfRoles(roles, { allowsProxy: consultation.allowsProxy }).find((capacity) => consultation.audiences.includes(capacity));
}

/** Whether an account answers a consultation as a proxy, for the person it represents (not as a participant itself). */
export function answersAsProxy(roles: readonly string[], capacity: ConsultationAudience | undefined): boolean {
  return capacity === "participants" && !roles.includes("participant") && roles.includes("proxy");
}
