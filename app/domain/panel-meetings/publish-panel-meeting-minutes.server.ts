import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { lockPanelMeeting } from "./lock-panel-meeting.server";
import type { MinutesFields } from "./panel-meeting-forms";

/**
 * Staff publish a held meeting's minutes (ADR 065): in three languages with the number of panel members present,
 * final once written (the app's role may not change or delete them), and the meeting with them. Not before the
 * meeting's time, not for a cancelled meeting, and once only: two publications at the same moment take turns on the
 * meeting's lock and the second is refused.
 */
export async function publishPanelMeetingMinutes(input: { meetingId: string; minutes: MinutesFields; actorUserId: string; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  const now = input.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const meeting = await lockPanelMeeting(tx, input.meetingId);
    if (meeting.closed) throw new AppError("panel_meeting_closed");
    if (meeting.scheduledAt.getTime() > now.getTime()) throw new AppError("panel_meeting_not_held");
    await tx.panelMeetingMinutes.create({ data: { meetingId: meeting.id, ...input.minutes, publishedAt: now, publishedById: input.actorUserId } });
    await recordAuditEvent(
      tx,
      { type: "panel_meeting.changed", outcome: "success", detail: { meetingId: meeting.id, change: "minutes_published" } },
      { actorUserId: input.actorUserId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent },
    );
  });
}
