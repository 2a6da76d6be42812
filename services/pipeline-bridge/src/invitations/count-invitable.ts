import type { ConsentView } from "@tsunagi/consent-rules/decide-action";
import { invitationVerdict, type StudyCriterion } from "@tsunagi/consent-rules/study-invitation";
import type { ResolvedSubject } from "../projection/subject-store";
import type { InvitationExclusionReason } from "./invitation-schemas";

export interface InvitableCount {
  /** The pseudonyms that may be invited, in the order asked. */
  invitable: string[];
  excludedCounts: Partial<Record<InvitationExclusionReason, number>>;
}

/** A history nobody has: never contacted. */
const noContacts: readonly Date[] = Object.freeze([]);

/**
 * Each pseudonym through the invitation rule (ADR 138), from the projection as it is now and each one's research
 * messages already claimed. Pure: the caller holds the projection still (no await) while it runs. A participant with a
 * parked message is not vouched for and not counted, as every decision about them denies.
 */
export function countInvitable(
  pseudonyms: readonly string[],
  criterion: StudyCriterion,
  resolve: (pseudonym: string) => ResolvedSubject | undefined,
  contactsOf: (pseudonym: string) => readonly Date[] | undefined,
  now: Date,
  asNeededCap: number,
): InvitableCount {
  const invitable: string[] = [];
  const excludedCounts: Partial<Record<InvitationExclusionReason, number>> = {};
  const exclude = (reason: InvitationExclusionReason) => {
    excludedCounts[reason] = (excludedCounts[reason] ?? 0) + 1;
  };
  for (const pseudonym of pseudonyms) {
    const subject = resolve(pseudonym);
    if (subject?.parked) {
      exclude("message_parked");
      continue;
    }
    const consent: ConsentView | null = subject ? subject.record.consent : null;
    const verdict = invitationVerdict(consent, criterion, { previousContacts: contactsOf(pseudonym) ?? noContacts, now, asNeededCap });
    if (verdict.invitable) invitable.push(pseudonym);
    else exclude(verdict.reason);
  }
  return { invitable, excludedCounts };
}

/** The pseudonyms the consent alone would let be invited: only these need their contact history read. */
export function passingConsent(pseudonyms: readonly string[], criterion: StudyCriterion, resolve: (pseudonym: string) => ResolvedSubject | undefined, now: Date, asNeededCap: number): string[] {
  return countInvitable(pseudonyms, criterion, resolve, () => noContacts, now, asNeededCap).invitable;
}
