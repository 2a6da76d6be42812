import type { ReadingCorrections } from "@tsunagi/furigana-jsx/furigana";
import { containsKanji, toHiragana } from "./reading-segments";

/** A person's name as written, and the reading they registered for it (ふりがな, in kana), if any. */
export interface NamedPerson {
  name: string;
  reading?: string | null;
}

const space = /[\s\u3000]+/;
const kanaOnly = /^[\u3041-\u309F\u30FC]+$/;

/** The registered reading's words in hiragana, or null when it is missing or holds anything but kana and spaces. */
function readingWords(reading: string | null | undefined): string[] | null {
  const words = toHiragana((reading ?? "").normalize("NFKC")).trim().split(space).filter(Boolean);
  return words.length > 0 && words.every((word) => kanaOnly.test(word)) ? words : null;
}

/**
 * The one place that gives a name its reading (ADR 123): reading corrections for the names a page may show, to be
 * applied over the page (`FuriganaCorrections`) so that a name is read the same wherever it is drawn — on its own, or
 * inside a sentence such as "山田 三子さん、こんにちは".
 *
 * A registered reading wins over the dictionary: the whole name (as written, and with its words joined by a half-width
 * space, a full-width space or nothing, as a signer may type it) and each word of two or more characters (a greeting
 * may use one) get the registered words. A name without a registered reading gets an empty reading, which the analyser
 * draws plain: a dictionary guesses names (三子 as みつご, "triplets"), and a wrong reading over someone's own name is
 * worse than none. A single-character word is not given on its own (誠 would then be read まこと inside 誠実).
 * Where two people share a written name, the first registered reading wins; a registered reading wins over none.
 */
export function nameReadingCorrections(people: readonly NamedPerson[]): ReadingCorrections {
  const corrections: Record<string, string> = {};
  const give = (surface: string, reading: string) => {
    if (!containsKanji(surface)) return;
    const known = corrections[surface];
    if (known === undefined || (known === "" && reading !== "")) corrections[surface] = reading;
  };
  for (const person of people) {
    const name = person.name.normalize("NFC").trim();
    if (!containsKanji(name)) continue;
    const nameWords = name.split(space).filter(Boolean);
    const readings = readingWords(person.reading);
    const wordByWord = readings !== null && readings.length === nameWords.length;
    for (const separator of [" ", "\u3000", ""]) {
      const written = nameWords.join(separator);
      if (readings === null) give(written, "");
      else give(written, wordByWord ? readings.join(separator) : readings.join(""));
    }
    if (name !== nameWords.join(" ")) give(name, readings === null ? "" : readings.join(""));
    nameWords.forEach((word, index) => {
      if ([...word].length < 2) return;
      if (readings === null) give(word, "");
      else if (wordByWord) give(word, readings[index]!);
    });
  }
  return corrections;
}
