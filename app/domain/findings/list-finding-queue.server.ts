import type { FindingsCategory } from "@tsunagi/consent-rules/choice-catalogue";
import { getDatabase, type Database } from "../../db.server";
import { loadStaffAccess } from "../facilities/index.server";
import { readFindingCaseRecords } from "./finding-case-records.server";

/** One line of the counsellor's queue. Nothing of the finding's content: category and clocks only. */
export interface FindingQueueEntry {
  findingId: string;
  pseudonym: string;
  category: FindingsCategory;
  facility: { id: string; code: string; nameJa: string; nameEn: string };
  /** "to return", "offer counselling to decide", or "updated" (a re-interpretation reopened a closed case). */
  state: "to_return" | "offer_counselling" | "updated";
  arrivedAt: Date;
  /** Whole days since the finding arrived, in Japan's calendar. */
  daysWaiting: number;
  claimedBy: { id: string; displayName: string } | null;
  appointmentScheduled: boolean;
}

export interface FindingQueueFilters {
  userId: string;
  category?: FindingsCategory | null;
  facilityId?: string | null;
  now?: Date;
}

const DAY = 86_400_000;
const JST = 9 * 3_600_000;

/** Days between two instants as the calendar in Japan counts them (arrived yesterday evening = 1 day). */
export function daysSince(from: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() + JST) / DAY) - Math.floor((from.getTime() + JST) / DAY));
}

/**
 * The counsellor's queue (issue 13 item 4; ADR 034): every open finding at the counsellor's facilities whose
 * participant's consent, read now, puts it in the queue — oldest first, with days since arrival. A finding the
 * consent hides is never returned; a closed case is not listed unless a re-interpretation reopened it ("updated").
 */
export async function listFindingQueue(filters: FindingQueueFilters, db: Database = getDatabase()): Promise<FindingQueueEntry[]> {
  const now = filters.now ?? new Date();
  const { scope } = await loadStaffAccess(filters.userId, db);
  const records = await readFindingCaseRecords(db, { scope, category: filters.category ?? null, facilityId: filters.facilityId ?? null });
  const open = records.filter((record) => !record.state.closed);
  const claimers = [...new Set(open.map((record) => record.state.claimedBy).filter((id): id is string => id !== null))];
  const names = new Map(
    claimers.length === 0 ? [] : (await db.user.findMany({ where: { id: { in: claimers } }, select: { id: true, displayName: true } })).map((user) => [user.id, user.displayName]),
  );
  return open.map((record) => ({
    findingId: record.findingId,
    pseudonym: record.pseudonym,
    category: record.category,
    facility: record.facility,
    state: record.state.updated ? "updated" : record.queueState,
    arrivedAt: record.arrivedAt,
    daysWaiting: daysSince(record.arrivedAt, now),
    claimedBy: record.state.claimedBy ? { id: record.state.claimedBy, displayName: names.get(record.state.claimedBy) ?? "" } : null,
    appointmentScheduled: record.state.appointment !== null,
  }));
}
