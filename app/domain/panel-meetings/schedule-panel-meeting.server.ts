import { getDatabase, type Database } from "../../db.server";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import type { MeetingFieldsInput } from "./panel-meeting-forms";

/** ELSI/PPI staff announce a panel meeting with its agenda (issue 28 item 7; ADR 065): public from now on. */
export async function schedulePanelMeeting(input: { fields: MeetingFieldsInput; actorUserId: string; request: RequestContext }, db: Database = getDatabase()): Promise<{ meetingId: string }> {
  const now = input.request.now ?? new Date();
  return db.$transaction(async (tx) => {
    const meeting = await tx.panelMeeting.create({ data: { ...input.fields, placeEn: input.fields.placeEn ?? null, createdById: input.actorUserId, createdAt: now, updatedAt: now }, select: { id: true } });
    await recordAuditEvent(
      tx,
      { type: "panel_meeting.changed", outcome: "success", detail: { meetingId: meeting.id, change: "scheduled" } },
      { actorUserId: input.actorUserId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent },
    );
    return { meetingId: meeting.id };
  });
}
