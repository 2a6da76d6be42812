import { getDatabase, type Database } from "../../db.server";
import type { ProgrammeArea, UpdateAudience } from "./update-audiences";
import { updateStateOf, type UpdateState } from "./update-state";

export interface StaffUpdateListItem {
  id: string;
  /** The latest version's Japanese title (staff work in Japanese first); "" while not written. */
  title: string;
  audiences: UpdateAudience[];
  programmeArea: ProgrammeArea | null;
  state: UpdateState;
  publishAt: Date | null;
  latestVersion: number;
  createdAt: Date;
}

/** Every update for ELSI staff, newest first: drafts, scheduled, published and being corrected (ADR 038). */
export async function listProgrammeUpdates(options: { now?: Date } = {}, db: Database = getDatabase()): Promise<StaffUpdateListItem[]> {
  const now = options.now ?? new Date();
  const updates = await db.programmeUpdate.findMany({
    orderBy: [{ createdAt: "desc" }],
    take: 500,
    select: { id: true, audiences: true, programmeArea: true, publishAt: true, publishedVersion: true, latestVersion: true, createdAt: true, versions: { orderBy: { number: "desc" }, take: 1, select: { titleJa: true } } },
  });
  return updates.map((update) => ({
    id: update.id,
    title: update.versions[0]?.titleJa ?? "",
    audiences: update.audiences,
    programmeArea: update.programmeArea,
    state: updateStateOf(update, now),
    publishAt: update.publishAt,
    latestVersion: update.latestVersion,
    createdAt: update.createdAt,
  }));
}
