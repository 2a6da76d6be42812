// Issue 10, defect 5: one check for every redirect to a page named by the request.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getEnv } from "../env.server";
import { safeRedirectPath } from "./safe-redirect.server";

const appOrigin = new URL(getEnv().APP_URL).origin;
const fallback = "/fallback";

// Pieces that URL parsers, browsers and proxies treat specially, mixed with arbitrary text below.
const hostilePieces = [
  "/", "//", "///", "\\", "/\\", "\\/", "\t", "\n", "\r", "\r\n", " ", "\u0000", "\u0007", "\u001f", "\u007f", "\u0085", "\u009b",
  "%2F", "%2f", "%5C", "%5c", "%09", "%0A", "%0D", "%00", "%252F", "%E3%80%80",
  "evil.example", "evil.example:443", "@evil.example", "user:pass@", ":", "//evil.example", "/evil.example",
  "http:", "https:", "HTTP://", "javascript:", "data:text/html,", "file:", "mailto:", "blob:", "ws:",
  ".", "..", "./", "../", "/.", "/..", "?", "#", "&", "=", ";",
  "\u3000", "／", "＼", "：", "\u2028", "\u2029", "\u200b", "\ufeff", "\u202e", "ｅｖｉｌ", "é", "日本",
  "\ud800", "\udfff", "\uffff",
];

const hostile = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...hostilePieces) }, { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 4 }) }), { maxLength: 12 })
  .map((parts) => parts.join(""));

/** What a browser does with a Location header: resolves it against the page it came from. */
function followedFrom(origin: string, location: string): URL {
  return new URL(location, origin);
}

describe("safeRedirectPath", () => {
  it("returns either the fallback or a path that stays on the app's origin, whatever it is given", () => {
    fc.assert(
      fc.property(fc.oneof(hostile, fc.constantFrom(...hostilePieces).map((piece) => `/${piece}`)), (input) => {
        const target = safeRedirectPath(input, fallback);
        if (target === fallback) return;
        expect(target.startsWith("/")).toBe(true);
        expect(target.startsWith("//")).toBe(false);
        // Printable ASCII only: no control character, space, backslash or raw Unicode reaches a header.
        expect(target).toMatch(/^[\x21-\x5B\x5D-\x7E]+$/);
        expect(followedFrom(appOrigin, target).origin).toBe(appOrigin);
        // A relative path, not a network path: from any other page it stays on that page's host too.
        expect(followedFrom("https://another.example", target).host).toBe("another.example");
        // Stable: checking the answer again gives the answer.
        expect(safeRedirectPath(target, fallback)).toBe(target);
      }),
      { numRuns: 5000 },
    );
  });

  it("keeps the app's own paths, query and fragment as they are", () => {
    const segment = fc.stringMatching(/^[a-z0-9_-]{1,12}$/);
    const path = fc.array(segment, { minLength: 0, maxLength: 5 }).map((parts) => `/${parts.join("/")}`);
    const query = fc.option(fc.stringMatching(/^[a-z]{1,6}=[a-z0-9%]{0,8}$/), { nil: undefined });
    fc.assert(
      fc.property(path, query, (base, search) => {
        const input = search ? `${base}?${search}` : base;
        const expected = new URL(input, appOrigin);
        expect(safeRedirectPath(input, fallback)).toBe(`${expected.pathname}${expected.search}`);
      }),
    );
    expect(safeRedirectPath("/consent/journey/choices/2?participant=abc#top")).toBe("/consent/journey/choices/2?participant=abc#top");
  });

  it.each([
    ["/\t/evil.example"],
    ["/\n/evil.example"],
    ["/\r\n/evil.example"],
    ["//evil.example"],
    ["/\\evil.example"],
    ["\\\\evil.example"],
    ["/.//evil.example"],
    ["/a/../..//evil.example"],
    ["https://evil.example/"],
    ["javascript:alert(1)"],
    [" /home"],
    ["home"],
    [""],
    [null],
    [["/home"]],
  ])("refuses %j", (input) => {
    expect(safeRedirectPath(input, fallback)).toBe(fallback);
  });

  it("keeps an encoded slash or Unicode as a path on this origin, encoded", () => {
    expect(safeRedirectPath("/%2F/evil.example", fallback)).toBe("/%2F/evil.example");
    expect(safeRedirectPath("/／evil.example", fallback)).toBe("/%EF%BC%8Fevil.example");
    expect(safeRedirectPath("/お知らせ", fallback)).toBe("/%E3%81%8A%E7%9F%A5%E3%82%89%E3%81%9B");
  });
});
