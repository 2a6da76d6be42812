import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";

/**
 * A complete, valid snapshot of every catalogue choice — consenting to most uses, secondary findings partly
 * undecided — with the overrides a test cares about. Tests state only what matters to them.
 */
export function choiceSnapshot(overrides: ChoiceSnapshot = {}): ChoiceSnapshot {
  return {
    "core.wgs": "yes",
    "return.primary": "yes",
    "findings.secondary.hereditary_cancer": "want",
    "findings.secondary.other_actionable": "undecided",
    "share.academia": "yes",
    "share.industry": "yes",
    "share.international": "no",
    "share.public_db": "yes",
    "specimen.joint_research": "yes",
    "specimen.industry_only": "no",
    "recontact.research": "yes",
    "recontact.findings_update": "yes",
    "recontact.channel": "email",
    "recontact.frequency": "as_needed",
    "linkage.public_db": "no",
    ...overrides,
  };
}
