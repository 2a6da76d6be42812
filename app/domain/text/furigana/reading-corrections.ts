import { z } from "zod";
import type { ReadingCorrections } from "@tsunagi/furigana-jsx/furigana";
import { containsKanji, toHiragana } from "./reading-segments";

export type { ReadingCorrections };

/** How many corrections one text may carry, and how long each side may be (a word, not a sentence). */
export const readingCorrectionLimits = { entries: 50, surfaceLength: 20, readingLength: 40 } as const;

/**
 * An author's corrected readings for one update: the written word (holding a kanji) → its reading in kana
 * (katakana is stored as hiragana). Used where the analyser reads a word wrongly, e.g. a name or 日本 as にほん.
 */
export const ReadingCorrectionsSchema = z
  .record(
    z.string().trim().min(1).max(readingCorrectionLimits.surfaceLength).refine(containsKanji, { message: "reading_correction_no_kanji" }),
    z
      .string()
      .trim()
      .min(1)
      .max(readingCorrectionLimits.readingLength)
      .transform(toHiragana)
      .refine((reading) => /^[\u3041-\u309F\u30FC]+$/.test(reading), { message: "reading_correction_not_kana" }),
  )
  .refine((record) => Object.keys(record).length <= readingCorrectionLimits.entries, { message: "reading_corrections_too_many" });

/**
 * Corrections typed one per line as `word=reading` (also `word＝reading` or `word reading`), blank lines ignored.
 * Returns null for a line that is not of that shape; the caller turns it into a translated form error.
 */
export function parseReadingCorrectionLines(text: string): ReadingCorrections | null {
  const entries: [string, string][] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === "") continue;
    const match = /^(\S+?)\s*[=＝\s]\s*(\S+)$/.exec(trimmed);
    if (!match) return null;
    entries.push([match[1]!, match[2]!]);
  }
  const parsed = ReadingCorrectionsSchema.safeParse(Object.fromEntries(entries));
  return parsed.success ? parsed.data : null;
}
