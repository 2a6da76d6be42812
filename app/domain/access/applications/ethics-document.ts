/** The ethics approval document an applicant attaches (issue 27 item 7; ADR 040 amended): what pages may show of it. */

/** At most 10 MB, as the paper consent scans: an approval letter scanned at 300 dpi is a few megabytes. */
export const MAX_ETHICS_DOCUMENT_BYTES = 10 * 1024 * 1024;

export interface EthicsDocumentSummary {
  /** The uploaded name made safe (letters, digits, dash, underscore, `.pdf`), shown to the applicant. */
  fileName: string;
  sha256: string;
  bytes: number;
  uploadedAt: string;
}

/** Where the document is downloaded, by the applicant and by the committee alike. */
export function ethicsDocumentPath(applicationId: string): string {
  return `/applications/${applicationId}/ethics-document/file`;
}
