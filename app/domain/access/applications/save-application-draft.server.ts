import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import { auditApplicationChange, lockApplication } from "./application-audit.server";
import type { ApplicationContent } from "./application-content";

/**
 * Saves what the applicant wrote into the version being drafted (a new application, or the next version after a
 * return). Decided under the application's lock: once that version is submitted, saving is `application_not_editable`
 * (and the trigger refuses any write to a submitted version). Another applicant's application is not found.
 */
export async function saveApplicationDraft(
  input: { applicantId: string; applicationId: string; content: ApplicationContent; request: RequestContext },
  db: Database = getDatabase(),
): Promise<void> {
  const now = input.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const application = await lockApplication(tx, input.applicationId);
    if (!application || application.applicantId !== input.applicantId) throw new AppError("not_found");
    if (application.state !== "draft" && application.state !== "returned") throw new AppError("application_not_editable");
    await tx.dataAccessApplicationVersion.update({
      where: { applicationId_number: { applicationId: application.id, number: application.latestVersion } },
      data: { content: input.content, updatedAt: now },
    });
    await tx.dataAccessApplication.update({ where: { id: application.id }, data: { updatedAt: now } });
    await auditApplicationChange(tx, { applicationId: application.id, change: "draft_saved", version: application.latestVersion }, input.applicantId, input.request);
  });
}
