import type { Recipient } from "@tsunagi/consent-rules/choice-catalogue";
import type { DecisionRequestItem } from "../decisions/decision-request";
import { verdictsFor } from "../decisions/evaluate-decision";
import type { HealthState } from "../health/bridge-health";
import type { SubjectStore } from "../projection/subject-store";
import type { ReleaseEmbargo } from "./dataset-clocks";
import type { ReleaseExclusionReason } from "./release-schemas";

export interface ReleaseQuestion {
  recipient: Recipient;
  purpose: string;
  embargo: ReleaseEmbargo;
}

export interface ReleaseFilterResult {
  /** The allowed samples, in the order given (the same strings, not copies). */
  included: string[];
  /** The samples left out, in the order given. */
  excluded: string[];
  /** Counts by reason, keys sorted, only reasons that occurred. */
  excludedCounts: Partial<Record<ReleaseExclusionReason, number>>;
}

/**
 * Sorts samples into released and left out, asking the bridge's one decision path (decisionVerdict, around the
 * consent rule decideAction, through verdictsFor) about each with action `release` against the projection as it is
 * now. A string that names a participant rather than a sample is not a sample: it counts as unknown_subject. The
 * embargo, when it blocks, leaves every sample out with its own reason whatever consent says.
 *
 * Built for 1,000,000 samples in one call (ADR 072): one question, looked up once, and nothing kept per sample
 * beyond the lists. `excluded` is listed only when asked for (a re-check names them; a release only counts them).
 */
export function filterRelease(
  samples: readonly string[],
  question: ReleaseQuestion,
  subjects: SubjectStore,
  health: HealthState,
  clientScopes: ReadonlySet<string>,
  /** When the release is decided (its createdAt); the verdicts of the filter do not depend on it. */
  _evaluatedAt: string,
  options: { listExcluded?: boolean } = {},
): ReleaseFilterResult {
  const listExcluded = options.listExcluded ?? true;
  if (question.embargo.blocked) {
    return { included: [], excluded: listExcluded ? [...samples] : [], excludedCounts: samples.length > 0 ? { [question.embargo.reason]: samples.length } : {} };
  }
  const included: string[] = [];
  const excluded: string[] = [];
  const counts = new Map<ReleaseExclusionReason, number>();
  const request: DecisionRequestItem = { subject: "", action: "release", purpose: question.purpose, recipient: question.recipient };
  // The verdict alone, as POST /v1/decisions would give it (evaluateDecision answers from the same checks and rule):
  // no answer object is built per sample. The rule does not read request.subject, so it is not set per sample.
  const verdictOf = verdictsFor(request, health, clientScopes);
  for (let index = 0; index < samples.length; index++) {
    const code = samples[index]!;
    const resolved = subjects.resolve(code);
    const verdict = verdictOf(resolved?.sample ? resolved : undefined);
    if (verdict.allowed) {
      included.push(code);
      continue;
    }
    if (listExcluded) excluded.push(code);
    const reason = verdict.reason as ReleaseExclusionReason;
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  const excludedCounts: Partial<Record<ReleaseExclusionReason, number>> = {};
  for (const reason of [...counts.keys()].sort()) excludedCounts[reason] = counts.get(reason);
  return { included, excluded, excludedCounts };
}
