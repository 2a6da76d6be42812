import type { Transaction } from "../../db.server";
import { AppError } from "../kernel/index";
import type { ProgrammeArea, UpdateAudience } from "./update-audiences";

export interface LockedProgrammeUpdate {
  id: string;
  audiences: UpdateAudience[];
  programmeArea: ProgrammeArea | null;
  publishAt: Date | null;
  publishedVersion: number | null;
  latestVersion: number;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUpdateId(value: string): boolean {
  return uuidPattern.test(value);
}

/**
 * The update's row, locked for the rest of the transaction: every verb that writes a version or publishes reads the
 * state it decides on under this lock, so two staff pressing "publish" (or one editing while another publishes)
 * cannot both act on the draft they saw. An id that is not a uuid is `not_found`, like one that does not exist.
 */
export async function lockProgrammeUpdate(tx: Transaction, updateId: string): Promise<LockedProgrammeUpdate> {
  if (!isUpdateId(updateId)) throw new AppError("not_found");
  const [row] = await tx.$queryRaw<LockedProgrammeUpdate[]>`
    SELECT "id", "audiences"::text[] AS "audiences", "programmeArea"::text AS "programmeArea", "publishAt", "publishedVersion", "latestVersion"
      FROM "ProgrammeUpdate" WHERE "id" = ${updateId}::uuid FOR UPDATE`;
  if (!row) throw new AppError("not_found");
  return row;
}
