import { z } from "zod";
import { freeTextSchema, personNameSchema } from "../kernel/index";
import type { PlainReport } from "./report-view";

/**
 * The letter to relatives (issue 57 item 3, ADR 137): which findings it may name, and the participant's form. Pure.
 * Only what is on the participant's own page and may be shared in a family — germline primary findings and the
 * secondary findings shown (all germline) — may be named; a letter is made only when the participant asks.
 */

export const letterLanguages = ["ja", "ja-easy", "en"] as const;
export const maxLetterMessage = 800;

export interface LetterFinding {
  /** The value of its checkbox: the gene and the variant, as unique on one report as a finding is. */
  key: string;
  gene: string;
  variant: string;
}

export function letterFindingsOf(plain: PlainReport): LetterFinding[] {
  const germline = plain.primaryFindings.filter((finding) => finding.origin === "germline");
  const shownSecondary = plain.secondary.flatMap((section) => section.findings);
  return [...germline, ...shownSecondary].map((finding) => ({ key: `${finding.gene}:${finding.variant}`, gene: finding.gene, variant: finding.variant }));
}

/** Empty optional fields arrive absent from Conform; a field the person left blank is no message, not an error. */
export const RelativesLetterSchema = z.object({
  findings: z.array(z.string().max(300)).min(1).max(100),
  language: z.enum(letterLanguages),
  message: freeTextSchema(maxLetterMessage).optional(),
  signature: personNameSchema(100).optional(),
});
export type RelativesLetterInput = z.infer<typeof RelativesLetterSchema>;

export const letterFields = ["findings", "language", "message", "signature"] as const;
export type LetterField = (typeof letterFields)[number];

/** The form's fields named by a refused submission's errors ("findings[0]" is findings), in the form's order. */
export function letterFieldsInError(errorKeys: readonly string[]): LetterField[] {
  const named = new Set(errorKeys.map((key) => key.replace(/\[.*$/, "")));
  // A form refused as a whole names the findings: the only choice a hand-made request can make wrong alone.
  const fields = letterFields.filter((field) => named.has(field));
  return fields.length > 0 ? fields : ["findings"];
}

/** The fields `?invalid=` names on the letter's page; anything else in it is ignored. */
export function letterFieldsFromQuery(value: string | null): LetterField[] {
  const listed = new Set((value ?? "").split("-"));
  return letterFields.filter((field) => listed.has(field));
}
