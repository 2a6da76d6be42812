import { randomUUID } from "node:crypto";
import { z } from "zod";
import { getDatabase, type Database, type Transaction } from "../../../db.server";
import { readSnapshotContent, SNAPSHOT_TRANSACTION } from "./compute-snapshot.server";
import { ChainHeadSchema, SnapshotContentSchema, type ChainHead } from "./snapshot-figures";

export const SnapshotReasonSchema = z.enum(["schedule", "report", "demo"]);
export type SnapshotReason = z.infer<typeof SnapshotReasonSchema>;

export interface RefreshTransparencySnapshotOptions {
  /** Why it was taken: the hourly schedule, a report being published, or the demo's seed. */
  reason: SnapshotReason;
  /** The moment the figures stand for (which month is the current, unpublished one); now by default. */
  now?: Date;
}

/** What the figures were computed at (ADR 045, issue 54 item 3): the newest published checkpoint's number. */
async function readChainHead(tx: Transaction): Promise<ChainHead> {
  const [published] = await tx.$queryRaw<{ seq: bigint }[]>`SELECT "seq" FROM "PublishedCheckpoint" ORDER BY "seq" DESC LIMIT 1`;
  return ChainHeadSchema.parse({ checkpointSeq: published ? published.seq.toString() : null });
}

/**
 * Computes the public figures and stores them as a new snapshot (issue 16 item 1; ADR 045). The figures and the chain
 * head are read in one read-only REPEATABLE READ transaction, so they all describe one moment; the row is added after
 * it (snapshots are append-only). Run hourly by the job queue, at every report publication and by the demo.
 */
export async function refreshTransparencySnapshot(options: RefreshTransparencySnapshotOptions, db: Database = getDatabase()): Promise<{ id: string; computedAt: Date; durationMs: number }> {
  const reason = SnapshotReasonSchema.parse(options.reason);
  const computedAt = options.now ?? new Date();
  const started = performance.now();
  const { content, chainHead } = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SET TRANSACTION READ ONLY`;
    const head = await readChainHead(tx);
    return { chainHead: head, content: await readSnapshotContent(tx, computedAt) };
  }, SNAPSHOT_TRANSACTION);
  const durationMs = Math.round(performance.now() - started);
  const id = randomUUID();
  await db.transparencySnapshot.create({
    data: {
      id,
      computedAt,
      reason,
      checkpointSeq: chainHead.checkpointSeq === null ? null : BigInt(chainHead.checkpointSeq),
      chainHead,
      figures: SnapshotContentSchema.parse(content),
      durationMs,
    },
  });
  return { id, computedAt, durationMs };
}
