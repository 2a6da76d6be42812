import { describe, expect, it } from "vitest";
import { ApplicationContentSchema, inLanguage, missingForSubmission, titleOf } from "./application-content";

describe("a study's title in Japanese and English (issue 29 item 7)", () => {
  it("reads a version written with one title as the Japanese or the English one, by its script, losing nothing", () => {
    expect(titleOf(ApplicationContentSchema.parse({ title: "乳がんの研究" }))).toEqual({ ja: "乳がんの研究", jaEasy: "", en: "" });
    expect(titleOf(ApplicationContentSchema.parse({ title: "A study of BRCA1" }))).toEqual({ ja: "", jaEasy: "", en: "A study of BRCA1" });
    expect(titleOf(ApplicationContentSchema.parse({ title: "BRCA1 バリアントの研究" }))).toEqual({ ja: "BRCA1 バリアントの研究", jaEasy: "", en: "" });
    expect(ApplicationContentSchema.parse({ title: "" })).not.toHaveProperty("title");
  });

  it("gives each reader their language: やさしい日本語 falls back to Japanese, English to Japanese, Japanese to English", () => {
    const both = { ja: "乳がんの研究", jaEasy: "", en: "Breast cancer study" };
    expect(inLanguage(both, "ja")).toBe("乳がんの研究");
    expect(inLanguage(both, "ja-easy")).toBe("乳がんの研究");
    expect(inLanguage(both, "en")).toBe("Breast cancer study");
    expect(inLanguage({ ...both, jaEasy: "にゅうがんの けんきゅう" }, "ja-easy")).toBe("にゅうがんの けんきゅう");
    expect(inLanguage({ ...both, en: "" }, "en")).toBe("乳がんの研究");
    expect(inLanguage({ ...both, ja: "" }, "ja")).toBe("Breast cancer study");
    expect(inLanguage({ ja: "", jaEasy: "", en: "" }, "en")).toBe("");
  });

  it("asks for both titles and both institutions before a submission, not the やさしい日本語 ones", () => {
    const missing = missingForSubmission(ApplicationContentSchema.parse({ titleJa: "乳がんの研究", institutionEn: "Shogo University" }));
    expect(missing).toEqual(expect.arrayContaining(["titleEn", "institutionJa"]));
    expect(missing).not.toEqual(expect.arrayContaining(["titleJa"]));
    expect(missing.some((field) => field.endsWith("JaEasy"))).toBe(false);
  });
});
