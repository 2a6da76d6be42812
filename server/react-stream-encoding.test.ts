import { Module } from "node:module";
import path from "node:path";
import { createElement, Suspense, type ReactNode } from "react";
import { describe, expect, it } from "vitest";
import { patchedAndPlain } from "../tests/support/framework-patches";

type Renderer = { renderToReadableStream(element: ReactNode, options?: { nonce?: string }): Promise<ReadableStream<Uint8Array> & { allReady: Promise<void> }> };

// React's Web-streams renderer as `react-dom/server.browser` loads it in production, patched to write strings straight
// into its buffer (patches/, ADR 075, 127), and as React ships it (the patch reversed).
const renderer = patchedAndPlain("react-dom", "cjs/react-dom-server.browser.production.min.js");
const file = renderer.path;

function load(source: string): Renderer {
  const loaded = new Module(file) as Module & { _compile(source: string, filename: string): void; paths: string[] };
  loaded.filename = file;
  loaded.paths = (Module as unknown as { _nodeModulePaths(directory: string): string[] })._nodeModulePaths(path.dirname(file));
  loaded._compile(source, file);
  return loaded.exports as Renderer;
}

async function bytesOf(renderer: Renderer, element: ReactNode): Promise<Buffer> {
  const stream = await renderer.renderToReadableStream(element, { nonce: "n0nce" });
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Texts of every length in 1-, 2-, 3- and 4-byte characters, long ones too, so strings meet every buffer offset. */
function texts(): string[] {
  const pieces = ["1 回だけ", "全ゲノム解析", "é", "同意を撤回します", "🧬", "abc", "やさしい日本語", "𠮷野家", "<&\"'>"];
  return Array.from({ length: 500 }, (_, i) => `${i}:${pieces[i % pieces.length]!.repeat(1 + ((i * 7) % 97))}${"x".repeat(i % 11)}`);
}

/** A page whose last part arrives after the shell, so the renderer writes it in a later flush (one per page made). */
function page(all: string[]): ReactNode {
  let arrived = false;
  const later = new Promise<void>((resolve) =>
    setTimeout(() => {
      arrived = true;
      resolve();
    }, 5),
  );
  function Later({ text }: { text: string }): ReactNode {
    if (!arrived) throw later;
    return createElement("p", { title: text }, text);
  }
  return createElement(
    "html",
    { lang: "ja" },
    createElement(
      "body",
      null,
      all.map((text, i) => createElement("div", { key: i, "data-text": text }, text, createElement("textarea", { defaultValue: text }), createElement("span", null, String(i)))),
      createElement(Suspense, { fallback: createElement("p", null, "読み込み中") }, createElement(Later, { text: all.slice(0, 40).join("") })),
    ),
  );
}

describe("React's stream renderer writing strings straight into its buffer (ADR 075)", () => {
  it("sends exactly the bytes the plain renderer sends, with no NUL", async () => {
    const all = texts();
    const plain = await bytesOf(load(renderer.plain), page(all));
    const direct = await bytesOf(load(renderer.patched), page(all));
    expect(direct.length).toBeGreaterThan(100 * 512);
    expect(direct.indexOf(0), "a NUL byte in the page").toBe(-1);
    expect(new TextDecoder("utf-8", { fatal: true }).decode(direct)).toContain(all[499]);
    expect(direct.equals(plain)).toBe(true);
  });
});
