import { getEnv } from "../../../env.server";
import { translator } from "../../../i18n/i18n";
import { atomFeedXml } from "../../kernel/index";
import { SignedPublishedCheckpointSchema } from "./published-checkpoint";
import { publishedCheckpointLogPath, readPublishedLines } from "./published-checkpoint-log.server";

/** Where the keys that verify the list are served, relative to the site: the JSON names it. */
export const CHECKPOINT_JWKS_PATH = "/transparency/jwks.json";
/** A feed reader needs only the recent ones; the whole list is the JSON. */
export const CHECKPOINT_FEED_ENTRIES = 200;
/** Checkpoints on one page of the JSON: at one a minute, a day's worth; a witness follows `next` to the end. */
export const CHECKPOINT_PAGE_SIZE = 1000;

/**
 * `/transparency/checkpoints.json?after=<n>` (ADR 046, paged by issue 27): `{ "checkpoints": [{ "checkpoint", "jws" },
 * …], "jwks": …, "total": <published so far>, "next": <the next page's path, or null> }`, checkpoints `n + 1` onwards,
 * oldest first, from the public log outside the database (published-checkpoint-log.server.ts), as written there.
 * Each entry is on a line of its own as canonical JSON, so a witness can store the lines as they come and compare
 * them with what it already holds byte for byte. `after` past the end gives an empty page and the total.
 */
export async function publishedCheckpointsJson(options: { after?: number } = {}): Promise<string> {
  const after = Math.max(0, Math.floor(options.after ?? 0));
  const { lines, total } = await readPublishedLines(publishedCheckpointLogPath(), { after, limit: CHECKPOINT_PAGE_SIZE });
  const next = after + lines.length < total ? `/transparency/checkpoints.json?after=${after + lines.length}` : null;
  return `{"checkpoints":[${lines.length > 0 ? `\n${lines.join(",\n")}\n` : ""}],"jwks":${JSON.stringify(CHECKPOINT_JWKS_PATH)},"total":${total},"next":${JSON.stringify(next)}}\n`;
}

/** The same checkpoints as an Atom feed, newest first, the last 200: each entry's text is the log's line, JWS included. */
export async function publishedCheckpointsAtomFeed(): Promise<string> {
  const base = getEnv().APP_URL.replace(/\/$/, "");
  const file = publishedCheckpointLogPath();
  const { total } = await readPublishedLines(file, { after: 0, limit: 0 });
  const { lines } = await readPublishedLines(file, { after: Math.max(0, total - CHECKPOINT_FEED_ENTRIES), limit: CHECKPOINT_FEED_ENTRIES });
  // Shown as written; a line that does not parse is still shown (a witness must see it), with what can be read of it.
  const entries = lines.map((line, index) => {
    const parsed = (() => {
      try {
        return SignedPublishedCheckpointSchema.safeParse(JSON.parse(line));
      } catch {
        return null;
      }
    })();
    const seq = total - lines.length + index + 1;
    const publishedAt = parsed?.success ? new Date(parsed.data.checkpoint.publishedAt) : new Date(0);
    return { seq, publishedAt, reason: parsed?.success ? parsed.data.checkpoint.reason : "unreadable", line };
  });
  entries.reverse();
  const heading = (language: "ja" | "en") => translator(language, "transparency")("checkpoints.heading");
  return atomFeedXml({
    id: `${base}/transparency/checkpoints.atom`,
    title: `${heading("ja")} / ${heading("en")}`,
    language: "ja",
    selfUrl: `${base}/transparency/checkpoints.atom`,
    pageUrl: `${base}/transparency`,
    updated: entries[0]?.publishedAt ?? new Date(0),
    author: "Tsunagi",
    entries: entries.map((entry) => ({
      // The list is the permanent home of every checkpoint; the fragment is its number there.
      id: `${base}/transparency/checkpoints.json#${entry.seq}`,
      title: `#${entry.seq} (${entry.reason})`,
      url: `${base}/transparency/checkpoints.json?after=${Math.floor((entry.seq - 1) / CHECKPOINT_PAGE_SIZE) * CHECKPOINT_PAGE_SIZE}`,
      published: entry.publishedAt,
      updated: entry.publishedAt,
      text: entry.line,
    })),
  });
}
