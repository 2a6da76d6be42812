import { isTrialId } from "@tsunagi/consent-rules/trial-registries";
import { trialUrl } from "@tsunagi/consent-rules/trial-registries";
import { z } from "zod";
import { freeTextSchema, singleLineTextSchema, typedString } from "../../kernel/index";

/**
 * What came of an approved use (issue 57 item 5; ADR 139): a publication, a dataset, a clinical trial or a new
 * treatment, recorded by the applicant with a plain-language summary in 日本語, やさしい日本語 and English. Pure: the
 * form, the verb, the register and "who used my data" read this one definition.
 */
export const researchOutputKinds = ["publication", "dataset", "trial", "treatment"] as const;
export type ResearchOutputKind = (typeof researchOutputKinds)[number];

const DOI = /^10\.\d{4,9}\/[^\s]{1,180}$/;
const HTTPS = /^https:\/\/[^\s]{3,190}$/;

/** How each kind names itself: a DOI for a publication, a DOI or an https address for a dataset, a registry number for a trial. */
export function identifierProblem(kind: ResearchOutputKind, identifier: string): "identifier_required" | "identifier_not_doi" | "identifier_not_doi_or_https" | "identifier_not_trial" | null {
  if (kind === "treatment") return null;
  if (identifier === "") return "identifier_required";
  if (kind === "publication") return DOI.test(identifier) ? null : "identifier_not_doi";
  if (kind === "dataset") return DOI.test(identifier) || HTTPS.test(identifier) ? null : "identifier_not_doi_or_https";
  return isTrialId("jRCT", identifier) || isTrialId("ClinicalTrials.gov", identifier) ? null : "identifier_not_trial";
}

/** Where an output's identifier leads: doi.org for a DOI, the registry for a trial, the address itself for a dataset. */
export function identifierUrl(kind: ResearchOutputKind, identifier: string): string | null {
  if (identifier === "") return null;
  if (DOI.test(identifier)) return `https://doi.org/${identifier}`;
  if (kind === "trial") return trialUrl(identifier.startsWith("NCT") ? "ClinicalTrials.gov" : "jRCT", identifier);
  return HTTPS.test(identifier) ? identifier : null;
}

export const ResearchOutputFormSchema = z
  .object({
    kind: z.enum(researchOutputKinds),
    title: singleLineTextSchema(300),
    identifier: z.union([z.literal(""), singleLineTextSchema(200)]).default(""),
    publishedOn: typedString("date").pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)),
    summaryJa: freeTextSchema(1000),
    summaryJaEasy: freeTextSchema(1000),
    summaryEn: freeTextSchema(1000),
  })
  .superRefine((output, ctx) => {
    const problem = identifierProblem(output.kind, output.identifier);
    if (problem) ctx.addIssue({ code: "custom", message: problem, path: ["identifier"] });
  });
export type ResearchOutputForm = z.output<typeof ResearchOutputFormSchema>;

/** An output as the register and "who used my data" publish it. */
export interface PublishedResearchOutput {
  kind: ResearchOutputKind;
  title: string;
  identifier: string;
  url: string | null;
  publishedOn: string;
  summary: { ja: string; jaEasy: string; en: string };
}

/** An output as a page shows it: its summary in the reader's language only (やさしい日本語, else Japanese, for ja-easy). */
export type ResearchOutputView = Omit<PublishedResearchOutput, "summary"> & { summary: string };

export function outputsInLanguage(outputs: readonly PublishedResearchOutput[], language: "ja" | "ja-easy" | "en"): ResearchOutputView[] {
  return outputs.map(({ summary, ...output }) => ({ ...output, summary: language === "en" ? summary.en : language === "ja-easy" ? summary.jaEasy || summary.ja : summary.ja }));
}
