import { getDatabase, type Database } from "../../db.server";
import { loadStaffAccess } from "../facilities/index.server";
import { readFindingCaseRecords } from "./finding-case-records.server";

/** How many cases, and since when the oldest has waited (its finding's arrival; null: none). */
export interface FindingCaseCount {
  count: number;
  oldest: Date | null;
}

/**
 * What waits for a counsellor (issue 55 Deliver 5), for their home page: the open cases at their facilities that no
 * counsellor holds yet (`unclaimed`) and those they hold themselves (`mine`). The same records, consent rule and fold
 * as the queue (`listFindingQueue`), so a case the participant's consent hides, a closed case and another facility's
 * case are counted by neither; counts only, without the names the queue reads.
 */
export async function countFindingCases(input: { userId: string }, db: Database = getDatabase()): Promise<{ unclaimed: FindingCaseCount; mine: FindingCaseCount }> {
  const { scope } = await loadStaffAccess(input.userId, db);
  const open = (await readFindingCaseRecords(db, { scope, category: null, facilityId: null })).filter((record) => !record.state.closed);
  const counted = (records: typeof open): FindingCaseCount => ({
    count: records.length,
    oldest: records.length === 0 ? null : new Date(Math.min(...records.map((record) => record.arrivedAt.getTime()))),
  });
  return {
    unclaimed: counted(open.filter((record) => record.state.claimedBy === null)),
    mine: counted(open.filter((record) => record.state.claimedBy === input.userId)),
  };
}
