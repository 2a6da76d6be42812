import { beforeAll, describe, expect, it } from "vitest";
import { nameReadingCorrections } from "./name-readings";
import { loadReadingAnalyser, readingSegments } from "./reading-analyser.server";

beforeAll(async () => {
  await loadReadingAnalyser();
}, 30_000);

/** The segments as a reader sees them: 三子[みつこ]. */
function shown(text: string, corrections?: Record<string, string>): string {
  return readingSegments(text, corrections)
    .map((segment) => (segment.reading ? `${segment.base}[${segment.reading}]` : segment.base))
    .join("");
}

describe("nameReadingCorrections (ADR 123: a registered reading before the dictionary's)", () => {
  it("reads 三子 as the reading registered at enrolment, not as the dictionary's みつご, alone and inside a sentence", () => {
    // What the defect showed: the dictionary reads the name as the word for "triplets".
    expect(shown("山田 三子")).toContain("みつご");
    const corrections = nameReadingCorrections([{ name: "山田 三子", reading: "ヤマダ ミツコ" }]);
    expect(shown("山田 三子", corrections)).toBe("山田[やまだ] 三子[みつこ]");
    expect(shown("山田 三子さん、こんにちは", corrections)).toBe("山田[やまだ] 三子[みつこ]さん、こんにちは");
    // As a signer may type it, without the space or with a full-width one; and the given name alone.
    expect(shown("山田三子", corrections)).toBe("山田三子[やまだみつこ]");
    expect(shown("山田\u3000三子", corrections)).toBe("山田[やまだ]\u3000三子[みつこ]");
    expect(shown("三子さんの 同意", corrections)).toBe("三子[みつこ]さんの 同意[どうい]");
  });

  it("leaves a name without a registered reading plain instead of guessing, and keeps the rest of the sentence read", () => {
    const corrections = nameReadingCorrections([{ name: "山田 三子", reading: null }]);
    expect(shown("山田 三子さんの 同意", corrections)).toBe("山田 三子さんの 同意[どうい]");
  });

  it("ignores a reading that is not kana, and lets a registered reading win over a namesake without one", () => {
    expect(nameReadingCorrections([{ name: "山田 三子", reading: "Yamada" }])["山田 三子"]).toBe("");
    const corrections = nameReadingCorrections([
      { name: "山田 三子", reading: null },
      { name: "山田 三子", reading: "やまだ みつこ" },
    ]);
    expect(corrections["山田 三子"]).toBe("やまだ みつこ");
    // A name the words of which the reading does not match one for one is read as a whole.
    expect(shown("山田 三子", nameReadingCorrections([{ name: "山田 三子", reading: "やまだみつこ" }]))).toBe("山田 三子[やまだみつこ]");
  });

  it("gives no single-character word on its own, so 誠 inside 誠実 keeps its dictionary reading", () => {
    const corrections = nameReadingCorrections([{ name: "佐藤 誠", reading: "さとう まこと" }]);
    expect(corrections["誠"]).toBeUndefined();
    expect(shown("佐藤 誠さんは 誠実です", corrections)).toBe("佐藤[さとう] 誠[まこと]さんは 誠実[せいじつ]です");
  });
});
