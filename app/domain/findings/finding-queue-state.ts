import type { FindingsCategory } from "@tsunagi/consent-rules/choice-catalogue";
import { decideAction, type ConsentView } from "@tsunagi/consent-rules/decide-action";

/**
 * Where a finding stands for the counsellor, decided by the participant's consent as it is now (issue 13, item 4):
 * - `to_return`: they want findings of this category returned;
 * - `offer_counselling`: they have not decided; a counsellor may offer to talk it through, and the finding's content
 *   stays sealed until they decide `want`;
 * - `hidden`: anything else (`not_want`, a withdrawal, no consent, the choice not offered). The case is not listed and
 *   its content is shown to no one: the right not to know.
 *
 * Derived from the one consent rule (`decideAction`, action `return_secondary` for the category) and never a copy of
 * it, so what the counsellor sees and what the pipeline gate answers cannot drift apart. Pure; call it at every read.
 */
export const findingQueueStates = ["to_return", "offer_counselling", "hidden"] as const;
export type FindingQueueState = (typeof findingQueueStates)[number];

export function findingQueueState(consent: ConsentView | null, category: FindingsCategory): FindingQueueState {
  const decision = decideAction(consent, { action: "return_secondary", findingsCategory: category });
  if (decision.allowed) return "to_return";
  // Only the category's own choice left undecided opens a conversation; any other refusal hides the finding.
  if (decision.reason === "choice_undecided" && decision.choices.includes(`findings.secondary.${category}`)) return "offer_counselling";
  return "hidden";
}
