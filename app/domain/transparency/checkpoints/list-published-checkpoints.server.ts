import { getDatabase, type Database } from "../../../db.server";
import type { PublishedCheckpoint, SignedPublishedCheckpoint } from "./published-checkpoint";

export interface PublishedCheckpointEntry extends SignedPublishedCheckpoint {
  seq: number;
  publishedAt: Date;
}

export interface ListPublishedCheckpointsOptions {
  /** Oldest first (the list a witness copies) unless told otherwise (a feed). */
  order?: "oldest_first" | "newest_first";
  limit?: number;
}

/**
 * The published checkpoints as stored. The statement is handed out exactly as the row holds it, not re-parsed: if a
 * row were ever altered, the public list must show the alteration so that every witness sees it, rather than fail.
 */
export async function listPublishedCheckpoints(options: ListPublishedCheckpointsOptions = {}, db: Database = getDatabase()): Promise<PublishedCheckpointEntry[]> {
  const rows = await db.publishedCheckpoint.findMany({
    orderBy: { seq: options.order === "newest_first" ? "desc" : "asc" },
    ...(options.limit === undefined ? {} : { take: options.limit }),
    select: { seq: true, publishedAt: true, checkpoint: true, jws: true },
  });
  return rows.map((row) => ({ seq: Number(row.seq), publishedAt: row.publishedAt, checkpoint: row.checkpoint as PublishedCheckpoint, jws: row.jws }));
}
