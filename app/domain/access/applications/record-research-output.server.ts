import { getDatabase, type Database } from "../../../db.server";
import { AppError, type RequestContext } from "../../kernel/index";
import { auditApplicationChange } from "./application-audit.server";
import type { ResearchOutputForm } from "./research-output";

/**
 * The approved applicant records what came of the use (issue 57 item 5; ADR 139): a publication, a dataset, a trial
 * or a new treatment, with a plain-language summary in three languages. Only on their own application, and only once
 * it has an approval (a revoked or ended one still takes it: what was published under it stays public). Appended, never
 * changed; audited in the same transaction. Returns the output's id.
 */
export async function recordResearchOutput(input: { applicantId: string; applicationId: string; output: ResearchOutputForm; request: RequestContext }, db: Database = getDatabase()): Promise<string> {
  return db.$transaction(async (tx) => {
    const application = await tx.dataAccessApplication.findFirst({ where: { id: input.applicationId, applicantId: input.applicantId }, select: { id: true, approval: { select: { id: true } } } });
    if (!application) throw new AppError("not_found");
    if (!application.approval) throw new AppError("application_not_in_state");
    const { output } = input;
    const created = await tx.researchOutput.create({
      data: {
        approvalId: application.approval.id,
        kind: output.kind,
        title: output.title,
        identifier: output.identifier,
        publishedOn: new Date(`${output.publishedOn}T00:00:00Z`),
        summaryJa: output.summaryJa,
        summaryJaEasy: output.summaryJaEasy,
        summaryEn: output.summaryEn,
        recordedById: input.applicantId,
      },
      select: { id: true },
    });
    await auditApplicationChange(tx, { applicationId: application.id, change: "research_output_recorded", note: `${output.kind} ${created.id}` }, input.applicantId, input.request);
    return created.id;
  });
}
