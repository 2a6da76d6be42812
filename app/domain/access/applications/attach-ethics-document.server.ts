import { createHash } from "node:crypto";
import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import { auditApplicationChange, lockApplication } from "./application-audit.server";
import { ethicsDocumentRefusal, safeEthicsDocumentName } from "./ethics-document-file.server";

/**
 * The applicant attaches their ethics committee's approval as a PDF (issue 27 item 7; ADR 040 amended), while the
 * application can be edited (a draft, or returned for changes). The file is judged by its bytes before anything is
 * written (ethics-document-file.server.ts); a new one replaces the one before — an application has one document, the
 * one the committee reads — and the audit row keeps both hashes. Under the application's lock, as every step: an
 * upload and a submission at the same moment cannot both happen, and two uploads at once leave the later one, each
 * audit row naming the hash it replaced. Another applicant's application is not found.
 */
export async function attachEthicsDocument(
  input: { applicantId: string; applicationId: string; fileName: string; content: Uint8Array; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ sha256: string; previousSha256: string | null }> {
  const refusal = ethicsDocumentRefusal(input.content);
  if (refusal) throw new AppError(refusal);
  const now = input.request.now ?? new Date();
  const sha256 = createHash("sha256").update(input.content).digest("hex");
  const fileName = safeEthicsDocumentName(input.fileName);
  const content = new Uint8Array(input.content);
  return db.$transaction(async (tx) => {
    const application = await lockApplication(tx, input.applicationId);
    if (!application || application.applicantId !== input.applicantId) throw new AppError("not_found");
    if (application.state !== "draft" && application.state !== "returned") throw new AppError("application_not_editable");
    const previous = await tx.applicationEthicsDocument.findUnique({ where: { applicationId: application.id }, select: { sha256: true } });
    const data = { fileName, content, sha256, byteSize: content.length, uploadedById: input.applicantId, uploadedAt: now };
    await tx.applicationEthicsDocument.upsert({ where: { applicationId: application.id }, create: { applicationId: application.id, ...data }, update: data });
    await tx.dataAccessApplication.update({ where: { id: application.id }, data: { updatedAt: now } });
    await auditApplicationChange(
      tx,
      { applicationId: application.id, change: "ethics_document_attached", version: application.latestVersion, document: { sha256, bytes: content.length, previousSha256: previous?.sha256 ?? null } },
      input.applicantId,
      input.request,
    );
    return { sha256, previousSha256: previous?.sha256 ?? null };
  });
}
