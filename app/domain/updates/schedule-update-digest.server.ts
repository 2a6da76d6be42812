import { getDatabase, type Database } from "../../db.server";
import { enqueueJob } from "../jobs/index.server";

/**
 * Asks the queue for a digest run (ADR 038). Called by the scheduled jobs every few hours; the job itself mails
 * only readers whose last digest is a week old, so how often this runs sets how close to "weekly" a digest is, never
 * how many a reader gets. One waiting run at a time (job key).
 */
export async function scheduleUpdateDigest(db: Database = getDatabase()): Promise<void> {
  await db.$transaction((tx) => enqueueJob(tx, "updates.digest", {}, { jobKey: "updates.digest" }));
}
