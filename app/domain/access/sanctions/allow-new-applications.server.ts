import { getDatabase, type Database } from "../../../db.server";
import { recordAuditEvent } from "../../kernel/index.server";
import { sanctionReasonSchema } from "./applicant-action-schema";
import type { ApplicantChangeOutcome, ApplicantSanctionInput } from "./refuse-new-applications.server";

/**
 * Lifts the refusal of new applications (the reverse of refuse-new-applications.server.ts; ADR 043), with the reason
 * in the audit row. Compare-and-set on `applicationsRefusedAt` being set, with the audit row in one transaction.
 */
export async function allowNewApplications(input: ApplicantSanctionInput, db: Database = getDatabase()): Promise<ApplicantChangeOutcome> {
  const reason = sanctionReasonSchema.safeParse(input.reason);
  if (!reason.success) return "invalid";
  return db.$transaction(async (tx) => {
    const { count } = await tx.applicantProfile.updateMany({
      where: { userId: input.applicantId, applicationsRefusedAt: { not: null } },
      data: { applicationsRefusedAt: null, applicationsRefusedWhy: null },
    });
    if (count === 0) return (await tx.applicantProfile.count({ where: { userId: input.applicantId } })) === 0 ? "not_found" : "unchanged";
    await recordAuditEvent(
      tx,
      { type: "access.applicant_applications_changed", outcome: "success", detail: { applicantId: input.applicantId, change: "allowed", reason: reason.data } },
      { actorUserId: input.actor.userId, subjectUserId: input.applicantId, ipAddress: input.request?.ipAddress, userAgent: input.request?.userAgent },
    );
    return "changed";
  });
}
