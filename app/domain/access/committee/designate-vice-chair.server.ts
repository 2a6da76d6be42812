import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import { recordAuditEvent } from "../../kernel/index.server";
import type { RequestContext } from "../../kernel/index";
import { COMMITTEE_NAME, seatedWhere } from "./committee-seats.server";

/**
 * The secretariat designates one seated expert vice-chair, or no one (`memberId` null). The vice-chair closes the vote
 * and records the decision on an application the chair is recused from (ADR 040, amendment of 2026-12-02). Only an
 * expert seat: a panel member is on the committee to vote as a participant, not to hold the pen of the decision, and
 * a second chair seat would already decide in its own right. Under the committee's advisory lock, with seating and
 * unseating, so a designation never lands on a seat ended at the same moment. Designating the member already
 * designated writes nothing.
 */
export async function designateViceChair(input: { memberId: string | null; actorUserId: string; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  const now = input.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('tsunagi.committee_members'))`;
    const committee = await tx.dataAccessCommittee.findUniqueOrThrow({ where: { name: COMMITTEE_NAME }, select: { id: true, viceChairMemberId: true } });
    if (input.memberId === null) {
      if (committee.viceChairMemberId === null) return;
      const previous = await tx.committeeMember.findUniqueOrThrow({ where: { id: committee.viceChairMemberId } });
      await tx.dataAccessCommittee.update({ where: { id: committee.id }, data: { viceChairMemberId: null, updatedAt: now } });
      await recordAuditEvent(
        tx,
        { type: "access.committee_changed", outcome: "success", detail: { change: "vice_chair_cleared", memberId: previous.id, userId: previous.userId, seat: previous.seat } },
        { actorUserId: input.actorUserId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent },
      );
      return;
    }
    const member = await tx.committeeMember.findFirst({ where: { ...seatedWhere(now), id: input.memberId } });
    if (!member) throw new AppError("not_a_committee_member");
    if (member.seat !== "expert") throw new AppError("vice_chair_must_be_expert");
    if (committee.viceChairMemberId === member.id) return;
    await tx.dataAccessCommittee.update({ where: { id: committee.id }, data: { viceChairMemberId: member.id, updatedAt: now } });
    await recordAuditEvent(
      tx,
      { type: "access.committee_changed", outcome: "success", detail: { change: "vice_chair_designated", memberId: member.id, userId: member.userId, seat: member.seat } },
      { actorUserId: input.actorUserId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent },
    );
  });
}
