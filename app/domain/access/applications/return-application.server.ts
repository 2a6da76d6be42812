import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import { auditApplicationChange, lockApplication } from "./application-audit.server";

/**
 * The secretariat returns a submitted application for changes, with a note the applicant reads: the submitted
 * version is stamped as returned (its text stays as it was, readable in the history), and the next version opens as
 * a draft holding the same text for the applicant to change. Only a submitted application, not yet with the committee.
 */
export async function returnApplication(
  input: { applicationId: string; note: string; actorUserId: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ nextVersion: number }> {
  const now = input.request.now ?? new Date();
  return db.$transaction(async (tx) => {
    const application = await lockApplication(tx, input.applicationId);
    if (!application) throw new AppError("not_found");
    if (application.state !== "submitted" || application.submittedVersion === null) throw new AppError("application_not_in_state");
    const submitted = await tx.dataAccessApplicationVersion.findUniqueOrThrow({
      where: { applicationId_number: { applicationId: application.id, number: application.submittedVersion } },
    });
    await tx.dataAccessApplicationVersion.update({ where: { id: submitted.id }, data: { returnedAt: now, returnedById: input.actorUserId, returnNote: input.note } });
    const nextVersion = application.latestVersion + 1;
    await tx.dataAccessApplicationVersion.create({
      data: { applicationId: application.id, number: nextVersion, content: submitted.content as object, createdAt: now, updatedAt: now },
    });
    await tx.dataAccessApplication.update({ where: { id: application.id }, data: { state: "returned", latestVersion: nextVersion, updatedAt: now } });
    await auditApplicationChange(tx, { applicationId: application.id, change: "returned", version: submitted.number, note: input.note }, input.actorUserId, input.request);
    return { nextVersion };
  });
}
