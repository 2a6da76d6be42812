import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import { hasPermission, type Role } from "../../authz";
import { uuidPattern } from "../../kernel/index";
import { requireReviewing, standingOf } from "../committee/reviewer-standing.server";
import type { EthicsDocumentSummary } from "./ethics-document";

/** What the pages show of an application's document, without its bytes; null when none is attached. */
export async function describeEthicsDocument(db: Database, applicationId: string): Promise<EthicsDocumentSummary | null> {
  const document = await db.applicationEthicsDocument.findUnique({ where: { applicationId }, select: { fileName: true, sha256: true, byteSize: true, uploadedAt: true } });
  return document ? { fileName: document.fileName, sha256: document.sha256, bytes: document.byteSize, uploadedAt: document.uploadedAt.toISOString() } : null;
}

/**
 * The ethics approval document, for the applicant who attached it and for the committee as it reads the application
 * (ADR 040): the secretariat once the application was first submitted, a seated member once it is with the committee
 * and they have declared no conflict. A recused member's attempt is refused and recorded as any read of the review is
 * (requireReviewing). Every other account — and every refusal — is "not found", so nobody learns whether an
 * application has a document, or exists.
 */
export async function readEthicsDocument(
  input: { userId: string; roles: readonly Role[]; applicationId: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ content: Uint8Array; sha256: string; downloadName: string }> {
  if (!uuidPattern.test(input.applicationId)) throw new AppError("not_found");
  const application = await db.dataAccessApplication.findUnique({
    where: { id: input.applicationId },
    select: { id: true, reference: true, applicantId: true, submittedVersion: true, reviewRound: true },
  });
  if (!application) throw new AppError("not_found");
  if (application.applicantId !== input.userId && !(await committeeMayRead(db, input, application))) throw new AppError("not_found");
  const document = await db.applicationEthicsDocument.findUnique({ where: { applicationId: application.id }, select: { content: true, sha256: true } });
  if (!document) throw new AppError("not_found");
  // The name sent back is made here, never the uploaded one: a reference is letters, digits and dashes.
  return { content: document.content, sha256: document.sha256, downloadName: `ethics-approval-${application.reference}.pdf` };
}

async function committeeMayRead(
  db: Database,
  input: { userId: string; roles: readonly Role[]; request: RequestContext },
  application: { id: string; submittedVersion: number | null; reviewRound: number },
): Promise<boolean> {
  const now = input.request.now ?? new Date();
  const { seat, standing } = await standingOf(db, input.userId, application.id, now);
  if (seat && standing.kind === "recused") {
    // Writes the refusal's audit row, as every other read of a review by a recused member does.
    await requireReviewing(db, { userId: input.userId, applicationId: application.id, now, request: input.request, path: "ethics_document" }).catch(() => undefined);
    return false;
  }
  if (hasPermission(input.roles, "applications:manage")) return application.submittedVersion !== null;
  return seat !== null && standing.kind === "reviewing" && application.reviewRound > 0;
}
