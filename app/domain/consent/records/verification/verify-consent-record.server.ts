import { createHash } from "node:crypto";
import { z } from "zod";
import { getDatabase, type Database } from "../../../../db.server";
import { recordAuditEvent } from "../../../kernel/index.server";
import type { RequestContext } from "../../../kernel/index";
import { FormContentSchema } from "@tsunagi/consent-rules/form-content";
import { formContentHash } from "../../forms/index.server";
import { normaliseVerificationCode } from "../../ledger/index.server";
import type { ConsentEventType, ConsentMethod } from "@tsunagi/consent-rules/ledger-event";
import { recordFromRow } from "../../ledger/index";
import { checkRecordIntegrity, type RecordProblem } from "./record-integrity";
import { takeVerificationLookup } from "./verification-rate-limit.server";

/** A copy is at most a few hundred kilobytes; the server refuses bodies over 1 MB before they reach us anyway. */
export const maxUploadedPdfBytes = 1_000_000;

export const VerificationLookupSchema = z.object({
  code: z.string().trim().min(1).max(64),
  pdf: z.file().max(maxUploadedPdfBytes).optional(),
});

/**
 * Exactly what the PDF holder can already read on the copy: no name, no choices, no pseudonymous ID, no
 * participant at all. Anyone with a code may ask, so the answer must reveal nothing beyond the paper.
 */
export interface PublicRecord {
  type: ConsentEventType;
  occurredAt: string;
  method: ConsentMethod;
  formVersion: string | null;
  formVersionHash: string | null;
  eventHash: string;
  verificationCode: string;
}

export type PdfComparison = "match" | "mismatch" | "no_stored_copy" | "not_pdf";

export type VerificationResult =
  | { kind: "malformed" }
  | { kind: "rate_limited" }
  | { kind: "not_found"; code: string }
  | { kind: "intact"; code: string; record: PublicRecord; pdf: PdfComparison | null }
  | { kind: "broken"; code: string; problem: RecordProblem };

async function compareUpload(db: Database, eventId: string, pdf: Uint8Array): Promise<PdfComparison> {
  if (Buffer.from(pdf.subarray(0, 5)).toString("latin1") !== "%PDF-") return "not_pdf";
  const stored = await db.consentDocument.findUnique({ where: { eventId }, select: { sha256: true } });
  if (!stored) return "no_stored_copy";
  return createHash("sha256").update(pdf).digest("hex") === stored.sha256 ? "match" : "mismatch";
}

/**
 * The public check behind /verify: finds the ledger event a code was printed for and proves, live, that it is
 * intact — its hash recomputed from the stored body, its participant chain unbroken up to it, its link in the
 * global chain and its form version's hash. Optionally compares an uploaded PDF with the stored copy. Every
 * lookup is audited by address and rate-limited per address.
 */
export async function verifyConsentRecord(
  options: { code: string; pdf?: Uint8Array | null; request: RequestContext },
  db: Database = getDatabase(),
): Promise<VerificationResult> {
  const code = normaliseVerificationCode(options.code);
  if (!code) return { kind: "malformed" };
  const context = { actorUserId: null, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent };
  if (!(await takeVerificationLookup({ ipAddress: options.request.ipAddress })).allowed) {
    await recordAuditEvent(db, { type: "consent_record.verified", outcome: "rate_limited", detail: { found: false } }, context);
    return { kind: "rate_limited" };
  }
  const row = await db.consentEvent.findUnique({ where: { verificationCode: code } });
  if (!row) {
    await recordAuditEvent(db, { type: "consent_record.verified", outcome: "failure", detail: { found: false } }, context);
    return { kind: "not_found", code };
  }
  const record = recordFromRow(row);
  const [chainRows, globalPrevious, form] = await Promise.all([
    db.consentEvent.findMany({ where: { participantId: row.participantId, participantSeq: { lte: row.participantSeq } }, orderBy: { participantSeq: "asc" } }),
    row.globalSeq > 1n ? db.consentEvent.findUnique({ where: { globalSeq: row.globalSeq - 1n }, select: { chainHash: true } }) : Promise.resolve(null),
    row.formVersionId ? db.consentFormVersion.findUnique({ where: { id: row.formVersionId } }) : Promise.resolve(null),
  ]);
  const parsedForm = form ? FormContentSchema.safeParse(form.content) : null;
  const integrity = checkRecordIntegrity(
    chainRows.map(recordFromRow),
    row.globalSeq > 1n ? (globalPrevious ?? { chainHash: "missing" }) : null,
    row.formVersionId ? { expectedHash: form?.contentHash ?? null, recomputedHash: parsedForm?.success ? formContentHash(parsedForm.data) : null } : null,
  );
  if (!integrity.intact) {
    await recordAuditEvent(db, { type: "consent_record.verified", outcome: "failure", detail: { found: true, intact: false, eventId: record.id } }, context);
    return { kind: "broken", code, problem: integrity.problem };
  }
  const pdf = options.pdf?.length ? await compareUpload(db, record.id, options.pdf) : null;
  await recordAuditEvent(
    db,
    { type: "consent_record.verified", outcome: "success", detail: { found: true, intact: true, eventId: record.id, ...(pdf ? { pdf } : {}) } },
    context,
  );
  return {
    kind: "intact",
    code,
    pdf,
    record: {
      type: record.type,
      occurredAt: record.occurredAt,
      method: record.method,
      formVersion: form?.version ?? null,
      formVersionHash: record.formVersionHash,
      eventHash: record.hash,
      verificationCode: record.verificationCode,
    },
  };
}
