import type { CloseReason } from "./close-reasons";
import type { FindingQueueState } from "./finding-queue-state";

/**
 * A secondary finding's counselling case, step by step: which step a counsellor may take now, what the counsellor may
 * see of the finding, and what the participant is told. Pure: the facts come from the case's events and from the
 * participant's current consent, read in the same transaction as the step's write (ADR 034).
 *
 * The queue state is the consent rule's answer for `return_secondary` in the finding's category, at this moment
 * (finding-queue-state.ts): `to_return` (the participant wants such findings), `offer_counselling` (undecided: the
 * content stays sealed until they decide `want`), `hidden` (they do not want to know, or withdrew from contact).
 */


/** What a counsellor does with a case, in the order a case usually takes them. */
export const caseSteps = ["claim", "release", "schedule_appointment", "record_counselling", "record_disclosure", "record_relatives_wishes", "close"] as const;
export type CaseStep = (typeof caseSteps)[number];

/** Why a step is refused; each has a sentence in the counsellor's language (locales/…/findings.json). */
export const caseStepRefusals = [
  "case_hidden",
  "case_closed",
  "claimed_by_another",
  "not_claimed_by_you",
  "appointment_first",
  "counselling_first",
  "content_sealed",
  "disclosure_first",
  "already_claimed",
  "nothing_disclosed",
] as const;
export type CaseStepRefusal = (typeof caseStepRefusals)[number];

/** What the case's events say so far, and who asks. */
export interface CaseFacts {
  queueState: FindingQueueState;
  /** The user id of the counsellor who holds the case, if any. */
  claimedBy: string | null;
  actorId: string;
  appointmentScheduled: boolean;
  counsellingRecorded: boolean;
  disclosureRecorded: boolean;
  closed: boolean;
}

export type CaseStepCheck = { allowed: true } | { allowed: false; reason: CaseStepRefusal };

const allowed: CaseStepCheck = { allowed: true };
const refuse = (reason: CaseStepRefusal): CaseStepCheck => ({ allowed: false, reason });

/**
 * May `facts.actorId` take `step` on this case now? A case the participant's consent hides is out of reach of every
 * step (it is not listed either); a closed case takes none (a re-interpretation reopens it, which is not a
 * counsellor's step). Disclosure needs the participant's current `want` — an undecided participant's finding is
 * sealed — and counselling recorded before it.
 */
export function checkCaseStep(step: CaseStep, facts: CaseFacts): CaseStepCheck {
  if (facts.queueState === "hidden") return refuse("case_hidden");
  if (facts.closed) return refuse("case_closed");
  // A case already yours is not offered for claiming again (issue 29 item 6); a second submit is told so.
  if (step === "claim") return facts.claimedBy === null ? allowed : refuse(facts.claimedBy === facts.actorId ? "already_claimed" : "claimed_by_another");
  if (facts.claimedBy !== facts.actorId) return refuse("not_claimed_by_you");
  switch (step) {
    case "release":
    case "schedule_appointment":
    case "close":
      return allowed;
    case "record_counselling":
      return facts.appointmentScheduled ? allowed : refuse("appointment_first");
    case "record_disclosure":
      if (facts.queueState !== "to_return") return refuse("content_sealed");
      return facts.counsellingRecorded ? allowed : refuse("counselling_first");
    case "record_relatives_wishes":
      return facts.disclosureRecorded ? allowed : refuse("disclosure_first");
  }
}

/**
 * What a counsellor may see of the finding itself (gene, variant, classification, evidence, report):
 * `visible` when the participant wants such findings; `sealed` while they are undecided — opened only with a stated
 * reason, which is audited; `never` when they do not want to know or withdrew from contact, whatever the reason.
 */
export type FindingContentAccess = "visible" | "sealed" | "never";

export function findingContentAccess(queueState: FindingQueueState): FindingContentAccess {
  return queueState === "to_return" ? "visible" : queueState === "offer_counselling" ? "sealed" : "never";
}

/**
 * What the participant is told online, and by e-mail, about a case: nothing until a counsellor has scheduled an
 * appointment (the programme's first contact is a person, never a page), and then only that the care team would like
 * to talk — about a result when they want results, about their choice when they are undecided. Never a variant, a
 * gene or a category; nothing at all when their consent hides the case.
 */
export type ParticipantCaseNotice = "none" | "talk_about_result" | "talk_about_choice";

export function participantCaseNotice(queueState: FindingQueueState, facts: Pick<CaseFacts, "appointmentScheduled" | "closed">): ParticipantCaseNotice {
  if (queueState === "hidden" || facts.closed || !facts.appointmentScheduled) return "none";
  return queueState === "to_return" ? "talk_about_result" : "talk_about_choice";
}

/**
 * The reasons a case may be closed with now: "disclosed" only once a disclosure is recorded — a sealed or undecided
 * participant's case was offered "disclosed" first, a wrong record one click away (issue 29 item 6).
 */
export function closeReasonsFor<Reason extends string>(facts: Pick<CaseFacts, "disclosureRecorded">, reasons: readonly Reason[]): Reason[] {
  return reasons.filter((reason) => reason !== "disclosed" || facts.disclosureRecorded);
}

/** May the case be closed with `reason` now (the step itself is checkCaseStep's)? */
export function checkCloseReason(reason: string, facts: Pick<CaseFacts, "disclosureRecorded">): CaseStepCheck {
  return reason === "disclosed" && !facts.disclosureRecorded ? refuse("nothing_disclosed") : allowed;
}

/**
 * What a case's status line says (issue 55 defect 10): a closed case is closed — with the reason it was closed for —
 * whatever the participant's consent would now make of its finding; a case a re-interpretation reopened is "updated";
 * an open case is where the consent rule puts it (to return, or counselling to decide). The queue state alone read
 * "to return" on a case closed after disclosure.
 */
export type CaseStatus = Exclude<FindingQueueState, "hidden"> | "updated" | `closed_${CloseReason}`;

export function caseStatus(queueState: Exclude<FindingQueueState, "hidden">, facts: { closed: boolean; closeReason: CloseReason | null; updated: boolean }): CaseStatus {
  if (facts.closed) return `closed_${facts.closeReason ?? "other"}`;
  return facts.updated ? "updated" : queueState;
}
