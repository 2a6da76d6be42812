import vocabulary from "./basic-vocabulary.json" with { type: "json" };
import { analyseWords, loadReadingAnalyser, type AnalysedWord } from "./reading-analyser.server";
import { easyJapaneseLimits, type EasyJapaneseAssessment, type LongSentence, type UnknownWord } from "./easy-japanese-assessment";
import { toHiragana } from "./reading-segments";

export type { EasyJapaneseAssessment, LongSentence, UnknownWord };
export { easyJapaneseLimits };

/** Every written form and reading of the shipped list (「会う あう」 gives 会う and あう). */
const basicWords: ReadonlySet<string> = new Set(vocabulary.entries.flatMap((entry) => entry.split(" ")));

// Words that carry grammar rather than meaning, and symbols and numbers: never "unknown vocabulary".
const grammarPartsOfSpeech = new Set(["助詞", "助動詞", "記号", "接頭詞", "フィラー", "その他"]);
const grammarDetails = new Set(["数", "非自立", "接尾", "代名詞"]);

function isVocabulary(word: AnalysedWord): boolean {
  if (grammarPartsOfSpeech.has(word.partOfSpeech) || grammarDetails.has(word.partOfSpeechDetail)) return false;
  // Digits, Latin letters and punctuation the dictionary did not classify.
  return /[\u3041-\u30FF\u3400-\u9FFF\u3005]/.test(word.surface);
}

function isBasic(word: AnalysedWord): boolean {
  return basicWords.has(word.basicForm) || basicWords.has(word.surface) || (word.reading !== undefined && basicWords.has(toHiragana(word.reading)));
}

const sentenceEnd = /(?<=[。！？!?])|\n+/;
const notCounted = /[\s、。，．,.！？!?「」『』（）()【】・…]/g;
const letter = /[\u3041-\u309F\u30A1-\u30FA\u3400-\u9FFF\u3005A-Za-z]/g;
const kanjiLetter = /[\u3400-\u9FFF\u3005]/g;

function excerptOf(sentence: string): string {
  const { excerptLength } = easyJapaneseLimits;
  return sentence.length > excerptLength ? `${sentence.slice(0, excerptLength)}…` : sentence;
}

/**
 * Advice for a やさしい日本語 text, found with the same analyser that gives the readings: sentences over the length
 * limit, the share of kanji, and content words outside the basic vocabulary. Pure over the text; loads the analyser
 * on first use.
 */
export async function assessEasyJapanese(text: string): Promise<EasyJapaneseAssessment> {
  await loadReadingAnalyser();
  const sentences = text
    .split(sentenceEnd)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.replace(notCounted, "") !== "");

  const longSentences: LongSentence[] = [];
  sentences.forEach((sentence, index) => {
    const length = [...sentence.replace(notCounted, "")].length;
    if (length > easyJapaneseLimits.sentenceLength) longSentences.push({ index, length, excerpt: excerptOf(sentence) });
  });

  const letters = text.match(letter)?.length ?? 0;
  const kanji = text.match(kanjiLetter)?.length ?? 0;
  const kanjiShare = letters === 0 ? 0 : kanji / letters;

  const unknown = new Map<string, UnknownWord>();
  for (const sentence of sentences) {
    for (const word of analyseWords(sentence)) {
      if (!isVocabulary(word) || isBasic(word)) continue;
      const seen = unknown.get(word.basicForm);
      if (seen) seen.count += 1;
      else unknown.set(word.basicForm, { word: word.basicForm, surface: word.surface, count: 1 });
    }
  }
  const unknownWords = [...unknown.values()].sort((a, b) => b.count - a.count);

  return { sentenceCount: sentences.length, longSentences, kanjiShare, kanjiShareAdvice: kanjiShare > easyJapaneseLimits.kanjiShare, unknownWords };
}
