import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { lockPanelMeeting } from "./lock-panel-meeting.server";
import type { MeetingFieldsInput } from "./panel-meeting-forms";

/** Staff change a meeting's time, place, title or agenda (ADR 065) until it is cancelled or its minutes are published. */
export async function savePanelMeeting(input: { meetingId: string; fields: MeetingFieldsInput; actorUserId: string; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  const now = input.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const meeting = await lockPanelMeeting(tx, input.meetingId);
    if (meeting.closed) throw new AppError("panel_meeting_closed");
    await tx.panelMeeting.update({ where: { id: meeting.id }, data: { ...input.fields, placeEn: input.fields.placeEn ?? null, updatedAt: now } });
    await recordAuditEvent(
      tx,
      { type: "panel_meeting.changed", outcome: "success", detail: { meetingId: meeting.id, change: "saved" } },
      { actorUserId: input.actorUserId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent },
    );
  });
}
