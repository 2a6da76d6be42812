import { FuriganaReaderProvider, FuriganaScope, type FuriganaReader } from "@tsunagi/furigana-jsx/furigana";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { UserText } from "./user-text";

describe("UserText", () => {
  it("shows each direction control as a visible marker instead of obeying it, isolated from the page around it", () => {
    const html = renderToStaticMarkup(<UserText text={"invoice\u202Etxt.exe \u2066x\u2069 \u200Fy"} />);
    expect(html).toBe(
      '<bdi dir="auto" class="user-text">invoice<span class="user-text__control">⟨U+202E⟩</span>txt.exe <span class="user-text__control">⟨U+2066⟩</span>x<span class="user-text__control">⟨U+2069⟩</span> <span class="user-text__control">⟨U+200F⟩</span>y</bdi>',
    );
    for (const control of ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\u200E", "\u200F", "\u061C"]) {
      expect(renderToStaticMarkup(<UserText text={`a${control}b`} />)).not.toContain(control);
    }
  });

  it("keeps ordinary text, line breaks, emoji and characters outside the BMP as typed; a half of a surrogate pair becomes a marker", () => {
    expect(renderToStaticMarkup(<UserText text={"𠮷田 髙橋\n😀"} />)).toBe('<bdi dir="auto" class="user-text">𠮷田 髙橋\n😀</bdi>');
    // The server would send U+FFFD for it and the browser keep the half: the marker is the same on both, so no hydration mismatch.
    expect(renderToStaticMarkup(<UserText text={"田\uD842中"} />)).toContain("⟨U+D842⟩");
    expect(renderToStaticMarkup(<UserText text={"a\u0000b"} />)).toContain("⟨U+0000⟩");
  });

  it("shows an applicant's title with readings on a やさしい日本語 page when asked to, and a name or other typed text plain", () => {
    const asked: string[] = [];
    const reader: FuriganaReader = {
      segmentsOf(text) {
        asked.push(text);
        return text === "がんの研究" ? [{ base: "がんの" }, { base: "研究", reading: "けんきゅう" }] : [{ base: text }];
      },
      subscribe: () => () => {},
    };
    const page = (annotate: boolean) =>
      renderToStaticMarkup(
        <FuriganaReaderProvider value={reader}>
          <FuriganaScope annotate={annotate}>
            <UserText text="がんの研究" readings />
            <UserText text="山田 花子" />
            <UserText text={"がん\u202Eの"} readings />
          </FuriganaScope>
        </FuriganaReaderProvider>,
      );
    expect(page(true)).toBe(
      '<bdi dir="auto" class="user-text">がんの<ruby>研究<rt aria-hidden="true">けんきゅう</rt></ruby></bdi>' +
        '<bdi dir="auto" class="user-text">山田 花子</bdi>' +
        '<bdi dir="auto" class="user-text">がん<span class="user-text__control">⟨U+202E⟩</span>の</bdi>',
    );
    // Only the text with kanji that asked for readings was read; a name was not.
    expect(asked).toEqual(["がんの研究"]);
    // Other languages (and mail) show it as typed.
    expect(page(false)).toBe('<bdi dir="auto" class="user-text">がんの研究</bdi><bdi dir="auto" class="user-text">山田 花子</bdi><bdi dir="auto" class="user-text">がん<span class="user-text__control">⟨U+202E⟩</span>の</bdi>');
  });
});
