import { z } from "zod";
import { findingsCategories } from "@tsunagi/consent-rules/choice-catalogue";
import { freeTextSchema } from "../kernel/index";

/**
 * The body of `POST /api/v1/findings` (ADR 032). Pure: the domain verb, the OpenAPI document and the tests read the
 * same schema. Every identifier is a plain code (no spaces, no Unicode beyond ASCII), so a hostile character can never
 * reach the database or a counsellor's screen through one; the one free text, the evidence summary, follows the text
 * rules of ADR 021.
 */

/** A decoded lab report may be at most this large: a lab's report PDF is tens to hundreds of kilobytes, and a request
 * body stays under the edge's 1 MB default with the base64 (4/3) around it (server/request-body.ts). */
export const maxReportPdfBytes = 700_000;
export const maxEvidenceSummaryCharacters = 2_000;
const maxVariantCharacters = 200;

const codePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function code(max: number, what: string) {
  return z
    .string()
    .min(1, `${what} is empty`)
    .max(max, `${what} is longer than ${max} characters`)
    .regex(codePattern, `${what} may hold only ASCII letters, digits, '.', '_' and '-', starting with a letter or digit`);
}

/**
 * One HGVS expression on a versioned reference sequence: a RefSeq transcript or genomic accession (NM_, NR_, NC_, NG_),
 * an Ensembl transcript (ENST…) or an LRG, optionally the gene in brackets, then `c.`, `g.`, `m.`, `n.` or `r.` and
 * the change (`NM_007294.4:c.68_69del`, `NM_000059.4(BRCA2):c.5946del`). It is a shape check, not a validator of the
 * nomenclature: the lab's report is the clinical record, and the counsellor reads the variant there too.
 */
export const hgvsPattern =
  /^(?:N[MRCG]_\d+\.\d+|ENST\d+\.\d+|LRG_\d+(?:t\d+)?)(?:\([A-Z][A-Z0-9-]*\))?:[cgmnr]\.(?=[^\s]*\d)[A-Za-z0-9_+*>()[\];=?.-]+$/;

// Standard base64 only, padded; whitespace or a data: URL prefix is refused rather than guessed at.
const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const maxReportPdfBase64 = Math.ceil(maxReportPdfBytes / 3) * 4;

export const FindingSubmissionSchema = z.strictObject({
  labId: code(64, "labId"),
  labFindingId: code(128, "labFindingId"),
  sampleCode: code(64, "sampleCode"),
  // An HGNC symbol as the ACMG table writes it; whether it is on the list is answered separately (422 unknown_gene).
  gene: z.string().min(1, "gene is empty").max(20, "gene is longer than 20 characters").regex(/^[A-Z][A-Z0-9-]*$/, "gene must be an HGNC symbol in capitals (BRCA1)"),
  variant: z
    .string()
    .min(1, "variant is empty")
    .max(maxVariantCharacters, `variant is longer than ${maxVariantCharacters} characters`)
    .regex(hgvsPattern, "variant must be one HGVS expression on a versioned reference (NM_007294.4:c.68_69del)"),
  classification: z.enum(["P", "LP"], { error: "classification must be P or LP" }),
  evidenceSummary: freeTextSchema(maxEvidenceSummaryCharacters),
  reportPdf: z
    .string()
    .min(1, "reportPdf is empty")
    .max(maxReportPdfBase64, `reportPdf is larger than ${maxReportPdfBytes} bytes`)
    .regex(base64Pattern, "reportPdf must be standard base64 (no line breaks, no data: prefix)")
    .transform((value) => Buffer.from(value, "base64"))
    .refine((pdf) => pdf.subarray(0, 5).toString("latin1") === "%PDF-", "reportPdf is not a PDF (it must start with %PDF-)"),
  category: z.enum(findingsCategories, { error: `category must be one of ${findingsCategories.join(", ")}` }).optional(),
});

export type FindingSubmission = z.output<typeof FindingSubmissionSchema>;
