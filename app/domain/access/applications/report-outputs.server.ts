import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import { auditApplicationChange } from "./application-audit.server";

/**
 * The approved applicant reports what came of the use (papers, patents, datasets; the policy's 届け出): the text the
 * public register shows as outputs. Only on their own approved application; a revoked approval still takes a report
 * (what was published under it stays public). Each report replaces the last, audited with its length.
 */
export async function reportOutputs(input: { applicantId: string; applicationId: string; outputs: string; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  const now = input.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const application = await tx.dataAccessApplication.findFirst({ where: { id: input.applicationId, applicantId: input.applicantId }, include: { approval: true } });
    if (!application) throw new AppError("not_found");
    if (!application.approval) throw new AppError("application_not_in_state");
    await tx.dataAccessApproval.update({ where: { id: application.approval.id }, data: { outputs: input.outputs, updatedAt: now } });
    await auditApplicationChange(tx, { applicationId: application.id, change: "outputs_reported", note: `${input.outputs.length} characters` }, input.applicantId, input.request);
  });
}
