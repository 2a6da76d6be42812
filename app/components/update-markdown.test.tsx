import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { markdownRefusalIn, parseStaffMarkdown } from "../domain/updates/staff-markdown";
import { UpdateMarkdown } from "./update-markdown";

const html = (markdown: string) => renderToStaticMarkup(<UpdateMarkdown markdown={markdown} />);
/** The kinds of inline nodes in the first paragraph, as the check before storing and the report's PDF read them. */
const inline = (markdown: string) => {
  const paragraph = parseStaffMarkdown(markdown).children[0] as { children: { type: string }[] };
  return paragraph.children.map((node) => node.type);
};

describe("staff Markdown beside Japanese punctuation (issue 29 item 5)", () => {
  it("ja: emphasis closes after 」 before a letter, where CommonMark alone left the asterisks", () => {
    const text = "**10未満の数は「‹10」**と表示しています。";
    expect(html(text)).toContain("<strong>10未満の数は「‹10」</strong>と表示しています。");
    expect(html(text)).not.toContain("**");
    expect(inline(text)).toEqual(["strong", "text"]);
    expect(html("これは*「大事」*です")).toContain("<em>「大事」</em>です");
  });

  it("ja-easy: the same in やさしい日本語, with spaces between words", () => {
    const text = "**「10より すくない」**と かいて います。";
    expect(html(text)).toContain("<strong>「10より すくない」</strong>と かいて います。");
    expect(inline(text)).toEqual(["strong", "text"]);
  });

  it("en: English reads exactly as before", () => {
    expect(html("Counts **under 10** are shown as “<10”.")).toContain("Counts <strong>under 10</strong> are shown as “&lt;10”.");
    // CommonMark's own rules still hold: a closing run after a space is not a closing run.
    expect(html("**not closed **here")).toContain("**not closed **here");
    expect(html("snake_case_name stays")).toContain("snake_case_name stays");
  });

  it("the check before storing still refuses what it refused", () => {
    expect(markdownRefusalIn("**注意**<script>alert(1)</script>")).toBe("markdownHtml");
    expect(markdownRefusalIn("「リンク」[こちら](javascript:alert(1))")).toBe("markdownLink");
    expect(markdownRefusalIn("**10未満の数は「‹10」**と表示しています。")).toBeNull();
  });
});

describe("links in staff Markdown, by the one link rule (issue 54 item 5; ADR 116)", () => {
  const hostile = ["/\\evil.example", "//evil.example", "/%2Fevil.example", "/%5Cevil.example", "http://example.jp/", "mailto:someone@example.jp", "javascript:alert(1)"];

  it("refuses before storing a link a browser would open on another site, or one that is not https", () => {
    for (const url of hostile) expect(markdownRefusalIn(`詳しくは[こちら](${url})`), url).toBe("markdownLink");
    expect(markdownRefusalIn("詳しくは[こちら](<\\\\evil.example>)")).toBe("markdownLink");
    expect(markdownRefusalIn("詳しくは[こちら](/updates)と[省のページ](https://www.mhlw.go.jp/)")).toBeNull();
  });

  it("shows a link stored before the rule as its words, and keeps the ones the rule allows", () => {
    for (const url of hostile) {
      const shown = html(`詳しくは[こちら](${url})`);
      expect(shown, url).not.toContain("<a ");
      expect(shown, url).toContain("こちら");
    }
    expect(html("[お知らせ](/updates)")).toContain('<a href="/updates">お知らせ</a>');
    expect(html("[省](https://www.mhlw.go.jp/)")).toContain('<a href="https://www.mhlw.go.jp/">省</a>');
  });
});
