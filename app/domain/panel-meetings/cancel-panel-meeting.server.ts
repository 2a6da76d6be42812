import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { lockPanelMeeting } from "./lock-panel-meeting.server";

/** Staff cancel a meeting (ADR 065): it stays listed, marked cancelled; a meeting with minutes was held and cannot be. */
export async function cancelPanelMeeting(input: { meetingId: string; actorUserId: string; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  const now = input.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const meeting = await lockPanelMeeting(tx, input.meetingId);
    if (meeting.closed) throw new AppError("panel_meeting_closed");
    await tx.panelMeeting.update({ where: { id: meeting.id }, data: { cancelledAt: now, updatedAt: now } });
    await recordAuditEvent(
      tx,
      { type: "panel_meeting.changed", outcome: "success", detail: { meetingId: meeting.id, change: "cancelled" } },
      { actorUserId: input.actorUserId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent },
    );
  });
}
