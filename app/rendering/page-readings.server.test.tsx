import { FuriganaCorrections, FuriganaReaderProvider, FuriganaScope } from "@tsunagi/furigana-jsx/furigana";
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { loadReadingAnalyser } from "../domain/text/furigana/reading-analyser.server";
import { createBrowserReadings } from "./browser-readings";
import { pageReadingsScriptId, scriptSafeJson, type PageReadings } from "./page-readings";
import { appendAfterStream, createServerPageReadings } from "./page-readings.server";

beforeAll(async () => {
  await loadReadingAnalyser();
}, 30_000);

function ShowsItsChildType({ children }: { children: ReactNode }) {
  return <span data-child-type={typeof children}>{children}</span>;
}

function Page() {
  return (
    <div>
      <h1>今日は雨です</h1>
      <p>
        {"同意を撤回する"} <strong>いつでも</strong>
      </p>
      <title>同意の記録</title>
      <select defaultValue="a">
        <option value="a">病院で</option>
      </select>
      <textarea defaultValue="研究" />
      <ShowsItsChildType>研究</ShowsItsChildType>
      <input aria-label="氏名" placeholder="山田" />
    </div>
  );
}

function render(node: ReactNode, options: { annotate: boolean }): { html: string; script: string } {
  const readings = createServerPageReadings();
  const html = renderToStaticMarkup(
    <FuriganaReaderProvider value={readings.reader}>
      <FuriganaScope annotate={options.annotate}>{node}</FuriganaScope>
    </FuriganaReaderProvider>,
  );
  return { html, script: readings.scriptTag("abc123") };
}

const rt = (reading: string) => `<rt aria-hidden="true">${reading}</rt>`;

describe("furigana in a rendered page (the JSX runtime, <Furigana>, the server's readings)", () => {
  it("shows ruby over the kanji of every text in a やさしい日本語 page, and nothing in attributes or text-only elements", () => {
    const { html } = render(<Page />, { annotate: true });
    expect(html).toContain(`<h1><ruby>今日${rt("きょう")}</ruby>は<ruby>雨${rt("あめ")}</ruby>です</h1>`);
    expect(html).toContain(`<ruby>同意${rt("どうい")}</ruby>を<ruby>撤回${rt("てっかい")}</ruby>する <strong>いつでも</strong>`);
    expect(html).toContain("<title>同意の記録</title>");
    expect(html).toContain('<option value="a" selected="">病院で</option>');
    expect(html).toContain("<textarea>研究</textarea>");
    expect(html).toContain('placeholder="山田"');
    // A component is handed its string as it was written; the host element it renders into annotates it.
    expect(html).toContain(`<span data-child-type="string"><ruby>研究${rt("けんきゅう")}</ruby></span>`);
  });

  it("draws one <ruby> per word, with nothing inside a word a browser could draw as a gap (issue 29)", () => {
    const { html } = render(<p>説明の 文書を 読んで、個人情報の 取り扱いに 同意する</p>, { annotate: true });
    expect(html).toBe(
      `<p><ruby>説明${rt("せつめい")}</ruby>の <ruby>文書${rt("ぶんしょ")}</ruby>を <ruby>読${rt("よ")}</ruby>んで、` +
        `<ruby>個人情報${rt("こじんじょうほう")}</ruby>の <ruby>取${rt("と")}</ruby>り<ruby>扱${rt("あつか")}</ruby>いに <ruby>同意${rt("どうい")}</ruby>する</p>`,
    );
    // No two rubies side by side, and no space inside one: a word's kanji are one run of text in one element.
    expect(html).not.toContain("</ruby><ruby>");
    expect(html).not.toMatch(/<ruby>[^<]*\s[^<]*<rt/);
  });

  it("renders the same page unchanged outside やさしい日本語, or with no reader at all (mail)", () => {
    const plain = renderToStaticMarkup(<Page />);
    expect(plain).not.toContain("<ruby>");
    expect(render(<Page />, { annotate: false }).html).toBe(plain);
  });

  it("applies an author's corrections inside <FuriganaCorrections> only", () => {
    const { html } = render(
      <>
        <p>日本の研究</p>
        <FuriganaCorrections corrections={{ 日本: "にほん" }}>
          <p>日本の研究</p>
        </FuriganaCorrections>
      </>,
      { annotate: true },
    );
    expect(html).toBe(`<p><ruby>日本${rt("にっぽん")}</ruby>の<ruby>研究${rt("けんきゅう")}</ruby></p><p><ruby>日本${rt("にほん")}</ruby>の<ruby>研究${rt("けんきゅう")}</ruby></p>`);
  });

  it("hands the browser exactly the readings it rendered, in a script no text can break out of", () => {
    const hostile = "悪意</script><script>alert(1)</script><!--";
    const { html, script } = render(<p>{hostile}</p>, { annotate: true });
    expect(script.startsWith(`<script type="application/json" id="${pageReadingsScriptId}" nonce="abc123">`)).toBe(true);
    const body = script.slice(script.indexOf(">") + 1, script.lastIndexOf("</script>"));
    expect(body).not.toMatch(/<|>/);
    const readings = JSON.parse(body) as PageReadings;
    expect(Object.keys(readings)).toEqual([hostile]);

    // The browser's reader, fed that map, renders the same markup (what hydration compares).
    const browser = renderToStaticMarkup(
      <FuriganaReaderProvider value={createBrowserReadings(readings)}>
        <FuriganaScope annotate>
          <p>{hostile}</p>
        </FuriganaScope>
      </FuriganaReaderProvider>,
    );
    expect(browser).toBe(html);
    expect(scriptSafeJson({ a: "\u2028&" })).toBe('{"a":"\\u2028\\u0026"}');
  });

  it("appends the readings after the page's last byte", async () => {
    const page = new Blob(["<html><body>ページ</body></html>"]).stream();
    const text = await new Response(appendAfterStream(page, () => "<script>後</script>")).text();
    expect(text).toBe("<html><body>ページ</body></html><script>後</script>");
  });
});
