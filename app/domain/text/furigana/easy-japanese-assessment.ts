// The readability check's answer, in a plain module so that pages (app/components) can take its types; the check
// itself is assess-easy-japanese.server.ts. Thresholds and their sources: docs/decisions/037-furigana-for-easy-japanese.md.

export const easyJapaneseLimits = {
  /** Characters in one sentence, punctuation and spaces not counted: about 24 aimed at, 30 not to be passed. */
  sentenceLength: 30,
  /** Share of kanji among the letters (kanji, kana, Latin letters) of the whole text. */
  kanjiShare: 0.2,
  /** How long an excerpt of a long sentence the author is shown. */
  excerptLength: 40,
} as const;

export interface LongSentence {
  /** 0-based position of the sentence in the text. */
  index: number;
  /** Its length in characters, as counted against the limit. */
  length: number;
  /** Its opening, cut to `excerptLength` characters with "…". */
  excerpt: string;
}

export interface UnknownWord {
  /** The word in its dictionary form (使い → 使う), as the author would look it up. */
  word: string;
  /** How it first appears in the text. */
  surface: string;
  count: number;
}

/** Advice shown to an author before publishing a やさしい日本語 text; never a block. */
export interface EasyJapaneseAssessment {
  sentenceCount: number;
  /** Sentences over `easyJapaneseLimits.sentenceLength`, in text order. */
  longSentences: LongSentence[];
  /** Kanji among the letters, 0..1 (0 for a text with no letters). */
  kanjiShare: number;
  /** True when `kanjiShare` is over `easyJapaneseLimits.kanjiShare`: suggest kana for some words. */
  kanjiShareAdvice: boolean;
  /** Content words not in the shipped basic vocabulary (JLPT N5/N4 level), most frequent first. */
  unknownWords: UnknownWord[];
}
