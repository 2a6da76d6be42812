import { fromMarkdown } from "mdast-util-from-markdown";
import { cjkFriendlyExtension } from "micromark-extension-cjk-friendly";
import remarkCjkFriendly from "remark-cjk-friendly";
import { isSafeLink } from "../kernel/index";

/**
 * What an update's Markdown may hold (ADR 038). It is written by staff but read by patients and the public, so the
 * text is refused when it carries raw HTML (a <script>, an <iframe>, an event handler: Markdown would pass them
 * through), a picture (loaded from elsewhere, and unreadable to a screen reader without care), or a link that breaks
 * the one link rule (an https address or a path on this site only: no javascript:, data:, http:, mailto:, nor a path
 * a browser reads as another host, //host or /\host; ADR 116). The renderer
 * (app/components/update-markdown.tsx) skips HTML and unsafe links again, so text stored before a rule changed is
 * still shown safely.
 */
export type MarkdownRefusal = "markdownHtml" | "markdownImage" | "markdownLink";


/**
 * Staff write Markdown in Japanese, and CommonMark's emphasis rules fail beside Japanese punctuation:
 * "**10未満の数は「‹10」**と表示" kept its asterisks, since a closing "**" after "」" and before a letter is not
 * "right-flanking". The CJK-friendly extension (micromark-extension-cjk-friendly, as remark-cjk-friendly for the page)
 * lets emphasis close there; text in English parses as before. Every reader of staff Markdown — the page, the check
 * before storing, the report's PDF — parses with it.
 */
export function parseStaffMarkdown(markdown: string): ReturnType<typeof fromMarkdown> {
  return fromMarkdown(markdown, { extensions: [cjkFriendlyExtension()] });
}

/** The same rule for react-markdown (app/components/update-markdown.tsx). */
export const staffMarkdownRemarkPlugins = [remarkCjkFriendly];

interface MarkdownNode {
  type: string;
  url?: string;
  children?: MarkdownNode[];
}

/** The first thing in `markdown` that an update may not hold, or null. */
export function markdownRefusalIn(markdown: string): MarkdownRefusal | null {
  const stack: MarkdownNode[] = [parseStaffMarkdown(markdown) as MarkdownNode];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === "html") return "markdownHtml";
    if (node.type === "image" || node.type === "imageReference") return "markdownImage";
    if ((node.type === "link" || node.type === "definition") && !isSafeLink(node.url ?? "")) return "markdownLink";
    if (node.children) stack.push(...node.children);
  }
  return null;
}
