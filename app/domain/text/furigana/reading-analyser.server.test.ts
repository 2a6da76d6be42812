import { beforeAll, describe, expect, it, vi } from "vitest";
import { analyseWords, createReadingSegmenter, loadReadingAnalyser, readingSegments } from "./reading-analyser.server";
import { parseReadingCorrectionLines } from "./reading-corrections";

beforeAll(async () => {
  await loadReadingAnalyser();
}, 30_000);

/** The segments as a reader sees them: 読[よ]む. */
function shown(text: string, corrections?: Record<string, string>): string {
  return readingSegments(text, corrections)
    .map((segment) => (segment.reading ? `${segment.base}[${segment.reading}]` : segment.base))
    .join("");
}

describe("readingSegments (furigana for やさしい日本語)", () => {
  it("puts a hiragana reading over each word's kanji and leaves kana, particles and punctuation plain", () => {
    expect(readingSegments("今日は日本語を読む。")).toEqual([
      { base: "今日", reading: "きょう" },
      { base: "は" },
      { base: "日本語", reading: "にほんご" },
      { base: "を" },
      { base: "読", reading: "よ" },
      { base: "む。" },
    ]);
  });

  it("splits okurigana off, also between two kanji, so the reading stands over the kanji only", () => {
    expect(shown("取り扱いを読みました")).toBe("取[と]り扱[あつか]いを読[よ]みました");
    expect(shown("住んでいる")).toBe("住[す]んでいる");
  });

  it("gives nothing to annotate for a text without kanji (kana, katakana, Latin, numbers)", () => {
    expect(readingSegments("あなたのゲノムを、2026年に")).toEqual([
      { base: "あなたのゲノムを、2026" },
      { base: "年", reading: "ねん" },
      { base: "に" },
    ]);
    expect(readingSegments("ありがとうございます ABC 123")).toEqual([{ base: "ありがとうございます ABC 123" }]);
  });

  it("reads a counter after a number by rule: dates and times as they are said, not the counter's word alone", () => {
    // The dictionary alone reads 11月 as 11つき and cannot know ふつか or ひとり.
    expect(shown("2026年11月1日 21:05")).toBe("2026年[ねん]11月[がつ]1日[ついたち] 21:05");
    // 2日間 is one word: one ruby, the rule's readings joined.
    expect(shown("4月23日から2日間")).toBe("4月[しがつ]23日[にち]から2日間[ふつかかん]");
    expect(shown("1日に2人で10分")).toBe("1日[いちにち]に2人[ふたり]で10分[ぷん]");
    expect(shown("２０日と5分と4時")).toBe("２０日[はつか]と5分[ふん]と4時[よじ]");
    // Counters it reads right are left to it.
    expect(shown("3回目の説明")).toBe("3回目[かいめ]の説明[せつめい]");
  });

  it("reads a count written in kanji as it is said where the number's sound changes (一人 ひとり, not いちにん)", () => {
    expect(shown("一人 一人の 同意")).toBe("一人[ひとり] 一人[ひとり]の 同意[どうい]");
    expect(shown("二人で 一回")).toBe("二人[ふたり]で 一回[いっかい]");
    expect(shown("二十日と 四月一日")).toBe("二十日[はつか]と 四月一日[しがつついたち]");
    // Where the number keeps its sound the analyser's reading stands, as one ruby over the count.
    expect(shown("三人")).toBe("三人[さんにん]");
  });

  it("leaves a person's name plain: its reading is theirs, not the dictionary's guess", () => {
    expect(shown("山田 花子さんの同意")).toBe("山田 花子さんの同意[どうい]");
  });

  it("leaves a word the dictionary does not know plain rather than guessing", () => {
    // 彁 is a "ghost character" with no known reading; the analyser has no entry for it.
    expect(readingSegments("彁")).toEqual([{ base: "彁" }]);
  });

  it("uses an author's corrected reading for that word wherever it appears, and the analyser elsewhere", () => {
    // The dictionary reads 日本 standing alone as にっぽん; an author who says にほん is followed.
    expect(shown("日本の研究")).toBe("日本[にっぽん]の研究[けんきゅう]");
    expect(shown("日本の研究、日本で", { 日本: "ニホン" })).toBe("日本[にほん]の研究[けんきゅう]、日本[にほん]で");
    // A correction of a word with okurigana still puts the reading over the kanji only.
    expect(shown("お申し込み", { 申し込み: "もうしこみ" })).toBe("お申[もう]し込[こ]み");
    // Without the correction the same text is analysed again, not served from the corrected entry.
    expect(shown("日本で")).toBe(shown("日本で", {}));
  });

  it("keeps a bounded number of texts, and answers a repeated text with the very same segments", () => {
    const segmenter = createReadingSegmenter({ tokenize: analyseWords, maxEntries: 3, maxCharacters: 10_000 });
    const first = segmenter.segments("同意を撤回します");
    expect(segmenter.segments("同意を撤回します")).toBe(first);
    for (let i = 0; i < 20; i++) segmenter.segments(`${i}回目の説明`);
    expect(segmenter.cachedTexts).toBe(3);
    expect(segmenter.segments("同意を撤回します")).toEqual(first);
  });
});

/** The <ruby> a reader sees, one per entry: the kanji it stands over and its reading. */
function rubies(text: string): [string, string][] {
  return readingSegments(text).flatMap((segment) => (segment.reading ? [[segment.base, segment.reading] as [string, string]] : []));
}

describe("one ruby per word (issue 29: no reading cut into pieces inside a word)", () => {
  it("puts a compound's reading over the whole word, never one kanji at a time", () => {
    expect(rubies("同意は 有効です。")).toEqual([
      ["同意", "どうい"],
      ["有効", "ゆうこう"],
    ]);
    expect(rubies("説明の 文書")).toEqual([
      ["説明", "せつめい"],
      ["文書", "ぶんしょ"],
    ]);
  });

  it("joins a compound the dictionary cuts into words into one ruby (個人情報, 利用申請)", () => {
    expect(shown("個人情報を 守ります")).toBe("個人情報[こじんじょうほう]を 守[まも]ります");
    expect(shown("データ利用申請")).toBe("データ利用申請[りようしんせい]");
    expect(shown("取扱説明書")).toBe("取扱説明書[とりあつかいせつめいしょ]");
  });

  it("gives a jukujikun word (read as a whole, not kanji by kanji) one ruby", () => {
    expect(rubies("今日 大人 明日 昨日 今朝 一昨日")).toEqual([
      ["今日", "きょう"],
      ["大人", "おとな"],
      ["明日", "あした"],
      ["昨日", "きのう"],
      ["今朝", "けさ"],
      ["一昨日", "おととい"],
    ]);
  });

  it("leaves okurigana and the words after a noun outside the ruby (説明する, 有効な)", () => {
    expect(shown("説明する")).toBe("説明[せつめい]する");
    expect(shown("有効な 文書")).toBe("有効[ゆうこう]な 文書[ぶんしょ]");
    expect(shown("研究に 参加して ください")).toBe("研究[けんきゅう]に 参加[さんか]して ください");
  });

  it("in a word of kanji and kana, puts each run of kanji under its own reading and the kana between them plain", () => {
    expect(shown("取り扱い説明書")).toBe("取[と]り扱[あつか]い説明書[せつめいしょ]");
    expect(shown("お知らせ")).toBe("お知[し]らせ");
    expect(shown("全ゲノム解析")).toBe("全[ぜん]ゲノム解析[かいせき]");
  });

  it("reads numbers with counters by rule, the number and counter one ruby where the reading spans both", () => {
    expect(shown("2026年11月1日")).toBe("2026年[ねん]11月[がつ]1日[ついたち]");
    expect(shown("3時間と 2日間")).toBe("3時間[じかん]と 2日間[ふつかかん]");
    expect(shown("1人で")).toBe("1人[ひとり]で");
  });

  it("leaves a person's name plain beside a word that has its reading", () => {
    expect(shown("山田先生")).toBe("山田先生[せんせい]");
  });

  it("reads a whole やさしい日本語 sentence word by word", () => {
    expect(shown("同意は 有効です。でも、新しい 説明が あります。読んで、もう一度 決めて ください。")).toBe(
      "同意[どうい]は 有効[ゆうこう]です。でも、新[あたら]しい 説明[せつめい]が あります。読[よ]んで、もう一度[いちど] 決[き]めて ください。",
    );
  });
});

describe("parseReadingCorrectionLines (an author's corrections, one per line)", () => {
  it("reads word=reading lines, katakana stored as hiragana", () => {
    expect(parseReadingCorrectionLines("日本=にっぽん\n\n 国立 ＝ コクリツ ")).toEqual({ 日本: "にっぽん", 国立: "こくりつ" });
  });

  it("refuses a word without kanji, a reading that is not kana, and a line of another shape", () => {
    expect(parseReadingCorrectionLines("ゲノム=げのむ")).toBeNull();
    expect(parseReadingCorrectionLines("日本=Japan")).toBeNull();
    expect(parseReadingCorrectionLines("日本 に っぽん")).toBeNull();
  });
});

describe("the dictionary, once per process (ADR 175)", () => {
  it("is loaded once however many instances of the module the process holds, and each instance reads with it", async () => {
    const shared = (globalThis as { [key: symbol]: { loading?: Promise<unknown> } | undefined })[Symbol.for("tsunagi.kuromoji-ipadic")];
    const loaded = shared?.loading;
    expect(loaded).toBeInstanceOf(Promise);
    // A fresh instance of the module, as a test file's own modules or the app's build loaded afresh would be.
    vi.resetModules();
    const again = await import("./reading-analyser.server");
    expect(again.readingAnalyserLoaded()).toBe(false);
    await again.loadReadingAnalyser();
    expect(shared?.loading).toBe(loaded);
    expect(again.readingSegments("日本語を読む。").filter((segment) => segment.reading).map((segment) => segment.reading)).toEqual(["にほんご", "よ"]);
  });
});
