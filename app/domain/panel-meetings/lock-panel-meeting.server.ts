import type { Transaction } from "../../db.server";
import { AppError } from "../kernel/index";
import { uuidPattern } from "../kernel/index";

/**
 * The meeting's row FOR UPDATE, with whether it can still change (ADR 065): every verb checks and writes under this
 * lock, so a change, a cancellation and the minutes' publication take turns and none lands after minutes are final.
 */
export async function lockPanelMeeting(tx: Transaction, meetingId: string): Promise<{ id: string; scheduledAt: Date; closed: boolean }> {
  if (!uuidPattern.test(meetingId)) throw new AppError("not_found");
  const [row] = await tx.$queryRaw<{ id: string; scheduledAt: Date; cancelledAt: Date | null }[]>`
    SELECT "id"::text, "scheduledAt", "cancelledAt" FROM "PanelMeeting" WHERE "id" = ${meetingId}::uuid FOR UPDATE`;
  if (!row) throw new AppError("not_found");
  // Read after the lock, in a statement of its own: a statement that waited for the lock still sees the rest of the
  // database as it was when it began, and would miss minutes published by the transaction it waited for.
  const minutes = await tx.panelMeetingMinutes.count({ where: { meetingId: row.id } });
  return { id: row.id, scheduledAt: row.scheduledAt, closed: row.cancelledAt !== null || minutes > 0 };
}
