import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findingsCategories, type ChoiceSnapshot, type FindingsCategory } from "@tsunagi/consent-rules/choice-catalogue";
import { projectConsent, type ConsentStatus, type ProjectableEvent } from "@tsunagi/consent-rules/consent-projection";
import type { ConsentView } from "@tsunagi/consent-rules/decide-action";
import { withdrawalLevels, type WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";
import { findingQueueState, type FindingQueueState } from "./finding-queue-state";

// ---------------------------------------------------------------------------------------------------------------
// The oracle: issue 13's queue written out from the choice values and the withdrawal levels alone, without asking
// decideAction. `want` → to return; `undecided` → offer counselling; `not_want`, no answer, any withdrawal (even "no
// contact": returning a finding reaches the participant), or no part in the programme (core.wgs not yes) → hidden.
// A pending re-consent pauses new research uses, not a return the participant asked for.

function oracle(consent: ConsentView | null, category: FindingsCategory): FindingQueueState {
  if (!consent) return "hidden";
  if (consent.status === "withdrawn") return "hidden";
  if (consent.choices["core.wgs"] !== "yes") return "hidden";
  const wish = consent.choices[`findings.secondary.${category}`];
  if (wish === "want") return "to_return";
  if (wish === "undecided") return "offer_counselling";
  return "hidden";
}

const findingsWish = fc.constantFrom("want", "not_want", "undecided", undefined);
const yesNo = fc.constantFrom("yes", "no", undefined);

const snapshot: fc.Arbitrary<ChoiceSnapshot> = fc
  .record({
    core: yesNo,
    cancer: findingsWish,
    other: findingsWish,
    returnPrimary: yesNo,
    recontactFindings: yesNo,
  })
  .map(({ core, cancer, other, returnPrimary, recontactFindings }) => {
    const choices: ChoiceSnapshot = {};
    if (core !== undefined) choices["core.wgs"] = core;
    if (cancer !== undefined) choices["findings.secondary.hereditary_cancer"] = cancer;
    if (other !== undefined) choices["findings.secondary.other_actionable"] = other;
    if (returnPrimary !== undefined) choices["return.primary"] = returnPrimary;
    if (recontactFindings !== undefined) choices["recontact.findings_update"] = recontactFindings;
    return choices;
  });

const consentView: fc.Arbitrary<ConsentView> = fc.record({
  status: fc.constantFrom<ConsentStatus>("active", "reconsent_required", "withdrawn"),
  choices: snapshot,
  permittedPurposes: fc.subarray(["DUO:0000006", "DUO:0000007", "DUO:0000042"]),
  withdrawalLevel: fc.constantFrom<WithdrawalLevel | null>(null, ...withdrawalLevels),
  interimRule: fc.constantFrom(null, "continue_previous" as const, "pause_new_uses" as const),
});

const category = fc.constantFrom(...findingsCategories);

describe("findingQueueState", () => {
  it("agrees with the oracle for any consent and either category", () => {
    fc.assert(
      fc.property(fc.option(consentView, { nil: null }), category, (consent, which) => {
        expect(findingQueueState(consent, which)).toBe(oracle(consent, which));
      }),
      { numRuns: 2_000 },
    );
  });

  it("reads each category's own choice: wanting cancer findings says nothing about other actionable ones", () => {
    const consent: ConsentView = {
      status: "active",
      choices: { "core.wgs": "yes", "findings.secondary.hereditary_cancer": "want", "findings.secondary.other_actionable": "undecided" },
      permittedPurposes: [],
      withdrawalLevel: null,
      interimRule: null,
    };
    expect(findingQueueState(consent, "hereditary_cancer")).toBe("to_return");
    expect(findingQueueState(consent, "other_actionable")).toBe("offer_counselling");
    expect(findingQueueState({ ...consent, choices: { ...consent.choices, "findings.secondary.hereditary_cancer": "not_want" } }, "hereditary_cancer")).toBe("hidden");
    for (const level of withdrawalLevels) expect(findingQueueState({ ...consent, status: "withdrawn", withdrawalLevel: level }, "hereditary_cancer"), level).toBe("hidden");
    expect(findingQueueState(null, "hereditary_cancer")).toBe("hidden");
  });

  // Consent histories: grants, changes, re-consent requests, withdrawals and new samples in any order, folded by
  // the projection the app keeps. After every event the queue state is the oracle's for the wishes as they then
  // stand, so a change to not_want or a withdrawal takes a case out at the very next read.
  type Step =
    | { type: "granted"; choices: ChoiceSnapshot }
    | { type: "choices_changed"; choices: ChoiceSnapshot }
    | { type: "withdrawn"; level: WithdrawalLevel }
    | { type: "reconsent_requested"; rule: "continue_previous" | "pause_new_uses" }
    | { type: "sample_registered" };
  const step: fc.Arbitrary<Step> = fc.oneof(
    snapshot.map((choices) => ({ type: "granted" as const, choices })),
    snapshot.map((choices) => ({ type: "choices_changed" as const, choices })),
    fc.constantFrom(...withdrawalLevels).map((level) => ({ type: "withdrawn" as const, level })),
    fc.constantFrom("continue_previous" as const, "pause_new_uses" as const).map((rule) => ({ type: "reconsent_requested" as const, rule })),
    fc.constant({ type: "sample_registered" as const }),
  );

  it("follows random consent histories event by event", () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), category, (steps, which) => {
        const events: ProjectableEvent[] = [];
        // What the participant has said, tracked by hand: the last grant or change, and whether they have withdrawn since their last grant.
        let wishes: ChoiceSnapshot | null = null;
        let withdrawn = false;
        for (const [index, item] of steps.entries()) {
          const started = wishes !== null;
          if (!started && item.type !== "granted") continue; // nothing to amend yet: the ledger refuses these
          events.push({
            id: `event-${index}`,
            participantId: "participant",
            participantSeq: events.length + 1,
            type: item.type,
            occurredAt: new Date(Date.UTC(2026, 0, 1 + index)).toISOString(),
            formVersionId: "form",
            formVersionHash: "hash",
            choices: "choices" in item ? item.choices : (wishes ?? {}),
            withdrawalLevel: item.type === "withdrawn" ? item.level : null,
            detail: item.type === "reconsent_requested" ? { interimRule: item.rule } : {},
          });
          if (item.type === "granted") {
            wishes = item.choices;
            withdrawn = false;
          } else if (item.type === "choices_changed") wishes = item.choices;
          else if (item.type === "withdrawn") withdrawn = true;

          const state = projectConsent(events);
          const expected: FindingQueueState =
            withdrawn || wishes === null
              ? "hidden"
              : oracle({ status: "active", choices: wishes, permittedPurposes: [], withdrawalLevel: null, interimRule: null }, which);
          expect(findingQueueState(state, which)).toBe(expected);
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
