import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import { auditApplicationChange } from "./application-audit.server";
import { emptyApplicationContent, isJapaneseText } from "./application-content";

/**
 * An applicant starts an application: an empty draft (version 1) with the next public reference (DA-<year>-<n>,
 * numbered under a transaction-scoped advisory lock so two starts at once never share one). A sanctioned applicant
 * (new applications refused under the data policy) cannot start one; an unverified one can, and submits later.
 */
export async function startApplication(input: { applicantId: string; request: RequestContext }, db: Database = getDatabase()): Promise<{ id: string; reference: string }> {
  const now = input.request.now ?? new Date();
  return db.$transaction(async (tx) => {
    const profile = await tx.applicantProfile.findUnique({ where: { userId: input.applicantId } });
    // No applicant profile yet: the account has not signed up as an applicant, so is not one to verify.
    if (!profile) throw new AppError("applicant_not_verified");
    if (profile.applicationsRefusedAt) throw new AppError("applications_refused");
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('tsunagi.application_reference'))`;
    const year = now.getUTCFullYear();
    const count = await tx.dataAccessApplication.count({ where: { reference: { startsWith: `DA-${year}-` } } });
    const reference = `DA-${year}-${String(count + 1).padStart(4, "0")}`;
    // The institution starts as the verified one, in the language it is written in; the applicant adds the other.
    const content = { ...emptyApplicationContent, [isJapaneseText(profile.institution) ? "institutionJa" : "institutionEn"]: profile.institution };
    const application = await tx.dataAccessApplication.create({
      data: { reference, applicantId: input.applicantId, createdAt: now, updatedAt: now, versions: { create: { number: 1, content, createdAt: now, updatedAt: now } } },
    });
    await auditApplicationChange(tx, { applicationId: application.id, change: "created", version: 1 }, input.applicantId, input.request);
    return { id: application.id, reference };
  });
}
