import { Furigana, FuriganaCorrections, type ReadingCorrections } from "@tsunagi/furigana-jsx/furigana";
import { Children, type ReactNode } from "react";
import Markdown, { type Components } from "react-markdown";
import { isSafeLink } from "../domain/kernel/index";
import { staffMarkdownRemarkPlugins } from "../domain/updates/index";

/**
 * react-markdown builds its elements with React's own runtime, not the app's (@tsunagi/furigana-jsx), and hands
 * children over as arrays the runtime leaves alone: each string is given its readings here, so an update in
 * やさしい日本語 has furigana like every other page (and plain text in the other languages: Furigana decides).
 */
function withReadings(children: ReactNode): ReactNode {
  return Children.map(children, (child) => (typeof child === "string" ? <Furigana text={child} /> : child));
}

// Headings inside an update sit under the page's own h1 and the update's title: an author's "#" becomes h2, and so
// on down, so the outline stays whole for screen readers.
const components: Components = {
  p: ({ children }) => <p>{withReadings(children)}</p>,
  em: ({ children }) => <em>{withReadings(children)}</em>,
  strong: ({ children }) => <strong>{withReadings(children)}</strong>,
  li: ({ children }) => <li>{withReadings(children)}</li>,
  // A link whose target was refused (urlTransform gives "") is shown as its words alone, not as a link to nowhere.
  a: ({ children, href }) => (href ? <a href={href}>{withReadings(children)}</a> : <span>{withReadings(children)}</span>),
  h1: ({ children }) => <h2>{withReadings(children)}</h2>,
  h2: ({ children }) => <h3>{withReadings(children)}</h3>,
  h3: ({ children }) => <h4>{withReadings(children)}</h4>,
  h4: ({ children }) => <h5>{withReadings(children)}</h5>,
  h5: ({ children }) => <h6>{withReadings(children)}</h6>,
  h6: ({ children }) => <h6>{withReadings(children)}</h6>,
};

const allowedElements = ["p", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "br"];

/**
 * An update's Markdown as React elements (ADR 038), never as an HTML string: raw HTML in the source is dropped
 * (`skipHtml`), pictures and anything not in the short list of elements are unwrapped to their text, and a link the
 * one link rule refuses (anything but an https address or a path on this site; ADR 116) loses its target. Input is
 * refused for all of these before it is stored (update-markdown.ts); this is the second wall, for text stored under
 * older rules. The author's reading corrections apply to the whole body.
 */
export function UpdateMarkdown({ markdown, corrections }: { markdown: string; corrections?: ReadingCorrections | null }) {
  return (
    <FuriganaCorrections corrections={corrections}>
      <div className="update-body">
        <Markdown remarkPlugins={staffMarkdownRemarkPlugins} skipHtml allowedElements={allowedElements} unwrapDisallowed components={components} urlTransform={(url) => (isSafeLink(url) ? url : "")}>
          {markdown}
        </Markdown>
      </div>
    </FuriganaCorrections>
  );
}
