import { z } from "zod";
import { markdownRefusalIn } from "../updates";
import { ConsultationDraftSchema, type ConsultationDraft } from "./consultation-model";
import { instantOfJapanTime } from "../time";

/**
 * The staff editor's form (issue 28; ADR 059), read into a `ConsultationDraft`. Pure, shared by the new and edit
 * pages. The form works without JavaScript: it shows the questions there are plus one empty slot, each question with
 * its option slots plus two empty ones; a slot left empty (no kind chosen, or an option with no text) is dropped, and
 * so is a question ticked "remove". Choice options without an id get one by position; a scale's two options are its
 * ends (`low`, `high`). Times are `datetime-local` values, read as Japan time (as programme updates read them).
 * Refusals name the slot as the form shows it, so each error sits under its field.
 */
export const editorIntents = ["save", "add_question"] as const;

const localPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** A `datetime-local` value (minutes) as Japan time; anything else is left for the draft schema to refuse. */
export function japanTime(value: unknown): unknown {
  if (typeof value !== "string" || value === "") return undefined;
  if (!localPattern.test(value)) return "not a date";
  const check = new Date(`${value}:00Z`);
  if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 16) !== value) return "not a date";
  return instantOfJapanTime(value);
}

/** A time as the `datetime-local` input shows it, in Japan time. */
export function japanLocalValue(date: Date | string): string {
  return new Date(new Date(date).getTime() + 9 * 3600_000).toISOString().slice(0, 16);
}

type Raw = Record<string, unknown>;
const record = (value: unknown): Raw => (value && typeof value === "object" && !Array.isArray(value) ? (value as Raw) : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined || value === null || value === "" ? [] : [value]);
const blank = (value: unknown) => value === undefined || value === null || (typeof value === "string" && value.trim() === "");
const localizedBlank = (value: unknown) => ["ja", "ja-easy", "en"].every((language) => blank(record(value)[language]));
const checked = (value: unknown) => value === "on" || value === true || value === "true";

interface SlotMap {
  question: number;
  options: number[];
}

function readQuestions(raw: unknown): { questions: unknown[]; slots: SlotMap[] } {
  const questions: unknown[] = [];
  const slots: SlotMap[] = [];
  list(raw).forEach((slotValue, index) => {
    const slot = record(slotValue);
    if (blank(slot.kind) || checked(slot.remove)) return;
    const kind = slot.kind;
    const options: unknown[] = [];
    const optionSlots: number[] = [];
    if (kind !== "free_text") {
      list(slot.options).forEach((optionValue, optionIndex) => {
        const option = record(optionValue);
        if (blank(option.id) && localizedBlank(option.label)) return;
        options.push({ id: blank(option.id) ? `o${optionIndex + 1}` : option.id, label: record(option.label) });
        optionSlots.push(optionIndex);
      });
      if (kind === "scale") options.forEach((option, position) => Object.assign(option as Raw, { id: position === 0 ? "low" : position === 1 ? "high" : `extra${position}` }));
    }
    const maxLength = kind === "free_text" && !blank(slot.maxLength) ? Number(slot.maxLength) : undefined;
    questions.push({ kind, required: checked(slot.required), prompt: record(slot.prompt), options, maxLength });
    slots.push({ question: index, options: optionSlots });
  });
  return { questions, slots };
}

/** The value at `path` in what was parsed, so a passed-on issue reads as the field's own (blank is "required"). */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) value = value && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/**
 * Passes an inner schema's issue on, without its message (the form's error map says it in the reader's language) and
 * with the field's own value: zod's `addIssue` would otherwise take the whole form for it, and a blank required field
 * would read "check what you entered" instead of "please fill this in" (issue 55 defect 1).
 */
function passOn(ctx: z.RefinementCtx, issue: z.core.$ZodIssue, root: unknown, path: PropertyKey[] = [...issue.path]) {
  const { message: _message, path: _path, ...rest } = issue;
  ctx.addIssue({ ...(rest as z.core.$ZodRawIssue), path, input: valueAt(root, issue.path) } as never);
}

/** The path of an issue in the draft, as the form names the field. */
function formPath(path: readonly PropertyKey[], slots: SlotMap[]): PropertyKey[] {
  if (path[0] !== "questions" || typeof path[1] !== "number") return [...path];
  const slot = slots[path[1]];
  if (!slot) return ["questions"];
  const rest = path.slice(2);
  if (rest[0] === "options" && typeof rest[1] === "number") return ["questions", slot.question, "options", slot.options[rest[1]] ?? 0, ...rest.slice(2)];
  return ["questions", slot.question, ...rest];
}

const ConsultationEditorSchema = z.unknown().transform((value, ctx): { intent: (typeof editorIntents)[number]; version?: number; draft: ConsultationDraft } => {
  const raw = record(value);
  const intent = raw.intent === undefined ? "save" : raw.intent;
  if (!(editorIntents as readonly unknown[]).includes(intent)) {
    ctx.addIssue({ code: "invalid_value", values: [...editorIntents], path: ["intent"], input: intent });
    return z.NEVER;
  }
  let version: number | undefined;
  if (raw.version !== undefined) {
    version = Number(raw.version);
    if (!Number.isSafeInteger(version) || version < 1) {
      ctx.addIssue({ code: "custom", path: ["version"], input: raw.version });
      return z.NEVER;
    }
  }
  const { questions, slots } = readQuestions(raw.questions);
  const draft = {
    title: record(raw.title),
    summary: record(raw.summary),
    audiences: list(raw.audiences),
    allowsProxy: raw.allowsProxy === "on" || raw.allowsProxy === "true",
    opensAt: japanTime(raw.opensAt),
    closesAt: japanTime(raw.closesAt),
    questions,
  };
  const parsed = ConsultationDraftSchema.safeParse(draft);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) passOn(ctx, issue, draft, formPath(issue.path, slots));
    return z.NEVER;
  }
  // The summary is Markdown by the programme updates' rules: no HTML, no images, only safe links.
  let refused = false;
  for (const language of ["ja", "ja-easy", "en"] as const) {
    const refusal = parsed.data.summary[language] ? markdownRefusalIn(parsed.data.summary[language]) : null;
    if (refusal) {
      refused = true;
      ctx.addIssue({ code: "custom", path: ["summary", language], params: { reason: refusal }, input: parsed.data.summary[language] });
    }
  }
  if (refused) return z.NEVER;
  return { intent: intent as (typeof editorIntents)[number], version, draft: parsed.data };
});

export { ConsultationEditorSchema };

/** A draft's questions as the form's slots show them, for the page's default values. */
export interface EditorQuestionSlot {
  kind: string;
  required: boolean;
  prompt: { ja: string; "ja-easy": string; en: string };
  options: { id: string; label: { ja: string; "ja-easy": string; en: string } }[];
  maxLength: string;
}

/** Publishing from the editor's page: the version the page showed, and the confirmation ticked. */
const PublishSchema = z.object({
  intent: z.literal("publish"),
  version: z.coerce.number().int().positive(),
  confirm: z.literal("yes"),
});

type EditorValue = z.output<typeof ConsultationEditorSchema>;
type PublishValue = z.output<typeof PublishSchema>;

/** The editor page's one form schema: publishing, or saving the draft (`save`, `add_question`), by the intent. */
export const ConsultationPageSchema = z.unknown().transform((value, ctx): EditorValue | PublishValue => {
  const schema = record(value).intent === "publish" ? PublishSchema : ConsultationEditorSchema;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) passOn(ctx, issue, value);
  return z.NEVER;
});
