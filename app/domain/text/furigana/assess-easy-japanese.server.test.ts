import { describe, expect, it } from "vitest";
import { assessEasyJapanese, easyJapaneseLimits } from "./assess-easy-japanese.server";

describe("assessEasyJapanese (advice to the author of a やさしい日本語 text)", () => {
  it("has no advice for short sentences of basic words with few kanji", async () => {
    const assessment = await assessEasyJapanese("きょうは 雨です。あした 学校に 行きます。わかりましたか？");
    expect(assessment).toMatchObject({ sentenceCount: 3, longSentences: [], kanjiShareAdvice: false, unknownWords: [] });
    expect(assessment.kanjiShare).toBeGreaterThan(0);
    expect(assessment.kanjiShare).toBeLessThan(easyJapaneseLimits.kanjiShare);
  }, 30_000);

  it("points to each sentence over the length limit, by position, with its length and opening", async () => {
    const long = "わたしたちは、あなたの からだから とった ものを つかって、びょうきの ことを しらべる けんきゅうを します。";
    const assessment = await assessEasyJapanese(`はじめに よんで ください。${long}\nありがとう。`);
    expect(assessment.sentenceCount).toBe(3);
    expect(assessment.longSentences).toHaveLength(1);
    const [sentence] = assessment.longSentences;
    expect(sentence!.index).toBe(1);
    // Spaces and punctuation are not counted.
    expect(sentence!.length).toBe([...long.replace(/[\s、。]/g, "")].length);
    expect(sentence!.excerpt).toBe(`${long.slice(0, easyJapaneseLimits.excerptLength)}…`);
  });

  it("advises fewer kanji when more than a fifth of the letters are kanji", async () => {
    const assessment = await assessEasyJapanese("全ゲノム解析等実行計画の研究成果を公表します。");
    expect(assessment.kanjiShare).toBeGreaterThan(easyJapaneseLimits.kanjiShare);
    expect(assessment.kanjiShareAdvice).toBe(true);
  });

  it("lists content words outside the basic vocabulary by dictionary form and count, never particles or numbers", async () => {
    const assessment = await assessEasyJapanese("同意を撤回できます。撤回しても、3回まで相談できます。");
    const words = assessment.unknownWords.map((word) => word.word);
    expect(assessment.unknownWords[0]).toEqual({ word: "撤回", surface: "撤回", count: 2 });
    expect(words).toContain("同意");
    // 相談 (N4), できる, する are basic; を, ても, まで, 3, 回 are grammar or counting.
    for (const basic of ["相談", "できる", "する", "を", "まで", "3", "回"]) expect(words).not.toContain(basic);
  });

  it("matches words written in kana against the list as well as their kanji spelling", async () => {
    const assessment = await assessEasyJapanese("くすりを のみます。薬を 飲みます。");
    expect(assessment.unknownWords).toEqual([]);
  });
});
