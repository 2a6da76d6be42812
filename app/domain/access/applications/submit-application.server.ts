import { createHash } from "node:crypto";
import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import { canonicalJson } from "../../consent/index.server";
import { countConsentMatchesFor } from "../matching/count-consent-matches.server";
import { auditApplicationChange, lockApplication } from "./application-audit.server";
import { ApplicationContentSchema, missingForSubmission, researchPurposeOf } from "./application-content";

/**
 * The applicant submits the version being drafted: it is frozen (its canonical SHA-256 stored; the trigger refuses
 * any later write), the application waits for the secretariat, and the audit row keeps what automatic consent
 * matching counted at that moment and the hash of the ethics approval document attached, if any. Refused, with
 * nothing written, while the secretariat has not verified the applicant's institution, when new applications from the
 * applicant are refused (a sanction), or while an item the review needs is unanswered. Under the application's lock,
 * so two submits at once freeze one version once.
 */
export async function submitApplication(input: { applicantId: string; applicationId: string; request: RequestContext }, db: Database = getDatabase()): Promise<{ version: number }> {
  const now = input.request.now ?? new Date();
  const draft = await db.dataAccessApplication.findFirst({
    where: { id: input.applicationId, applicantId: input.applicantId },
    select: { latestVersion: true, versions: { orderBy: { number: "desc" }, take: 1, select: { content: true } } },
  });
  if (!draft) throw new AppError("not_found");
  const preview = ApplicationContentSchema.parse(draft.versions[0]?.content ?? {});
  const counts = await countConsentMatchesFor({ purpose: researchPurposeOf(preview), recipientType: preview.recipientType, recipientCountry: preview.recipientCountry }, db);
  return db.$transaction(async (tx) => {
    const application = await lockApplication(tx, input.applicationId);
    if (!application || application.applicantId !== input.applicantId) throw new AppError("not_found");
    if (application.state !== "draft" && application.state !== "returned") throw new AppError("application_not_editable");
    const profile = await tx.applicantProfile.findUnique({ where: { userId: input.applicantId } });
    if (!profile) throw new AppError("forbidden");
    if (profile.applicationsRefusedAt) throw new AppError("applications_refused");
    if (!profile.verifiedAt) throw new AppError("applicant_not_verified");
    const version = await tx.dataAccessApplicationVersion.findUniqueOrThrow({
      where: { applicationId_number: { applicationId: application.id, number: application.latestVersion } },
    });
    const content = ApplicationContentSchema.parse(version.content);
    if (missingForSubmission(content).length > 0) throw new AppError("application_incomplete");
    const contentHash = createHash("sha256").update(canonicalJson(content), "utf8").digest("hex");
    await tx.dataAccessApplicationVersion.update({ where: { id: version.id }, data: { content, contentHash, submittedAt: now, updatedAt: now } });
    await tx.dataAccessApplication.update({ where: { id: application.id }, data: { state: "submitted", submittedVersion: version.number, updatedAt: now } });
    // Read under the lock an upload also takes, so the hash recorded is the document the committee will be given.
    const ethicsDocument = await tx.applicationEthicsDocument.findUnique({ where: { applicationId: application.id }, select: { sha256: true } });
    await auditApplicationChange(
      tx,
      {
        applicationId: application.id,
        change: "submitted",
        version: version.number,
        matching: { approve: counts.totals.approve.participants, deny: counts.totals.deny.participants, abstain: counts.totals.abstain.participants },
        ethicsDocumentSha256: ethicsDocument?.sha256 ?? null,
      },
      input.applicantId,
      input.request,
    );
    return { version: version.number };
  });
}
