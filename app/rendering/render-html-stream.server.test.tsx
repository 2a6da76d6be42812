import { describe, expect, it } from "vitest";
import { renderHtmlStream } from "./render-html-stream.server";

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Paragraphs of Japanese (3 bytes a character), emoji (4 bytes) and ASCII of every length, so that many of the
 * renderer's 2,048-byte buffers end inside a multi-byte character. */
function paragraphs(): string[] {
  const pieces = ["1 回だけ", "全ゲノム解析", "同意を撤回します", "🧬", "abc", "やさしい日本語", "𠮷野家"];
  return Array.from({ length: 400 }, (_, i) => `${i}:${pieces[i % pieces.length]!.repeat(1 + (i % 13))}${"x".repeat(i % 7)}`);
}

function Page({ texts }: { texts: string[] }) {
  return (
    <html lang="ja">
      <body>
        {texts.map((text, i) => (
          <p key={i}>
            {text}
            <textarea defaultValue={text} />
          </p>
        ))}
      </body>
    </html>
  );
}

describe("renderHtmlStream (the response path of every page)", () => {
  for (const waitForAll of [false, true]) {
    it(`sends valid UTF-8 with no NUL bytes when long Japanese text crosses many buffer boundaries (${waitForAll ? "all ready" : "streamed from the shell"})`, async () => {
      const texts = paragraphs();
      const body = await bytesOf(await renderHtmlStream(<Page texts={texts} />, { timeoutMs: 5_000, waitForAll }));
      expect(body.length).toBeGreaterThan(40 * 2048);
      expect(body.indexOf(0), "a NUL byte in the page").toBe(-1);
      const html = new TextDecoder("utf-8", { fatal: true }).decode(body);
      for (const text of texts) expect(html).toContain(`<p>${text}<textarea>${text}</textarea></p>`);
    });
  }
});
