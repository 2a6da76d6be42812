import type { ConsentView } from "@tsunagi/consent-rules/decide-action";
import { frequencyAllows, invitationConsentPart, type ConsentPart, type StudyCriterion } from "@tsunagi/consent-rules/study-invitation";
import type { ResolvedSubject } from "../projection/subject-store";
import type { InvitationExclusionReason } from "./invitation-schemas";

export interface InvitableCount {
  /** The pseudonyms that may be invited, in the order asked. */
  invitable: string[];
  excludedCounts: Partial<Record<InvitationExclusionReason, number>>;
}

/**
 * The consent's part of the rule for each pseudonym, asked once per distinct consent: the projection shares one frozen
 * object between equal consents (ADR 112), so a cohort of 100,000 asks it a few dozen times, not 100,000.
 */
function consentParts(criterion: StudyCriterion): (consent: ConsentView | null) => ConsentPart {
  const known = new Map<ConsentView | null, ConsentPart>();
  return (consent) => {
    let part = known.get(consent);
    if (part === undefined) {
      part = invitationConsentPart(consent, criterion);
      known.set(consent, part);
    }
    return part;
  };
}

/**
 * The pseudonyms consent alone lets through (research contact, no withdrawal, the result wanted for an inherited
 * criterion), and those it does not by reason: only the first need their contact history read. Pure; the caller holds
 * the projection still (no await) while it runs. A participant with a parked message is not vouched for and not counted,
 * as every decision about them denies.
 */
export function passingConsent(pseudonyms: readonly string[], criterion: StudyCriterion, resolve: (pseudonym: string) => ResolvedSubject | undefined): InvitableCount & { consents: ConsentView[] } {
  const partOf = consentParts(criterion);
  const invitable: string[] = [];
  // Beside `invitable`, index for index: each one's consent, for the frequency it chose.
  const consents: ConsentView[] = [];
  const excludedCounts: Partial<Record<InvitationExclusionReason, number>> = {};
  for (const pseudonym of pseudonyms) {
    const subject = resolve(pseudonym);
    if (subject?.parked) {
      excludedCounts.message_parked = (excludedCounts.message_parked ?? 0) + 1;
      continue;
    }
    const consent = subject ? subject.record.consent : null;
    const part = partOf(consent);
    if (!part.invitable) {
      excludedCounts[part.reason] = (excludedCounts[part.reason] ?? 0) + 1;
      continue;
    }
    invitable.push(pseudonym);
    consents.push(consent!);
  }
  return { invitable, excludedCounts, consents };
}

/**
 * Each pseudonym through the invitation rule (ADR 138): the consent's part (passingConsent), then the frequency each
 * chose over the research messages already claimed (`contactsOf`; someone never contacted is always within it).
 */
export function countInvitable(
  passing: ReturnType<typeof passingConsent>,
  contactsOf: (pseudonym: string) => readonly Date[] | undefined,
  now: Date,
  asNeededCap: number,
): InvitableCount {
  const invitable: string[] = [];
  const excludedCounts = { ...passing.excludedCounts };
  for (let index = 0; index < passing.invitable.length; index++) {
    const pseudonym = passing.invitable[index]!;
    const contacts = contactsOf(pseudonym);
    if (contacts !== undefined && contacts.length > 0 && !frequencyAllows(passing.consents[index]!, { previousContacts: contacts, now, asNeededCap })) {
      excludedCounts.frequency_cap = (excludedCounts.frequency_cap ?? 0) + 1;
      continue;
    }
    invitable.push(pseudonym);
  }
  return { invitable, excludedCounts };
}
