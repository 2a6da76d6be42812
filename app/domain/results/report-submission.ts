import { z } from "zod";
import { isTrialId, trialIdRule, trialRegistries } from "@tsunagi/consent-rules/trial-registries";
import { findingsCategories } from "@tsunagi/consent-rules/choice-catalogue";
import { base64PdfField, codeField, hgvsPatternFor } from "../api-tokens/index";

/**
 * The body of `POST /api/v1/reports` (issue 57 item 1, ADR 137): one analysis report as the analysis centre or the
 * hospital's report system sends it — the structured part the participant's plain-language page is made from, and
 * the signed PDF the clinicians use. Pure: the domain verb, the OpenAPI document, the plain-language builder and the
 * tests read the same schema.
 *
 * The fields follow the HL7 FHIR Genomics Reporting IG's `DiagnosticReport` (docs/results.md maps each one). Every
 * value is a code, a date or an HGVS expression — no free text — so what a participant reads is built from reviewed
 * sentences and the glossary (plain-language.ts), never from words typed per patient, and a hostile character has
 * no field to arrive in.
 */

/** A report's PDF is tens to hundreds of kilobytes; with base64 around it a request stays under the edge's 1 MB. */
export const maxReportPdfBytes = 700_000;
export const maxFindingsPerReport = 50;
export const maxTrialMatchesPerReport = 20;

/** What the analysis looked for: the programme's two arms (ProgrammeArea). */
export const reportAreas = ["cancer", "rare_disease"] as const;
export type ReportArea = (typeof reportAreas)[number];

/**
 * What the expert panel concluded, in one code: a finding that points to a treatment, a diagnosis (rare disease), no
 * finding that changes care now, or a result that could not be read with confidence.
 */
export const reportConclusions = ["actionable_found", "diagnosis_found", "no_actionable_finding", "inconclusive"] as const;
export type ReportConclusion = (typeof reportConclusions)[number];

/** Where a primary finding sits: in the tumour only (somatic) or in every cell, so possibly in relatives (germline). */
export const findingOrigins = ["somatic", "germline"] as const;
export type FindingOrigin = (typeof findingOrigins)[number];

/** The ACMG/AMP (germline) and AMP/ASCO/CAP (somatic) tiers as the panel reported them, in three steps. */
export const primaryClassifications = ["pathogenic", "likely_pathogenic", "uncertain_significance"] as const;
export type PrimaryClassification = (typeof primaryClassifications)[number];

/** What a finding means for care now (the IG's therapeutic, diagnostic and prognostic implications). */
export const actionabilities = ["approved_therapy", "investigational_therapy", "diagnostic", "prognostic", "none"] as const;
export type Actionability = (typeof actionabilities)[number];

export { trialRegistries, type TrialRegistry } from "@tsunagi/consent-rules/trial-registries";

const hgvsPattern = hgvsPatternFor({ protein: true });

const gene = z.string().min(1, "gene is empty").max(20, "gene is longer than 20 characters").regex(/^[A-Z][A-Z0-9-]*$/, "gene must be an HGNC symbol in capitals (BRCA1)");
const variant = z.string().min(1, "variant is empty").max(200, "variant is longer than 200 characters").regex(hgvsPattern, "variant must be one HGVS expression on a versioned reference (NM_005228.5:c.2573T>G)");

function calendarDate(what: string) {
  return z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${what} must be a date as YYYY-MM-DD`)
    .refine((value) => {
      const date = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
    }, `${what} is not a real date`)
    .refine((value) => value >= "2019-01-01", `${what} is before the programme began`);
}

export const PrimaryFindingSchema = z.strictObject({
  gene,
  variant,
  origin: z.enum(findingOrigins, { error: `origin must be one of ${findingOrigins.join(", ")}` }),
  classification: z.enum(primaryClassifications, { error: `classification must be one of ${primaryClassifications.join(", ")}` }),
  actionability: z.enum(actionabilities, { error: `actionability must be one of ${actionabilities.join(", ")}` }),
});
export type PrimaryFinding = z.output<typeof PrimaryFindingSchema>;

/** A secondary (incidental) finding, as the findings intake takes it: a gene on the ACMG SF list, P or LP. */
export const SecondaryFindingSchema = z.strictObject({
  category: z.enum(findingsCategories, { error: `category must be one of ${findingsCategories.join(", ")}` }),
  gene,
  variant,
  classification: z.enum(["P", "LP"], { error: "classification must be P or LP" }),
});
export type SecondaryFinding = z.output<typeof SecondaryFindingSchema>;

export const TrialMatchSchema = z
  .strictObject({
    registry: z.enum(trialRegistries, { error: `registry must be one of ${trialRegistries.join(", ")}` }),
    trialId: z.string().min(1, "trialId is empty").max(20, "trialId is longer than 20 characters"),
    gene: gene.optional(),
  })
  .refine((trial) => isTrialId(trial.registry, trial.trialId), {
    message: `trialId must be ${trialIdRule}`,
    path: ["trialId"],
  });
export type TrialMatch = z.output<typeof TrialMatchSchema>;

/** The structured part: what is stored as a version's content and what the plain-language page is built from. */
export const ReportContentSchema = z.strictObject({
  area: z.enum(reportAreas, { error: `area must be one of ${reportAreas.join(", ")}` }),
  conclusion: z.enum(reportConclusions, { error: `conclusion must be one of ${reportConclusions.join(", ")}` }),
  expertPanelDate: calendarDate("expertPanelDate"),
  primaryFindings: z.array(PrimaryFindingSchema).max(maxFindingsPerReport, `at most ${maxFindingsPerReport} primary findings`),
  secondaryFindings: z.array(SecondaryFindingSchema).max(maxFindingsPerReport, `at most ${maxFindingsPerReport} secondary findings`),
  trialMatches: z.array(TrialMatchSchema).max(maxTrialMatchesPerReport, `at most ${maxTrialMatchesPerReport} trial matches`),
});
export type ReportContent = z.output<typeof ReportContentSchema>;

export const ReportSubmissionSchema = z.strictObject({
  senderId: codeField(64, "senderId"),
  reportId: codeField(128, "reportId").meta({ description: "The sender's own id for the report: with senderId, the idempotency key" }),
  pseudonym: codeField(64, "pseudonym").meta({ description: "The participant's pseudonym, as the bridge and the pipeline know them" }),
  ...ReportContentSchema.shape,
  expertPanelDate: ReportContentSchema.shape.expertPanelDate.meta({
    description: "The day the expert panel reviewed the analysis (DiagnosticReport.effectiveDateTime), not after today in Japan",
  }),
  pdf: base64PdfField(maxReportPdfBytes, "pdf").meta({
    contentEncoding: "base64",
    contentMediaType: "application/pdf",
    description: `The signed clinical report, at most ${maxReportPdfBytes} bytes decoded; it must start with %PDF-`,
  }),
});
export type ReportSubmission = z.output<typeof ReportSubmissionSchema>;

/** What `POST /api/v1/reports` answers with 200 or 201: the verb builds it as this type, the document shows this schema. */
export const ReportSubmittedSchema = z.strictObject({
  reportId: z.uuid().meta({ description: "The platform's id of the report (the same for every version)" }),
  version: z.number().int().min(1).meta({ description: "The version this content is stored as" }),
  created: z.boolean().meta({ description: "Whether this request stored anything (false: the same content was already stored)" }),
  amended: z.boolean().meta({ description: "A version after the first: it supersedes the one before, which is kept" }),
});
export type ReportSubmitted = z.output<typeof ReportSubmittedSchema>;

/** The structured part of a submission, in the schema's member order (its stored form and the hash's input). */
export function reportContentOf(submission: ReportSubmission): ReportContent {
  const { area, conclusion, expertPanelDate, primaryFindings, secondaryFindings, trialMatches } = submission;
  return { area, conclusion, expertPanelDate, primaryFindings, secondaryFindings, trialMatches };
}
