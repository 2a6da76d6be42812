import { getEnv } from "../../../env.server";
import { translator } from "../../../i18n/i18n";
import { atomFeedXml } from "../../updates/atom-feed";
import { listPublishedCheckpoints } from "./list-published-checkpoints.server";
import { publishedCheckpointLine } from "./published-checkpoint";

/** Where the keys that verify the list are served, relative to the site: the JSON names it. */
export const CHECKPOINT_JWKS_PATH = "/transparency/jwks.json";
/** A feed reader needs only the recent ones; the whole list is the JSON. */
export const CHECKPOINT_FEED_ENTRIES = 200;

/**
 * `/transparency/checkpoints.json` (ADR 046): `{ "checkpoints": [{ "checkpoint", "jws" }, …], "jwks": … }`, oldest
 * first. Each entry is written on a line of its own as canonical JSON, so a witness can store the lines as they come
 * and compare them with what it already holds byte for byte.
 */
export async function publishedCheckpointsJson(): Promise<string> {
  const entries = await listPublishedCheckpoints({ order: "oldest_first" });
  const lines = entries.map((entry) => publishedCheckpointLine(entry));
  return `{"checkpoints":[${lines.length > 0 ? `\n${lines.join(",\n")}\n` : ""}],"jwks":${JSON.stringify(CHECKPOINT_JWKS_PATH)}}\n`;
}

/** The same checkpoints as an Atom feed, newest first, the last 200: each entry's text is the canonical line, JWS included. */
export async function publishedCheckpointsAtomFeed(): Promise<string> {
  const base = getEnv().APP_URL.replace(/\/$/, "");
  const entries = await listPublishedCheckpoints({ order: "newest_first", limit: CHECKPOINT_FEED_ENTRIES });
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
      title: `#${entry.seq} (${String(entry.checkpoint.reason)})`,
      url: `${base}/transparency/checkpoints.json`,
      published: entry.publishedAt,
      updated: entry.publishedAt,
      text: publishedCheckpointLine(entry),
    })),
  });
}
