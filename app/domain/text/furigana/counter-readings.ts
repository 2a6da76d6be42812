import type { ReadingSegment } from "./reading-segments";

// Counters after a number (2026年11月23日, 3人, 10分). The dictionary reads a counter kanji standing after digits as
// a word of its own — 月 as つき, so "11月" read "11つき" — and cannot know that 2日 is ふつか or 1人 ひとり. A reading
// that is wrong teaches the wrong word, which is worse than none: these are given by rule instead.

const digits = /^[0-9０-９]+$/;

/** One to ten written in kanji (一人, 二日, 十日): the whole reading must then carry the number's sound as well. */
const kanjiNumbers: Readonly<Record<string, number>> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 二十: 20 };

function numberOf(text: string): number {
  return kanjiNumbers[text] ?? Number(text.replace(/[０-９]/g, (digit) => String(digit.charCodeAt(0) - 0xff10)));
}

/** 日 after a number: the day of the month and the count of days share these; 1日 alone is いちにち (one day). */
const dayReadings: Readonly<Record<number, string>> = {
  2: "ふつか",
  3: "みっか",
  4: "よっか",
  5: "いつか",
  6: "むいか",
  7: "なのか",
  8: "ようか",
  9: "ここのか",
  10: "とおか",
  14: "じゅうよっか",
  20: "はつか",
  24: "にじゅうよっか",
};

/** Whole readings (number and counter together) where the number itself is read another way before the counter. */
function wholeReading(counter: string, value: number, afterMonth: boolean): string | undefined {
  switch (counter) {
    case "日":
      if (value === 1) return afterMonth ? "ついたち" : "いちにち";
      return dayReadings[value];
    case "人":
      return { 1: "ひとり", 2: "ふたり", 4: "よにん" }[value];
    case "月":
      return { 4: "しがつ", 7: "しちがつ", 9: "くがつ" }[value];
    case "時":
      return { 4: "よじ", 7: "しちじ", 9: "くじ" }[value];
    case "年":
      return { 4: "よねん" }[value];
    default:
      return undefined;
  }
}

/**
 * Counts in kanji whose number changes its sound before the counter, which the analyser reads digit by digit
 * (一回 as いちかい). After digits the reader says the number and only the counter needs its reading (1回 かい).
 */
function kanjiCountReading(counter: string, value: number): string | undefined {
  switch (counter) {
    case "回":
      return { 1: "いっかい", 6: "ろっかい", 8: "はっかい", 10: "じゅっかい" }[value];
    default:
      return undefined;
  }
}

/** The counter's own reading after any other number (the digits stay plain: a reader says them as usual). */
function counterReading(counter: string, value: number): string | undefined {
  switch (counter) {
    case "年":
      return "ねん";
    case "月":
      return "がつ";
    case "日":
      return "にち";
    case "時":
      return "じ";
    case "人":
      return "にん";
    case "分":
      // 1, 3, 4, 6, 8 and 10 (and so every multiple of ten) take ぷん.
      return [0, 1, 3, 4, 6, 8].includes(value % 10) ? "ぷん" : "ふん";
    default:
      return undefined;
  }
}

/** Counters the dictionary joins with 間 into one word (2日間, 3時間, 10年間, 5分間): read as the counter, then かん. */
const spanCounters = new Set(["日", "時", "年", "分"]);

/**
 * Segments for a number and the counter word after it (日, or 日間 and its kin), or undefined when the word is not
 * one of the counters read here (the analyser's reading then stands: 回, 件, 歳, 週間 and か月 it reads right).
 */
export function numberWithCounterSegments(number: string, word: string, afterMonth: boolean): ReadingSegment[] | undefined {
  const inKanji = number in kanjiNumbers;
  if (!digits.test(number) && !inKanji) return undefined;
  const span = word.length === 2 && word.endsWith("間") && spanCounters.has(word[0]!);
  const counter = span ? word[0]! : word;
  const value = numberOf(number);
  const whole = wholeReading(counter, value, afterMonth && !span) ?? (inKanji ? kanjiCountReading(counter, value) : undefined);
  // A number in kanji is read by the analyser (三人 さんにん) unless its sound changes before the counter.
  if (inKanji && !whole) return undefined;
  const reading = whole ? undefined : counterReading(counter, value);
  if (!whole && !reading) return undefined;
  const counted: ReadingSegment[] = whole ? [{ base: number + counter, reading: whole }] : [{ base: number }, { base: counter, reading: reading! }];
  return span ? [...counted, { base: "間", reading: "かん" }] : counted;
}
