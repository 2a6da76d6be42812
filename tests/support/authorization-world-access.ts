/**
 * The data-access records the authorization matrix addresses (issue 15; ADR 043): the applicant visitor's own approved
 * application, another applicant's, the public reference of an approved one and of a draft (which the register never
 * shows), and an applicant the secretariat has not verified yet.
 */
import { getDatabase } from "../../app/db.server";
import { createApplicant, createApplication, type CreatedApplicant } from "../factories/data-access-factory";
import type { CreatedUser } from "../factories/user-factory";

export interface AccessWorld {
  /** The applicant visitor's approved application (active approval): own. */
  ownApplicationId: string;
  /** Another applicant's approved application: foreign. */
  foreignApplicationId: string;
  /** The register's references: an approved application's, and a draft's. */
  approvedReference: string;
  draftReference: string;
  /** An applicant whose institution is not verified: the secretariat's form names them. */
  unverifiedApplicantId: string;
}

export async function buildAccessWorld(applicantVisitor: CreatedUser): Promise<AccessWorld> {
  const db = getDatabase();
  const institution = "照合研究所";
  await db.applicantProfile.upsert({ where: { userId: applicantVisitor.id }, create: { userId: applicantVisitor.id, institution, country: "JP", verifiedAt: new Date() }, update: {} });
  const visitor: CreatedApplicant = { user: applicantVisitor, institution, displayName: "Test applicant" };
  const own = await createApplication({ applicant: visitor });
  const foreign = await createApplication();
  const draft = await createApplication({ applicant: visitor, state: "draft" });
  const unverified = await createApplicant({ verified: false });
  return { ownApplicationId: own.id, foreignApplicationId: foreign.id, approvedReference: foreign.reference, draftReference: draft.reference, unverifiedApplicantId: unverified.user.id };
}

/** A cell may verify the unverified applicant: put them back. */
export async function restoreAccessWorld(access: AccessWorld): Promise<void> {
  await getDatabase().applicantProfile.update({ where: { userId: access.unverifiedApplicantId }, data: { verifiedAt: null, verifiedById: null } });
}
