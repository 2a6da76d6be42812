/**
 * An Atom 1.0 document (RFC 4287) for the public updates of one language (ADR 038). Entries carry the update's
 * Markdown as plain text (`type="text"`): a feed reader shows it as written and nothing in it is ever markup.
 */
export interface AtomEntry {
  id: string;
  title: string;
  url: string;
  updated: Date;
  published: Date;
  text: string;
}

export interface AtomFeed {
  id: string;
  title: string;
  language: string;
  selfUrl: string;
  pageUrl: string;
  updated: Date;
  author: string;
  entries: AtomEntry[];
}

// XML 1.0 cannot hold most control characters at all, escaped or not; the text rules refuse them on input, and
// anything older is dropped here rather than produce a feed no reader can parse.
// eslint-disable-next-line no-control-regex -- these are exactly the characters XML 1.0 forbids
const notXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(value: string): string {
  return value.replace(notXml, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

export function atomFeedXml(feed: AtomFeed): string {
  const entries = feed.entries.map(
    (entry) => `  <entry>
    <id>${escapeXml(entry.id)}</id>
    <title type="text">${escapeXml(entry.title)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(entry.url)}"/>
    <published>${entry.published.toISOString()}</published>
    <updated>${entry.updated.toISOString()}</updated>
    <content type="text">${escapeXml(entry.text)}</content>
  </entry>
`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(feed.language)}">
  <id>${escapeXml(feed.id)}</id>
  <title type="text">${escapeXml(feed.title)}</title>
  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.selfUrl)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(feed.pageUrl)}"/>
  <updated>${feed.updated.toISOString()}</updated>
  <author><name>${escapeXml(feed.author)}</name></author>
${entries.join("")}</feed>
`;
}
