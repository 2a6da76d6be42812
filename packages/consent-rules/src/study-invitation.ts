import { z } from "zod";
import { acmgSfGene } from "./acmg-sf-v3-2";
import { decideAction, type ConsentView, type DecisionRequest } from "./decide-action";
import { DEFAULT_AS_NEEDED_CAP, frequencyAllowance, readRecontactFrequency } from "./frequency-allowance";

/**
 * Invitations to studies chosen by genome (issue 57 item 4; ADR 138): who may be invited, and what the invitation may
 * say. Pure: the bridge counts with it, the app re-decides with it when it claims the invitations, and the participant's
 * page words the invitation from it. Nothing here reads a genotype: the study chose the pseudonyms by its criterion;
 * this decides, from consent and contact history alone, whom the platform may write to and in what words.
 */

/** Where the variant the study selects on lies: in the tumour (acquired) or in every cell (inherited, so in the family). */
export const criterionOrigins = ["somatic", "germline"] as const;
export type CriterionOrigin = (typeof criterionOrigins)[number];

/** An HGNC symbol, as the reports and findings take it. */
export const CRITERION_GENE_PATTERN = /^[A-Z][A-Z0-9-]{0,19}$/;

export const StudyCriterionSchema = z.strictObject({
  gene: z.string().regex(CRITERION_GENE_PATTERN, "gene must be an HGNC symbol in capitals (EGFR), at most 20 characters"),
  origin: z.enum(criterionOrigins),
});
export type StudyCriterion = z.infer<typeof StudyCriterionSchema>;

/** Why a pseudonym is not counted, checked in this order (the first that applies). */
export const invitationExclusions = ["unknown_subject", "withdrawn", "declined", "result_not_wanted", "frequency_cap"] as const;
export type InvitationExclusion = (typeof invitationExclusions)[number];

export type InvitationVerdict = { invitable: true; statesGenotype: boolean } | { invitable: false; reason: InvitationExclusion };

export interface ContactHistory {
  /** When every earlier research message (campaign or invitation) to the participant was claimed. */
  previousContacts: readonly Date[];
  now: Date;
  /** RECONTACT_AS_NEEDED_CAP. */
  asNeededCap?: number;
}

/**
 * The result choice that governs knowing a variant like the criterion's: an inherited variant in a gene of the ACMG
 * secondary-findings list is a secondary finding of that list's category; any other variant (the tumour's, or an
 * inherited one that explains the illness) is part of the primary result.
 */
export function resultRequestFor(criterion: StudyCriterion): DecisionRequest {
  const secondary = criterion.origin === "germline" ? acmgSfGene(criterion.gene) : undefined;
  return secondary ? { action: "return_secondary", findingsCategory: secondary.category } : { action: "return_primary" };
}

/** What consent alone says of an invitation: everything but the frequency, which also needs the contact history. */
export type ConsentPart = { invitable: true; statesGenotype: boolean } | { invitable: false; reason: Exclude<InvitationExclusion, "frequency_cap"> };

/**
 * The consent's part of the verdict, which depends on the consent and the criterion only — so a caller deciding for
 * many people may ask it once per distinct consent (the bridge shares one frozen object between equal consents).
 *
 * - Research contact must be allowed (`recontact` for research: the form's words already name "trials that may fit
 *   your genetic changes"); any withdrawal stops it.
 * - An inherited criterion reveals something about the participant and their family by the invitation alone (the
 *   ethics of recall by genotype): it needs the participant to have chosen to know that kind of result. Who chose not
 *   to know, or has not decided, is not invited at all.
 * - A tumour criterion may invite anyone who allows research contact, but the invitation states the gene only when the
 *   participant chose to receive their primary result.
 */
export function invitationConsentPart(consent: ConsentView | null, criterion: StudyCriterion): ConsentPart {
  if (!consent) return { invitable: false, reason: "unknown_subject" };
  const contact = decideAction(consent, { action: "recontact", recontactTopic: "research" });
  if (!contact.allowed) {
    const withdrawn = contact.reason === "withdrawn_no_contact" || contact.reason === "withdrawn_no_further_use" || contact.reason === "withdrawn_destroy";
    return { invitable: false, reason: withdrawn ? "withdrawn" : "declined" };
  }
  const knows = decideAction(consent, resultRequestFor(criterion)).allowed;
  if (criterion.origin === "germline" && !knows) return { invitable: false, reason: "result_not_wanted" };
  return { invitable: true, statesGenotype: knows };
}

/** Whether the frequency the participant chose (ADR 033) allows one more research message now. */
export function frequencyAllows(consent: ConsentView, history: ContactHistory): boolean {
  const frequency = readRecontactFrequency(consent.choices["recontact.frequency"]);
  return frequencyAllowance(frequency, history.previousContacts, history.now, history.asNeededCap ?? DEFAULT_AS_NEEDED_CAP).allowed;
}

/**
 * May the platform invite this participant to a study that selected them by this criterion, now? The consent's part
 * (invitationConsentPart), then the frequency the participant chose, counted over every research message already
 * claimed (ADR 033).
 */
export function invitationVerdict(consent: ConsentView | null, criterion: StudyCriterion, history: ContactHistory): InvitationVerdict {
  const part = invitationConsentPart(consent, criterion);
  if (!part.invitable) return part;
  if (!frequencyAllows(consent!, history)) return { invitable: false, reason: "frequency_cap" };
  return part;
}

/**
 * Whether an invitation already sent may name the gene to the participant now: read again each time it is shown, so a
 * participant who has since chosen not to know reads it without the gene.
 */
export function invitationStatesGenotype(consent: ConsentView | null, criterion: StudyCriterion): boolean {
  return consent !== null && decideAction(consent, resultRequestFor(criterion)).allowed;
}
