/**
 * The data-access records the authorization matrix addresses (issue 15; ADR 043): the applicant visitor's own approved
 * application, another applicant's — each with an ethics approval document attached (issue 27 item 7) — the public
 * reference of an approved one and of a draft (which the register never shows), an applicant the secretariat has not
 * verified yet, and an account an administrator made that has never been used (its welcome link may be sent again).
 */
import { createHash } from "node:crypto";
import { getDatabase } from "../../app/db.server";
import { createApplicant, createApplication, type CreatedApplicant } from "../factories/data-access-factory";
import { createUser, type CreatedUser } from "../factories/user-factory";

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
  /** A committee account an administrator made, never signed in to: its welcome link may be sent again (ADR 042). */
  waitingAccountId: string;
}

/** A small PDF as the ethics-document check accepts it. */
const ethicsPdf = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "latin1");

async function attachEthicsDocument(applicationId: string, uploadedById: string): Promise<void> {
  const content = new Uint8Array(ethicsPdf);
  const sha256 = createHash("sha256").update(content).digest("hex");
  await getDatabase().applicationEthicsDocument.create({ data: { applicationId, fileName: "approval.pdf", content, sha256, byteSize: content.length, uploadedById, uploadedAt: new Date() } });
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
  await attachEthicsDocument(own.id, applicantVisitor.id);
  await attachEthicsDocument(foreign.id, foreign.applicant.user.id);
  const waiting = await createUser({ role: "dac_expert", password: null });
  return {
    ownApplicationId: own.id,
    foreignApplicationId: foreign.id,
    approvedReference: foreign.reference,
    draftReference: draft.reference,
    unverifiedApplicantId: unverified.user.id,
    waitingAccountId: waiting.id,
  };
}

/** A cell may verify the unverified applicant: put them back. */
export async function restoreAccessWorld(access: AccessWorld): Promise<void> {
  await getDatabase().applicantProfile.update({ where: { userId: access.unverifiedApplicantId }, data: { verifiedAt: null, verifiedById: null } });
}
