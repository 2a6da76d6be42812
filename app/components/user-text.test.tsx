import { FuriganaReaderProvider, FuriganaScope, type FuriganaReader } from "@tsunagi/furigana-jsx/furigana";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PersonName } from "./person-name";
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

  it("reads what was typed on a やさしい日本語 page; a name as registered or plain, never the dictionary's guess (ADR 123)", () => {
    const asked: { text: string; corrections: Record<string, string> | undefined }[] = [];
    // A stand-in for the analyser: the dictionary's guesses, unless a correction names the word.
    const dictionary: Record<string, string> = { 研究: "けんきゅう", 三子: "みつご" };
    const reader: FuriganaReader = {
      segmentsOf(text, corrections) {
        asked.push({ text, corrections: corrections ? { ...corrections } : undefined });
        const parts = text.split(/(研究|三子)/).filter(Boolean);
        return parts.map((part) => {
          const reading = corrections?.[part] ?? dictionary[part];
          return reading ? { base: part, reading } : { base: part };
        });
      },
      subscribe: () => () => {},
    };
    const page = (annotate: boolean) =>
      renderToStaticMarkup(
        <FuriganaReaderProvider value={reader}>
          <FuriganaScope annotate={annotate}>
            <UserText text="がんの研究" />
            <PersonName name="三子" reading="みつこ" />
            <PersonName name="三子" />
            <UserText text={"がん\u202Eの"} />
            <UserText text="研究" readings={false} />
          </FuriganaScope>
        </FuriganaReaderProvider>,
      );
    expect(page(true)).toBe(
      '<bdi dir="auto" class="user-text">がんの<ruby>研究<rt aria-hidden="true">けんきゅう</rt></ruby></bdi>' +
        '<bdi dir="auto" class="user-text"><ruby>三子<rt aria-hidden="true">みつこ</rt></ruby></bdi>' +
        '<bdi dir="auto" class="user-text">三子</bdi>' +
        '<bdi dir="auto" class="user-text">がん<span class="user-text__control">⟨U+202E⟩</span>の</bdi>' +
        '<bdi dir="auto" class="user-text">研究</bdi>',
    );
    // The name was asked for under its own corrections: its registered reading, or an empty one (drawn plain).
    expect(asked.filter((entry) => entry.text === "三子").map((entry) => entry.corrections)).toEqual([{ 三子: "みつこ" }, { 三子: "" }]);
    // Other languages (and mail) show it as typed.
    expect(page(false)).toBe(
      '<bdi dir="auto" class="user-text">がんの研究</bdi><bdi dir="auto" class="user-text">三子</bdi><bdi dir="auto" class="user-text">三子</bdi>' +
        '<bdi dir="auto" class="user-text">がん<span class="user-text__control">⟨U+202E⟩</span>の</bdi><bdi dir="auto" class="user-text">研究</bdi>',
    );
  });
});
