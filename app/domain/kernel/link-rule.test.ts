// Issue 54 item 5: one rule for every link a person supplies, judged as a browser's URL parser (WHATWG) reads it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isSafeLink } from "./link-rule";

const app = "https://app.example";

// Pieces that URL parsers, browsers and proxies treat specially, mixed with arbitrary text below.
const pieces = [
  "/", "//", "///", "\\", "/\\", "\\/", "\t", "\n", "\r", " ", "\u0000", "\u007f", "\u0085", "\u00a0", "\u3000", "\u2028", "\u200b", "\u202e", "\ufeff",
  "%2F", "%2f", "%5C", "%5c", "%2e", "%2E", "%09", "%0A", "%00", "%25", "%252F", "%E3%81%8A",
  "evil.example", "@evil.example", "user:pass@", ":", "https:", "HTTPS://", "https://", "http://", "javascript:", "data:text/html,", "mailto:", "file:",
  ".", "..", "./", "../", "?", "#", "&", "=", "／", "＼", "日本", "updates", "a",
];
const hostile = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pieces) }, { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 4 }) }), { maxLength: 10 })
  .map((parts) => parts.join(""));

describe("isSafeLink", () => {
  it("accepts https addresses, paths on this site and places on the page", () => {
    for (const link of [
      "/updates",
      "/consultations/6d1f5a3c-0000-4000-8000-000000000000/report?version=2#decision-1",
      "/お知らせ",
      "/updates?q=%E3%81%8A",
      "#top",
      "https://example.jp/",
      "https://example.jp/a/b?c=d#e",
      "HTTPS://Example.JP/path",
      "https://例え.jp/",
      "https://example.jp:8443/x",
    ]) {
      expect(isSafeLink(link), link).toBe(true);
    }
  });

  it.each([
    ["/\\evil.example"],
    ["//evil.example"],
    ["\\\\evil.example"],
    ["/\t/evil.example"],
    ["/\n/evil.example"],
    ["/\r\n/evil.example"],
    ["/%2Fevil.example"],
    ["/%2fevil.example"],
    ["/%5Cevil.example"],
    ["/%5cevil.example"],
    ["/%252Fevil.example"],
    ["/%09/evil.example"],
    ["/.//evil.example"],
    ["/a/../..//evil.example"],
    ["/%2e%2e//evil.example"],
    ["http://example.jp/"],
    ["javascript:alert(1)"],
    ["JaVaScRiPt:alert(1)"],
    ["data:text/html,<script>alert(1)</script>"],
    ["mailto:someone@example.jp"],
    ["https://app.example@evil.example/"],
    ["https://user:pass@evil.example/"],
    ["https:evil.example"],
    ["https:/evil.example"],
    ["https://"],
    ["https://evil.example/\u202Egro"],
    ["https://evil.example/\u200b"],
    [" /updates"],
    ["/updates "],
    ["/up dates"],
    ["\u3000/updates"],
    [""],
    ["evil.example"],
    ["./updates"],
    ["../updates"],
    ["?q=1"],
    ["ｈｔｔｐｓ://evil.example"],
  ])("refuses %j", (link) => {
    expect(isSafeLink(link)).toBe(false);
  });

  it("every path it accepts stays on the app's origin as a browser's URL parser reads it, from any page, whatever it is given", () => {
    fc.assert(
      fc.property(fc.oneof(hostile, fc.constantFrom(...pieces).map((piece) => `/${piece}`), hostile.map((rest) => `/${rest}`)), (link) => {
        if (!isSafeLink(link)) return;
        if (/^https:\/\//i.test(link)) {
          const parsed = new URL(link);
          expect(parsed.protocol).toBe("https:");
          expect(parsed.username + parsed.password).toBe("");
          return;
        }
        expect(new URL(link, app).origin).toBe(app);
        expect(new URL(link, `${app}/consultations/x/report`).origin).toBe(app);
        expect(new URL(link, "https://another.example/a/b").host).toBe("another.example");
        expect(new URL(link, app).pathname.startsWith("//")).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });

  it("keeps every plain path of this site", () => {
    const segment = fc.stringMatching(/^[a-z0-9_-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 5 }), fc.option(fc.stringMatching(/^[a-z]{1,6}=[a-z0-9]{0,8}$/), { nil: undefined }), (parts, query) => {
        const link = `/${parts.join("/")}${query ? `?${query}` : ""}`;
        expect(isSafeLink(link)).toBe(true);
        expect(new URL(link, app).origin).toBe(app);
      }),
    );
  });
});
