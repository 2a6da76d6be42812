import { z } from "zod";
import { getDatabase, type Database, type Transaction } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { loadStaffAccess, type StaffAccess } from "./load-staff-scope.server";
import { scopeIncludes } from "./participant-scope";

export interface ParticipantInScope {
  participantId: string;
  facilityId: string;
  access: StaffAccess;
}

/**
 * The one gate between a staff member and a participant's record: every staff page, action and API read that
 * names a participant passes through here first. A participant outside the staff member's facilities answers
 * exactly as one that does not exist (not_found → 404, never 403), so an id cannot be confirmed by probing;
 * the attempt is written to the audit log as a denial, with the page it was made from.
 */
export async function requireParticipantInScope(
  options: { staffUserId: string; participantId: string; path: string; request: Pick<RequestContext, "ipAddress" | "userAgent"> },
  db: Database | Transaction = getDatabase(),
): Promise<ParticipantInScope> {
  if (!z.uuid().safeParse(options.participantId).success) throw new AppError("not_found");
  const [participant, access] = await Promise.all([
    db.participant.findUnique({ where: { id: options.participantId }, select: { id: true, facilityId: true, userId: true } }),
    loadStaffAccess(options.staffUserId, db),
  ]);
  if (!participant) throw new AppError("not_found");
  if (!scopeIncludes(access.scope, participant.facilityId)) {
    await recordAuditEvent(
      db,
      {
        type: "authz.participant_out_of_scope",
        outcome: "denied",
        detail: { participantId: participant.id, facilityId: participant.facilityId, path: options.path.slice(0, 300), memberOf: access.memberOf.length },
      },
      { actorUserId: options.staffUserId, subjectUserId: participant.userId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
    );
    throw new AppError("not_found");
  }
  return { participantId: participant.id, facilityId: participant.facilityId, access };
}
