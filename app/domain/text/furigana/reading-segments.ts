import type { ReadingSegment } from "@tsunagi/furigana-jsx/furigana";

export type { ReadingSegment };

// Kanji (CJK Unified Ideographs and Extension A), 々 (repeat mark) and ヶ (as in 一ヶ月): the characters a reading is
// given for. The same test as the JSX runtime's, plus ヶ, which never stands alone in a string worth annotating.
const kanjiCharacter = /[\u3400-\u9FFF\u3005\u30F6]/;

export function containsKanji(text: string): boolean {
  return kanjiCharacter.test(text);
}

/** Katakana to hiragana (ヴ, ヵ, ヶ included); the long-vowel mark and everything else unchanged. */
export function toHiragana(text: string): string {
  return text.replace(/[\u30A1-\u30F6]/g, (character) => String.fromCharCode(character.charCodeAt(0) - 0x60));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * One word as segments, with the okurigana split off so that a reading stands over its kanji only: 読む (よむ) is
 * 読[よ] and む; 取り扱い (とりあつかい) is 取[と] り 扱[あつか] い. The word's kana must appear in the reading in
 * order; when they do not (an irregular reading, digits in the word), the whole word carries the whole reading.
 */
export function wordSegments(surface: string, reading: string | undefined): ReadingSegment[] {
  const hiraganaReading = reading ? toHiragana(reading) : "";
  // Spaces are kept where the surface has them: a name's words and their registered readings (山田 三子, やまだ みつこ).
  if (!containsKanji(surface) || !hiraganaReading || hiraganaReading === "*" || !/^[\u3041-\u309F\u30FC \u3000]+$/.test(hiraganaReading)) {
    return [{ base: surface }];
  }
  const runs = surface.match(/[\u3400-\u9FFF\u3005\u30F6]+|[^\u3400-\u9FFF\u3005\u30F6]+/g) ?? [surface];
  const pattern = new RegExp(`^${runs.map((run) => (containsKanji(run) ? "(.+?)" : `(${escapeRegExp(toHiragana(run))})`)).join("")}$`);
  const match = pattern.exec(hiraganaReading);
  if (!match) return [{ base: surface, reading: hiraganaReading }];
  return runs.map((run, index) => (containsKanji(run) ? { base: run, reading: match[index + 1]! } : { base: run }));
}

/**
 * Joins neighbouring segments into as few pieces as the text allows: plain pieces into one text node, and readings
 * that stand side by side into one ruby over the whole compound. The dictionary cuts a compound into its words
 * (個人情報 as 個人 and 情報, 利用申請 as 利用 and 申請, 2日間 as 2日 and 間); drawn as two <ruby>, each centred over
 * its reading, they leave a gap in the middle of the word wherever a reading is wider than its kanji, which at 60 %
 * size most two-kanji readings are (せつめい: 2.4 em over 2 em). One ruby keeps the compound's letters together.
 * Okurigana (the り and い of 取り扱い) and anything else plain keep the readings apart, as they must, and so does a
 * number read with its counter (11月 and 1日 of 11月1日: がつ, ついたち), which is a word of its own.
 */
export function mergeSegments(segments: readonly ReadingSegment[]): ReadingSegment[] {
  const merged: ReadingSegment[] = [];
  for (const segment of segments) {
    if (segment.base === "") continue;
    const last = merged[merged.length - 1];
    if (last && !last.reading && !segment.reading) merged[merged.length - 1] = { base: last.base + segment.base };
    else if (last?.reading && segment.reading && containsKanji(last.base.slice(-1)) && containsKanji(segment.base[0]!)) {
      merged[merged.length - 1] = { base: last.base + segment.base, reading: last.reading + segment.reading };
    } else merged.push(segment.reading ? { base: segment.base, reading: segment.reading } : { base: segment.base });
  }
  return merged;
}
