import { publishedCheckpointsAtomFeed } from "../../domain/transparency/index.server";

/** The last 200 published checkpoints as an Atom feed, newest first, each with its JWS (ADR 046). Public. */
export async function loader() {
  return new Response(await publishedCheckpointsAtomFeed(), {
    headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=60", "X-Content-Type-Options": "nosniff" },
  });
}
