import { createRequire } from "node:module";
import path from "node:path";
import { TokenizerBuilder, type IpadicFeatures } from "@patdx/kuromoji";
import NodeDictionaryLoader from "@patdx/kuromoji/node";
import { readingKey, type ReadingCorrections } from "@tsunagi/furigana-jsx/furigana";
import { LRUCache } from "lru-cache";
import { mergeSegments, wordSegments, type ReadingSegment } from "./reading-segments";
import { numberWithCounterSegments } from "./counter-readings";

/** One word as the analyser found it: as written, its dictionary form, its part of speech and reading (katakana). */
export interface AnalysedWord {
  surface: string;
  /** The dictionary form (読み → 読む); the surface for words the dictionary does not know. */
  basicForm: string;
  /** 名詞, 動詞, 助詞, 記号, … (IPADIC's first level). */
  partOfSpeech: string;
  /** IPADIC's second level: 数, 固有名詞, 非自立, 接尾, … ("*" where none). */
  partOfSpeechDetail: string;
  /** Katakana; undefined for words the dictionary does not know. */
  reading: string | undefined;
  /** A family or given name (IPADIC's 固有名詞 / 人名): its reading is the person's own, which a dictionary guesses. */
  personName: boolean;
}

type Tokenize = (text: string) => readonly AnalysedWord[];

function wordOf(token: IpadicFeatures): AnalysedWord {
  const known = token.word_type === "KNOWN";
  return {
    surface: token.surface_form,
    basicForm: known && token.basic_form && token.basic_form !== "*" ? token.basic_form : token.surface_form,
    partOfSpeech: token.pos,
    partOfSpeechDetail: token.pos_detail_1,
    reading: known && token.reading && token.reading !== "*" ? token.reading : undefined,
    personName: token.pos_detail_1 === "固有名詞" && token.pos_detail_2 === "人名",
  };
}

// The IPADIC dictionary ships inside the package (about 18 MB gzipped; some 180 MB once loaded): nothing is fetched at
// run time. Its folder is found through Node's resolution from this module, which holds under Vite's SSR build (the
// package stays external), Vitest and tsx alike. The package exports no ./package.json, so its entry is resolved.
function dictionaryFolder(): string {
  const entry = createRequire(import.meta.url).resolve("@patdx/kuromoji");
  return path.join(path.dirname(entry), "..", "dict");
}

/**
 * The dictionary's tokenizer is kept on the process, not in this module: it is the same data for every instance of the
 * module a process may hold (the app's build loaded afresh by each test file that serves it, each test file's own modules
 * under Vitest, the dev server's reloads), and each load cost about a second of CPU and some 300 MB (ADR 175). Only the
 * library's object is shared; what this module makes of it is its own, so an edited module takes effect on reload.
 */
type Kuromoji = Awaited<ReturnType<TokenizerBuilder["build"]>>;
const shared = ((globalThis as { [key: symbol]: unknown })[Symbol.for("tsunagi.kuromoji-ipadic")] ??= {}) as { loading?: Promise<Kuromoji> };

let loading: Promise<Tokenize> | undefined;
let tokenize: Tokenize | undefined;

/**
 * Loads the analyser once per process (about a second): the first やさしい日本語 page waits for it, later ones do
 * not. A failed load is forgotten so the next call tries again.
 */
export function loadReadingAnalyser(): Promise<void> {
  if (tokenize) return Promise.resolve();
  shared.loading ??= new TokenizerBuilder({ loader: new NodeDictionaryLoader({ dic_path: dictionaryFolder() }) })
    .build()
    .catch((error: unknown) => {
      shared.loading = undefined;
      throw error;
    });
  loading ??= shared.loading
    .then((tokenizer) => {
      tokenize = (text) => tokenizer.tokenize(text).map(wordOf);
      return tokenize;
    })
    .catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
  return loading.then(() => undefined);
}

export function readingAnalyserLoaded(): boolean {
  return tokenize !== undefined;
}

function loadedTokenizer(): Tokenize {
  if (!tokenize) throw new Error("The reading analyser is not loaded: await loadReadingAnalyser() first");
  return tokenize;
}

/** The words of a text, in order (the readability check reads these). */
export function analyseWords(text: string): readonly AnalysedWord[] {
  return loadedTokenizer()(text);
}

export interface ReadingSegmenterOptions {
  tokenize: Tokenize;
  /** Most texts kept. */
  maxEntries: number;
  /** Most characters of text kept, counted over the keys. */
  maxCharacters: number;
}

export interface ReadingSegmenter {
  segments(text: string, corrections?: ReadingCorrections): readonly ReadingSegment[];
  readonly cachedTexts: number;
}

/** Splits `text` at every corrected word (longest first), so a correction wins wherever its word appears. */
function splitAtCorrections(text: string, corrections: ReadingCorrections): { text: string; reading?: string }[] {
  const surfaces = Object.keys(corrections)
    .filter((surface) => surface !== "" && text.includes(surface))
    .sort((a, b) => b.length - a.length);
  if (surfaces.length === 0) return [{ text }];
  const pattern = new RegExp(surfaces.map((surface) => surface.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
  const pieces: { text: string; reading?: string }[] = [];
  let from = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > from) pieces.push({ text: text.slice(from, match.index) });
    pieces.push({ text: match[0], reading: corrections[match[0]] });
    from = match.index + match[0].length;
  }
  if (from < text.length) pieces.push({ text: text.slice(from) });
  return pieces;
}

const isDigits = (text: string) => /^[0-9０-９]+$/.test(text);
/** Digits, or a number the analyser found written in kanji (一 of 一人, 二 and 十 of 二十日). */
const isNumeral = (word: AnalysedWord | undefined) =>
  word !== undefined && (isDigits(word.surface) || (word.partOfSpeechDetail === "数" && /^[一二三四五六七八九十]+$/.test(word.surface)));

/** The analyser's words as segments; a number and the counter after it (11月, 2日, 3人, 一人) read by rule. */
function segmentsOfWords(words: readonly AnalysedWord[]): ReadingSegment[] {
  const segments: ReadingSegment[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    // The analyser may cut a number into digits (全角 ２０ as ２ and ０, 二十 as 二 and 十): the number is the whole run.
    let last = index;
    while (isNumeral(words[last]) && isNumeral(words[last + 1])) last++;
    const number = words.slice(index, last + 1).map((part) => part.surface).join("");
    const next = words[last + 1];
    // 1日 after a month (4月1日, 四月一日, 毎月1日) is the first of it.
    const afterMonth = words[index - 1]?.surface.endsWith("月") ?? false;
    const counted = next && isNumeral(word) && numberWithCounterSegments(number, next.surface, afterMonth);
    if (counted) {
      segments.push(...counted);
      index = last + 1;
    } else {
      // A name is read as its bearer says it (a participant gives their ふりがな at enrolment); a guess is left out.
      segments.push(...wordSegments(word.surface, word.personName ? undefined : word.reading));
    }
  }
  return segments;
}

/**
 * Segments with a bounded LRU cache in front: a page's strings (headings, buttons, the consent form's sections) repeat
 * across requests, and the cache bounds what a flood of distinct texts can hold.
 */
export function createReadingSegmenter(options: ReadingSegmenterOptions): ReadingSegmenter {
  const cache = new LRUCache<string, readonly ReadingSegment[]>({
    max: options.maxEntries,
    maxSize: options.maxCharacters,
    sizeCalculation: (_segments, key) => Math.max(1, key.length),
  });
  function analyse(text: string, corrections: ReadingCorrections | undefined): ReadingSegment[] {
    const pieces = corrections ? splitAtCorrections(text, corrections) : [{ text }];
    return mergeSegments(
      pieces.flatMap((piece) =>
        piece.reading !== undefined
          ? wordSegments(piece.text, piece.reading)
          : segmentsOfWords(options.tokenize(piece.text)),
      ),
    );
  }
  return {
    segments(text, corrections) {
      const key = readingKey(text, corrections);
      const cached = cache.get(key);
      if (cached) return cached;
      const segments = Object.freeze(analyse(text, corrections));
      cache.set(key, segments);
      return segments;
    },
    get cachedTexts() {
      return cache.size;
    },
  };
}

let segmenter: ReadingSegmenter | undefined;

/**
 * The text as segments, readings (hiragana) over the kanji only: `[{ base: "今日", reading: "きょう" }, { base: "は" }]`.
 * Words the dictionary does not know stay plain. `corrections` (an author's, for one update) win over the analyser
 * for their words. Synchronous once loadReadingAnalyser() has resolved, so a React render can call it.
 */
export function readingSegments(text: string, corrections?: ReadingCorrections): readonly ReadingSegment[] {
  segmenter ??= createReadingSegmenter({ tokenize: loadedTokenizer(), maxEntries: 20_000, maxCharacters: 4_000_000 });
  return segmenter.segments(text, corrections);
}
