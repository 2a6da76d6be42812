import { z } from "zod";
import { findingsCategories } from "@tsunagi/consent-rules/choice-catalogue";
import { base64PdfField, codeField, hgvsPatternFor } from "../api-tokens/index";
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

/** As api-tokens' json-api-fields.ts says it: c., g., m., n. or r. (a lab reports a finding at the DNA or RNA level). */
export const hgvsPattern = hgvsPatternFor({ protein: false });

export const FindingSubmissionSchema = z.strictObject({
  labId: codeField(64, "labId"),
  labFindingId: codeField(128, "labFindingId"),
  sampleCode: codeField(64, "sampleCode"),
  // An HGNC symbol as the ACMG table writes it; whether it is on the list is answered separately (422 unknown_gene).
  gene: z.string().min(1, "gene is empty").max(20, "gene is longer than 20 characters").regex(/^[A-Z][A-Z0-9-]*$/, "gene must be an HGNC symbol in capitals (BRCA1)"),
  variant: z
    .string()
    .min(1, "variant is empty")
    .max(maxVariantCharacters, `variant is longer than ${maxVariantCharacters} characters`)
    .regex(hgvsPattern, "variant must be one HGVS expression on a versioned reference (NM_007294.4:c.68_69del)"),
  classification: z.enum(["P", "LP"], { error: "classification must be P or LP" }),
  evidenceSummary: freeTextSchema(maxEvidenceSummaryCharacters),
  reportPdf: base64PdfField(maxReportPdfBytes, "reportPdf"),
  category: z.enum(findingsCategories, { error: `category must be one of ${findingsCategories.join(", ")}` }).optional(),
});

export type FindingSubmission = z.output<typeof FindingSubmissionSchema>;
