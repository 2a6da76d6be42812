import { decideAction, type ConsentView } from "@tsunagi/consent-rules/decide-action";
import type { RecontactTopic } from "@tsunagi/consent-rules/choice-catalogue";
import { frequencyAllowance, readRecontactFrequency } from "@tsunagi/consent-rules/frequency-allowance";

/**
 * Who a recontact campaign reaches (issue 13 item 5; ADR 033). Pure: the consent part is `decideAction` with the
 * `recontact` action and the campaign's topic, never a copy of it; everything else is a fact the caller reads.
 */

export const recontactCampaignKinds = ["new_study", "clinical_trial", "findings_reinterpretation", "survey"] as const;
export type RecontactCampaignKind = (typeof recontactCampaignKinds)[number];

/**
 * Why a participant is left out, in the order the reasons are checked: a participant is counted under the first that
 * applies, so the counts add up to the excluded total and a withdrawal is never reported as a frequency cap.
 */
export const audienceExclusionReasons = ["withdrawn_no_contact", "life_event", "declined", "proxy_needed", "undeliverable", "frequency_cap"] as const;
export type AudienceExclusionReason = (typeof audienceExclusionReasons)[number];

export type AudienceVerdict = { included: true } | { included: false; reason: AudienceExclusionReason };

/** The consent as decideAction reads it, and who gave it ("self" or "proxy", as ConsentState stores it). */
export type RecontactConsentView = ConsentView & { consentedBy: string };

export interface AudienceFacts {
  /** Under 18 now: a campaign never writes to a child directly. */
  minor: boolean;
  /** An active proxy assignment (代諾者) speaks for the participant. */
  hasActiveProxy: boolean;
  /** The address the campaign would use is known to be undeliverable. */
  undeliverable: boolean;
  /** When every earlier campaign message to this participant was claimed, across all campaigns. */
  previousMessages: readonly Date[];
  now: Date;
  /** RECONTACT_AS_NEEDED_CAP. */
  asNeededCap: number;
}

/** A re-interpreted finding is news about the participant's own result; everything else invites them to research. */
export function recontactTopicOf(kind: RecontactCampaignKind): RecontactTopic {
  return kind === "findings_reinterpretation" ? "findings_update" : "research";
}

export function audienceVerdict(consent: RecontactConsentView | null, campaign: { kind: RecontactCampaignKind }, facts: AudienceFacts): AudienceVerdict {
  const decision = decideAction(consent, { action: "recontact", recontactTopic: recontactTopicOf(campaign.kind) });
  if (!decision.allowed) {
    // Every withdrawal level stops contact (decideAction's withdrawalStops); each is reported as the no-contact one.
    const withdrawn = decision.reason === "withdrawn_no_contact" || decision.reason === "withdrawn_no_further_use" || decision.reason === "withdrawn_destroy";
    // A death or loss of capacity stops all contact with the person (ADR 143), whatever they chose: counted apart.
    const lifeEvent = decision.reason === "life_event_no_contact" || decision.reason === "life_event_no_further_use" || decision.reason === "life_event_destroy";
    return { included: false, reason: withdrawn ? "withdrawn_no_contact" : lifeEvent ? "life_event" : "declined" };
  }
  // decideAction allowed, so a consent exists; a proxy's consent, an active proxy or a child means the message must
  // go to (or through) the proxy, which a campaign does not do on its own: staff reach them another way.
  if (consent!.consentedBy === "proxy" || facts.hasActiveProxy || facts.minor) return { included: false, reason: "proxy_needed" };
  if (facts.undeliverable) return { included: false, reason: "undeliverable" };
  const frequency = readRecontactFrequency(consent!.choices["recontact.frequency"]);
  if (!frequencyAllowance(frequency, facts.previousMessages, facts.now, facts.asNeededCap).allowed) return { included: false, reason: "frequency_cap" };
  return { included: true };
}
