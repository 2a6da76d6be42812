import { duoTermsOf, type ChoiceSnapshot, type Recipient } from "@tsunagi/consent-rules/choice-catalogue";
import { decideAction, type ConsentView } from "@tsunagi/consent-rules/decide-action";
import { matchDataUse, type MatchResult, type ResearchPurpose } from "@tsunagi/consent-rules/match-data-use";

/**
 * How many participants and samples an application's purpose would reach (issue 15 item 2), as a pure fold over
 * groups of identical consent: the gate rule first (`decideAction`: may their data be shared with this recipient at
 * all — a withdrawal, a pending re-consent or a declined recipient denies), then automatic consent matching of the
 * purpose against `duoTermsOf` their choices. The database hands over one row per distinct consent, so 100,000
 * participants cost as many evaluations as there are distinct consents (ADR 040).
 */

export interface ConsentGroup {
  consent: ConsentView;
  participants: number;
  samples: number;
}

export interface ReasonCount {
  /** `consent.<decideAction reason>` for the gate, else a matchDataUse reason code with its subject. */
  code: string;
  subject?: string;
  result: MatchResult;
  participants: number;
  samples: number;
}

export interface ConsentMatchCounts {
  totals: Record<MatchResult, { participants: number; samples: number }>;
  reasons: ReasonCount[];
  /** The recipients whose consent was asked of the gate, e.g. ["industry", "international"]. */
  recipients: Recipient[];
}

/** The gate's recipients for an application: the kind of body, and `international` when it is abroad. */
export function gateRecipientsOf(recipientType: string, recipientCountry: string): Recipient[] {
  const recipients: Recipient[] = [recipientType === "industry" ? "industry" : "academia"];
  if (recipientCountry !== "" && recipientCountry !== "JP") recipients.push("international");
  return recipients;
}

export function countConsentMatches(groups: Iterable<ConsentGroup>, purpose: ResearchPurpose, recipients: Recipient[]): ConsentMatchCounts {
  const totals: ConsentMatchCounts["totals"] = {
    approve: { participants: 0, samples: 0 },
    deny: { participants: 0, samples: 0 },
    abstain: { participants: 0, samples: 0 },
  };
  const reasons = new Map<string, ReasonCount>();
  const count = (code: string, subject: string | undefined, result: MatchResult, group: ConsentGroup) => {
    const key = `${result}\u0000${code}\u0000${subject ?? ""}`;
    const row = reasons.get(key) ?? { code, ...(subject ? { subject } : {}), result, participants: 0, samples: 0 };
    row.participants += group.participants;
    row.samples += group.samples;
    reasons.set(key, row);
  };
  for (const group of groups) {
    // The gate asks only "may this person's data go to this kind of recipient at all" (withdrawal, re-consent, the
    // recipient choice): it is handed a purpose the person permits, so that the purpose itself is judged once, by
    // matchDataUse, down the DUO hierarchy rather than by the gate's exact-term check. No permitted purpose denies.
    const permitted = group.consent.permittedPurposes[0] ?? "";
    const refusal = recipients.map((recipient) => decideAction(group.consent, { action: "share", recipient, purpose: permitted })).find((decision) => !decision.allowed);
    let result: MatchResult;
    if (refusal) {
      result = "deny";
      count(`consent.${refusal.reason}`, refusal.choices[0], "deny", group);
    } else {
      const match = matchDataUse({ codes: duoTermsOf(group.consent.choices as ChoiceSnapshot) }, purpose);
      result = match.result;
      // The reasons that decided the result, once per group (a check may add several for several subjects), and under a
      // review the denials too: as DUOS combines, an abstention wins over a denial (ADR 039), and the committee must
      // still see how many participants' consent a check found against the purpose.
      for (const reason of match.reasons) if (reason.result === result || result === "approve" || reason.result === "deny") count(reason.code, reason.subject, reason.result, group);
    }
    totals[result].participants += group.participants;
    totals[result].samples += group.samples;
  }
  const order: Record<MatchResult, number> = { deny: 0, abstain: 1, approve: 2 };
  return {
    totals,
    reasons: [...reasons.values()].sort((a, b) => order[a.result] - order[b.result] || b.participants - a.participants || a.code.localeCompare(b.code) || (a.subject ?? "").localeCompare(b.subject ?? "")),
    recipients,
  };
}
