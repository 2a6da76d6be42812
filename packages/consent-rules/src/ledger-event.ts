import { z } from "zod";

export const consentEventTypes = [
  "granted",
  "choices_changed",
  "reconsented",
  "proxy_granted",
  "assent",
  "transferred_at_majority",
  "reconsent_requested",
  "withdrawn",
  "sample_registered",
  "notice_given",
  "provision_stopped",
  "death_recorded",
  "incapacity_recorded",
] as const;
export type ConsentEventType = (typeof consentEventTypes)[number];

/**
 * Events that record what the consent covers rather than the consent itself: a sample registered after the
 * participant's consent. They take their place in the ledger (a participantSeq, a globalSeq, a hash, so every
 * message about the participant stays ordered by `version`), but they change no choice and no status, are no new
 * version of the consent record (FHIR), have no PDF copy and are not the participant's decision.
 */
export const sampleEventTypes = ["sample_registered"] as const satisfies readonly ConsentEventType[];
export type SampleEventType = (typeof sampleEventTypes)[number];

export function isSampleEvent(type: ConsentEventType): type is SampleEventType {
  return (sampleEventTypes as readonly ConsentEventType[]).includes(type);
}

/**
 * Events of the 2024 law (次世代医療基盤法) rather than of the research consent (ADR 140): the notice that medical
 * information may go to certified producers unless the person refuses (a notice shown is not a consent given), and the
 * person's request to stop that provision. They take their place in the ledger like every event, change no choice and
 * no status, carry no signature and no form version, and leave as their own message kind (`provision_changed`), so a
 * reader that does not know them parks the message and denies the participant until it does (fail closed).
 */
export const provisionEventTypes = ["notice_given", "provision_stopped"] as const satisfies readonly ConsentEventType[];
export type ProvisionEventType = (typeof provisionEventTypes)[number];

export function isProvisionEvent(type: ConsentEventType): type is ProvisionEventType {
  return (provisionEventTypes as readonly ConsentEventType[]).includes(type);
}

/**
 * What happened to the person, recorded by their clinic with its source (issue 58 item 4, ADR 143): a death, or a loss
 * of the capacity to decide. They change no choice: from them on, the disposition the person chose for that moment
 * (`disposition.life_event`) applies, and nothing reaches the person any more. They leave as their own message kind
 * (`life_changed`), so a reader that does not know them parks the message and denies the participant (fail closed).
 */
export const lifeEventTypes = ["death_recorded", "incapacity_recorded"] as const satisfies readonly ConsentEventType[];
export type LifeEventType = (typeof lifeEventTypes)[number];

export function isLifeEvent(type: ConsentEventType): type is LifeEventType {
  return (lifeEventTypes as readonly ConsentEventType[]).includes(type);
}

/** Who said so: the clinic's own record, a family member's report, a registry, or the treating clinician's assessment. */
export const lifeEventSources = ["hospital_record", "family_report", "registry", "clinician_assessment"] as const;
export type LifeEventSource = (typeof lifeEventSources)[number];

/**
 * Events that make a new version of the consent record (its FHIR Consent, its receipt, its PDF copy): every event but a
 * sample's, the 2024 law's and a life event, which the ledger orders among them without changing what the participant
 * consented to.
 */
export function isConsentVersionEvent(type: ConsentEventType): boolean {
  return !isSampleEvent(type) && !isProvisionEvent(type) && !isLifeEvent(type);
}

/** The event types that are not versions of the consent record (isConsentVersionEvent), for queries that leave them out. */
export const nonConsentVersionEventTypes: readonly ConsentEventType[] = [...sampleEventTypes, ...provisionEventTypes, ...lifeEventTypes];

export const consentMethods = ["online", "assisted", "paper", "phone", "letter", "system"] as const;
export type ConsentMethod = (typeof consentMethods)[number];

export const withdrawalLevels = ["no_contact", "no_further_use", "destroy"] as const;
export type WithdrawalLevel = (typeof withdrawalLevels)[number];

/**
 * Withdrawal only gets stricter (no further contact, then no further use, then destroy): going back to a weaker
 * level means consenting again, with a fresh signature, not a setting. The one place the levels are ordered; the
 * withdrawal verbs, the projection and the withdrawal pages all ask here.
 */
export function isStricterWithdrawal(next: WithdrawalLevel, current: WithdrawalLevel | null): boolean {
  return current === null || withdrawalLevels.indexOf(next) > withdrawalLevels.indexOf(current);
}

/** The levels still open to someone who has withdrawn at `current` (all three when they have not withdrawn). */
export function withdrawalLevelsStricterThan(current: WithdrawalLevel | null): WithdrawalLevel[] {
  return withdrawalLevels.filter((level) => isStricterWithdrawal(level, current));
}

/** Events that carry a fresh signature and a full consent under a form version. */
export const signedGrantTypes: readonly ConsentEventType[] = ["granted", "reconsented", "proxy_granted", "transferred_at_majority"];

/**
 * The signature manifestation (21 CFR 11.50 style): who signed, when, and what the signature means, as shown
 * on screen at the time. Part of the hashed event body, so it cannot be moved to another event.
 */
export const SignatureSchema = z.strictObject({
  printedName: z.string().min(1).max(200),
  signedAt: z.iso.datetime(),
  statement: z.string().min(1).max(4000),
  language: z.enum(["ja", "ja-easy", "en"]),
  witnessName: z.string().min(1).max(200).optional(),
  /** When a proxy signs: the relationship to the participant. */
  onBehalfAs: z.string().min(1).max(100).optional(),
});
export type Signature = z.infer<typeof SignatureSchema>;

/** Exactly what is hashed: every stored column except the hashes derived from it. */
export interface LedgerEventBody {
  id: string;
  globalSeq: string;
  participantId: string;
  participantSeq: number;
  type: ConsentEventType;
  occurredAt: string;
  actorUserId: string | null;
  actorRole: string;
  method: ConsentMethod;
  formVersionId: string | null;
  formVersionHash: string | null;
  choices: Record<string, string>;
  signature: Signature | null;
  withdrawalLevel: WithdrawalLevel | null;
  detail: Record<string, unknown>;
  prevHash: string;
}

/** A stored event: the body plus its participant-chain hash, its global-chain link and its verification code. */
export interface LedgerEventRecord extends LedgerEventBody {
  hash: string;
  globalPrevHash: string;
  chainHash: string;
  verificationCode: string;
}
