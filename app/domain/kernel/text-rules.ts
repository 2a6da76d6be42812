import { z } from "zod";
import { normalizeTyped } from "./typed-input";

/**
 * What may be typed into a text field, and why not, in one place (ADR 021). Each refusal is a zod "custom" issue
 * whose `params.reason` names a sentence in locales/<lang>/errors.json ("field.<reason>"), with the offending
 * character and its code point, so every form says what is wrong and how to fix it (app/forms/form-error-map.ts).
 * Pure and free of Node APIs: the same rules run on the server and, where a form validates early, in the browser.
 */

/** The reasons a text is refused; each is a key under "field" in errors.json, in every language. */
export const textRefusalReasons = [
  "controlCharacter",
  "brokenCharacter",
  "directionControl",
  "invisibleCharacter",
  "nameCharacter",
  "nameStart",
  "kanaCharacter",
  "tooLongText",
  "phoneFormat",
  "recordNumberFormat",
  "dateNotReal",
  "dateTooEarly",
  "dateInFuture",
  "invitationCodeShape",
  "sixDigitCode",
  "recoveryCodeShape",
  // A country typed as neither a two-letter code nor a name the runtime knows (typed-input.ts; issue 55 defect 9)
  "countryName",
  // Programme updates (ADR 038): what an update's Markdown may not hold (app/domain/updates/staff-markdown.ts)
  "markdownHtml",
  "markdownImage",
  "markdownLink",
  "publishAtRange",
  // A link typed into a field of its own (a report's decision link): the one link rule (link-rule.ts; ADR 116)
  "linkTarget",
  // Data-access applications (issue 15): a typed list of codes
  "diseaseList",
  "datasetList",
] as const;
export type TextRefusalReason = (typeof textRefusalReasons)[number];

export function isTextRefusalReason(value: unknown): value is TextRefusalReason {
  return typeof value === "string" && (textRefusalReasons as readonly string[]).includes(value);
}

/** `U+202E`: how a character that cannot be shown safely is named, on the page and in messages. */
export function codePointLabel(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Characters that change the order in which the text around them is displayed: embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069) and the marks (U+200E, U+200F, U+061C). Shown to staff as visible markers
 * (app/components/user-text.tsx); the ones that reorder whole runs are also refused in new text.
 */
export const directionControlPattern = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const reorderingControlPattern = /[\u202A-\u202E\u2066-\u2069]/u;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Walks code points, not UTF-16 units, so 𠮷 (U+20BB7) is one character and half of it is caught as such. */
export function* codePointsOf(value: string): Generator<{ character: string; codePoint: number; unpaired: boolean }> {
  for (let index = 0; index < value.length; index += 1) {
    const unit = value.charCodeAt(index);
    if (isHighSurrogate(unit) && index + 1 < value.length && isLowSurrogate(value.charCodeAt(index + 1))) {
      const character = value.slice(index, index + 2);
      yield { character, codePoint: character.codePointAt(0)!, unpaired: false };
      index += 1;
      continue;
    }
    yield { character: value[index]!, codePoint: unit, unpaired: isHighSurrogate(unit) || isLowSurrogate(unit) };
  }
}

/** Length as a reader counts it: code points, so a limit of 100 allows 100 𠮷, not 50. */
export function characterCount(value: string): number {
  let count = 0;
  for (const _ of codePointsOf(value)) count += 1;
  return count;
}

/** The first `max` characters of `value`, never half of a surrogate pair (a half reaching the page is a hydration mismatch). */
export function firstCharacters(value: string, max: number): string {
  let out = "";
  let count = 0;
  for (const { character } of codePointsOf(value)) {
    if (count === max) break;
    out += character;
    count += 1;
  }
  return out;
}

/**
 * Text typed by someone, cut to `max` characters and made safe to show back in a form: each half of a surrogate pair
 * becomes U+FFFD, as the page's UTF-8 bytes would carry it, so the server's HTML and the browser's data agree.
 */
export function echoedText(value: string, max: number): string {
  let out = "";
  for (const { character, unpaired } of codePointsOf(firstCharacters(value, max))) out += unpaired ? "\uFFFD" : character;
  return out;
}

export interface TextRefusal {
  reason: TextRefusalReason;
  /** The character itself, only where showing it is harmless (a visible letter, symbol or emoji). */
  character?: string;
  codePoint?: string;
}

const controlPattern = /[\p{Cc}]/u;
// Format characters (zero-width space, word joiner…) and unassigned or private-use code points: invisible or
// meaningless in a name, and a way to make two names look alike.
const invisiblePattern = /[\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u;

/**
 * The first character no text field may hold: control characters other than line breaks and tabs (PostgreSQL
 * refuses NUL; the rest come only from a broken or hostile client), halves of a surrogate pair and U+FFFD (what
 * a browser sends for them), and the controls that reorder text so it would read differently from what was typed.
 */
export function unsafeCharacterIn(value: string, options: { allowLineBreaks?: boolean } = {}): TextRefusal | null {
  for (const { character, codePoint, unpaired } of codePointsOf(value)) {
    if (unpaired || codePoint === 0xfffd) return { reason: "brokenCharacter", codePoint: codePointLabel(codePoint) };
    if (controlPattern.test(character)) {
      if (options.allowLineBreaks && (character === "\n" || character === "\r" || character === "\t")) continue;
      return { reason: "controlCharacter", codePoint: codePointLabel(codePoint) };
    }
    if (reorderingControlPattern.test(character)) return { reason: "directionControl", codePoint: codePointLabel(codePoint) };
  }
  return null;
}

function refuse(ctx: z.RefinementCtx, refusal: TextRefusal, extra: Record<string, unknown> = {}) {
  ctx.addIssue({ code: "custom", params: { ...refusal, ...extra } });
}

/** Trimmed, NFC-normalised text (so "が" typed as か + ゛ is stored once, as typed on screen), not empty, at most `max` characters. */
function text(max: number, options: { allowLineBreaks: boolean }) {
  return z
    .string()
    .transform((value) => value.trim().normalize("NFC"))
    .superRefine((value, ctx) => {
      if (value.length === 0) {
        // An "invalid_type" issue on an absent value reads as "please fill this in" (form-error-map.ts).
        ctx.addIssue({ code: "invalid_type", expected: "string", input: undefined });
        return;
      }
      const unsafe = unsafeCharacterIn(value, options);
      if (unsafe) return refuse(ctx, unsafe);
      const length = characterCount(value);
      if (length > max) refuse(ctx, { reason: "tooLongText" }, { max, length });
    });
}

/** Free text a person writes to another (questions, answers): line breaks allowed, emoji and any script too. */
export function freeTextSchema(max: number) {
  return text(max, { allowLineBreaks: true });
}

/** A short label someone gives a thing (a passkey's name): one line, any script and emoji, nothing that breaks or reorders it. */
export function singleLineTextSchema(max: number) {
  return text(max, { allowLineBreaks: false });
}

/** The first character of `value` that `allowed` refuses, named safely. */
function firstOutside(value: string, allowed: RegExp): TextRefusal | null {
  for (const { character, codePoint } of codePointsOf(value)) {
    if (allowed.test(character)) continue;
    if (invisiblePattern.test(character) || /\p{Z}/u.test(character)) return { reason: "invisibleCharacter", codePoint: codePointLabel(codePoint) };
    return { reason: "nameCharacter", character, codePoint: codePointLabel(codePoint) };
  }
  return null;
}

// Letters of any script (𠮷, 髙, 﨑 and 𡈽 included: they are letters outside the Basic Multilingual Plane or
// compatibility ideographs), combining marks (variation selectors, for the exact glyph of a family name), spaces
// and the punctuation real names use (・ ー ' . -). Digits, brackets, emoji and symbols are a typing slip or an
// attack, never a name.
const nameCharacter = /^[\p{L}\p{M}\p{Zs}・ー'’.-]$/u;
const nameStart = /^[\p{L}]/u;
const kanaCharacter = /^[\p{Script=Hiragana}\p{Script=Katakana}A-Za-z\p{M}\p{Zs}・ー'’.-]$/u;
const kanaStart = /^[\p{Script=Hiragana}\p{Script=Katakana}A-Za-z]/u;

/** A person's name as the clinic records it. */
export function personNameSchema(max = 100) {
  return text(max, { allowLineBreaks: false }).superRefine((value, ctx) => {
    if (value.length === 0 || unsafeCharacterIn(value)) return;
    const outside = firstOutside(value, nameCharacter);
    if (outside) return refuse(ctx, outside);
    if (!nameStart.test(value)) refuse(ctx, { reason: "nameStart" });
  });
}

/** The reading of a name (ふりがな): kana or Latin letters. */
export function nameReadingSchema(max = 100) {
  return text(max, { allowLineBreaks: false }).superRefine((value, ctx) => {
    if (value.length === 0 || unsafeCharacterIn(value)) return;
    const outside = firstOutside(value, kanaCharacter);
    if (outside) return refuse(ctx, outside.reason === "nameCharacter" ? { ...outside, reason: "kanaCharacter" } : outside);
    if (!kanaStart.test(value)) refuse(ctx, { reason: "nameStart" });
  });
}

/** A refinement that, when `check` fails, refuses with `reason` (a sentence in errors.json). */
export function refusedAs(reason: TextRefusalReason, params: Record<string, unknown> = {}) {
  return { params: { reason, ...params } };
}

/** Full-width digits and letters folded, spaces and dashes dropped: how a typed code is read before its shape is judged (typed-input.ts). */
export function compactCode(value: string): string {
  return normalizeTyped(value, "code");
}

/** A six-digit one-time code (mailed, or from an authenticator app), normalised to its digits. */
export function sixDigitCodeSchema() {
  return z
    .string()
    .transform(compactCode)
    .refine((value) => /^\d{6}$/.test(value), refusedAs("sixDigitCode"));
}
