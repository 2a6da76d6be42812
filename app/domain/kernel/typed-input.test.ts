import { describe, expect, it } from "vitest";
import { countryCodeOf, countryField, emailField, integerField, normalizeTyped } from "./typed-input";

describe("one reading of what was typed (ADR 118)", () => {
  it("reads full-width letters, digits and signs as ASCII, trimmed, for every kind", () => {
    expect(normalizeTyped("　ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ ", "email")).toBe("taro@example.jp");
    expect(normalizeTyped("６５", "number")).toBe("65");
    expect(normalizeTyped("＋８１ ３ー１２３４―５６７８", "phone")).toBe("+81 3-1234-5678");
    expect(normalizeTyped("ＡＢＣ－１２３", "identifier")).toBe("ABC-123");
    expect(normalizeTyped("２０２６／０１／３１", "date")).toBe("2026-01-31");
  });

  it("drops the spaces and dashes a code is printed with, and nothing else", () => {
    expect(normalizeTyped("１２３　４５６", "code")).toBe("123456");
    expect(normalizeTyped("ａｂｃｄｅ－１２３４５", "code")).toBe("abcde12345");
    expect(normalizeTyped("ABCDE ー 12345", "code")).toBe("ABCDE12345");
  });

  it("reads a country typed as its code or its name in Japanese or English", () => {
    for (const typed of ["JP", "jp", "ＪＰ", "日本", "Japan", "ｊａｐａｎ", " japan "]) expect(countryCodeOf(typed), typed).toBe("JP");
    expect(countryCodeOf("アメリカ")).toBe("US");
    expect(countryCodeOf("アメリカ合衆国")).toBe("US");
    expect(countryCodeOf("United States")).toBe("US");
    expect(countryCodeOf("英国")).toBe("GB");
    expect(countryCodeOf("韓国")).toBe("KR");
    expect(countryCodeOf("ドイツ")).toBe("DE");
    expect(countryCodeOf("Atlantis")).toBeNull();
    expect(countryCodeOf("")).toBeNull();
  });

  it("keeps each field's own rule: what is still wrong after reading is refused", () => {
    expect(emailField().safeParse("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ").data).toBe("taro@example.jp");
    expect(emailField().safeParse("taro at example").success).toBe(false);
    const age = integerField({ min: 0, max: 120 });
    expect(age.safeParse("６５").data).toBe(65);
    expect(age.safeParse("65歳").success).toBe(false);
    expect(age.safeParse("121").success).toBe(false);
    expect(age.safeParse("").error?.issues[0]).toMatchObject({ code: "invalid_type" });
    expect(countryField().safeParse("日本").data).toBe("JP");
    expect(countryField().safeParse("Atlantis").error?.issues[0]).toMatchObject({ code: "custom", params: { reason: "countryName" } });
  });
});
