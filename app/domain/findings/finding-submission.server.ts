import { z } from "zod";
import { acmgSfVersion } from "@tsunagi/consent-rules/acmg-sf-v3-2";
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
  gene: z
    .string()
    .min(1, "gene is empty")
    .max(20, "gene is longer than 20 characters")
    .regex(/^[A-Z][A-Z0-9-]*$/, "gene must be an HGNC symbol in capitals (BRCA1)")
    .meta({ description: `A gene of the ACMG SF v${acmgSfVersion} list (HGNC symbol)` }),
  variant: z
    .string()
    .min(1, "variant is empty")
    .max(maxVariantCharacters, `variant is longer than ${maxVariantCharacters} characters`)
    .regex(hgvsPattern, "variant must be one HGVS expression on a versioned reference (NM_007294.4:c.68_69del)")
    .meta({ description: "One HGVS expression on a versioned reference sequence", examples: ["NM_007294.4:c.68_69del"] }),
  classification: z.enum(["P", "LP"], { error: "classification must be P or LP" }),
  // The text rules are a check zod cannot put in JSON Schema; the length it can, said here for the document.
  evidenceSummary: freeTextSchema(maxEvidenceSummaryCharacters).meta({
    minLength: 1,
    maxLength: maxEvidenceSummaryCharacters,
    description: "Plain text; no control characters other than line breaks, nothing that reorders text",
  }),
  reportPdf: base64PdfField(maxReportPdfBytes, "reportPdf").meta({
    contentEncoding: "base64",
    contentMediaType: "application/pdf",
    description: `The lab report, at most ${maxReportPdfBytes} bytes decoded; it must start with %PDF-`,
  }),
  category: z
    .enum(findingsCategories, { error: `category must be one of ${findingsCategories.join(", ")}` })
    .optional()
    .meta({ description: "Optional; when given it must be the gene's category on the list" }),
});

export type FindingSubmission = z.output<typeof FindingSubmissionSchema>;

/** What `POST /api/v1/findings` answers with 200 or 201: the verb builds it as this type, the document shows this schema. */
export const FindingSubmittedSchema = z.strictObject({
  findingId: z.uuid(),
  version: z.number().int().min(1).meta({ description: "The version this content is stored as" }),
  reinterpretation: z.boolean().meta({ description: "The classification or variant differs from the version before it" }),
  created: z.boolean().meta({ description: "Whether this request stored anything (false: the same content was already stored)" }),
  category: z.enum(findingsCategories),
  gene: z.string(),
  geneListVersion: z.string().meta({ examples: [acmgSfVersion] }),
});

export type FindingSubmitted = z.output<typeof FindingSubmittedSchema>;
