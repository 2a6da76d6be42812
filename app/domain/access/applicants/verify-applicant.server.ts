import { getDatabase, type Database } from "../../../db.server";
import { recordAuditEvent } from "../../kernel/index.server";
import type { ApplicantChangeOutcome } from "../sanctions/refuse-new-applications.server";

/**
 * The secretariat has checked an applicant's institution (issue 15 item 1; ADR 043): a submission is accepted only
 * from a verified applicant. Compare-and-set on `verifiedAt` being empty, with the audit row in one transaction; a
 * second verification changes nothing and writes nothing.
 */
export async function verifyApplicant(
  input: { applicantId: string; actor: { userId: string }; request?: { ipAddress?: string | null; userAgent?: string | null }; now?: Date },
  db: Database = getDatabase(),
): Promise<Exclude<ApplicantChangeOutcome, "invalid">> {
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    const { count } = await tx.applicantProfile.updateMany({ where: { userId: input.applicantId, verifiedAt: null }, data: { verifiedAt: now, verifiedById: input.actor.userId } });
    const profile = await tx.applicantProfile.findUnique({ where: { userId: input.applicantId }, select: { institution: true } });
    if (!profile) return "not_found";
    if (count === 0) return "unchanged";
    await recordAuditEvent(
      tx,
      { type: "access.applicant_verified", outcome: "success", detail: { applicantId: input.applicantId, institution: profile.institution } },
      { actorUserId: input.actor.userId, subjectUserId: input.applicantId, ipAddress: input.request?.ipAddress, userAgent: input.request?.userAgent },
    );
    return "changed";
  });
}
