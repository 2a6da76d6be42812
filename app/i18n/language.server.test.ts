import { describe, expect, it } from "vitest";
import { languageCookie, languageFromAcceptLanguage, languageFromHeaders } from "./language.server";

describe("the reader's language", () => {
  it("is Japanese or English from Accept-Language, by quality then order; anything else is Japanese", () => {
    expect(languageFromAcceptLanguage("en-US,en;q=0.9")).toBe("en");
    expect(languageFromAcceptLanguage("ja-JP")).toBe("ja");
    expect(languageFromAcceptLanguage("ja;q=0.4, en;q=0.8")).toBe("en");
    expect(languageFromAcceptLanguage("en;q=0.5, ja;q=0.5")).toBe("en");
    expect(languageFromAcceptLanguage("zh-CN, ko;q=0.9, en;q=0.1")).toBe("en");
    expect(languageFromAcceptLanguage("en;q=0, ja;q=0.2")).toBe("ja");
    for (const header of [null, undefined, "", "*", "fr", "de-DE, fr;q=0.9", "garbage;;;q=x", `${"x,".repeat(5000)}en`]) {
      expect(languageFromAcceptLanguage(header), String(header).slice(0, 20)).toBe("ja");
    }
  });

  it("is the chosen one (the cookie) before the browser's, and やさしい日本語 only by choice", async () => {
    const cookie = async (language: string) => (await languageCookie.serialize(language)).split(";")[0]!;
    expect(await languageFromHeaders(await cookie("ja-easy"), "en")).toBe("ja-easy");
    expect(await languageFromHeaders(await cookie("ja"), "en-GB")).toBe("ja");
    expect(await languageFromHeaders(null, "en-GB")).toBe("en");
    expect(await languageFromHeaders(await cookie("xx"), "en-GB")).toBe("en");
    expect(await languageFromHeaders(null, "ja-easy")).toBe("ja");
  });
});
