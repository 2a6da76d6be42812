import { getDatabase, type Database } from "../../../db.server";
import { recordAuditEvent } from "../../kernel/index.server";
import { sanctionReasonSchema } from "./applicant-action-schema";

/**
 * A sanction under the data policy (新たな利用申請の拒絶; issue 15 item 5; ADR 043): from now on no new application
 * from this applicant is accepted (the submission verb checks `applicationsRefusedAt`). Compare-and-set — the profile
 * is written only while not already refused, in the statement that checks it — with its audit row, in one
 * transaction. Applications already approved are not touched: suspending or revoking those is its own action.
 */
export type ApplicantChangeOutcome = "changed" | "unchanged" | "not_found" | "invalid";

export interface ApplicantSanctionInput {
  applicantId: string;
  reason: string;
  actor: { userId: string };
  request?: { ipAddress?: string | null; userAgent?: string | null };
  now?: Date;
}

export async function refuseNewApplications(input: ApplicantSanctionInput, db: Database = getDatabase()): Promise<ApplicantChangeOutcome> {
  const reason = sanctionReasonSchema.safeParse(input.reason);
  if (!reason.success) return "invalid";
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    const { count } = await tx.applicantProfile.updateMany({
      where: { userId: input.applicantId, applicationsRefusedAt: null },
      data: { applicationsRefusedAt: now, applicationsRefusedWhy: reason.data },
    });
    if (count === 0) return (await tx.applicantProfile.count({ where: { userId: input.applicantId } })) === 0 ? "not_found" : "unchanged";
    await recordAuditEvent(
      tx,
      { type: "access.applicant_applications_changed", outcome: "success", detail: { applicantId: input.applicantId, change: "refused", reason: reason.data } },
      { actorUserId: input.actor.userId, subjectUserId: input.applicantId, ipAddress: input.request?.ipAddress, userAgent: input.request?.userAgent },
    );
    return "changed";
  });
}
