import { choiceCatalogue, choiceIds, type ChoiceId } from "@tsunagi/consent-rules/choice-catalogue";
import { decideAction, type ConsentView } from "@tsunagi/consent-rules/decide-action";
import { withdrawalLevels } from "@tsunagi/consent-rules/ledger-event";
import { describe, expect, it } from "vitest";
import { describeChoiceEffects, everythingGranted, outcomeOf, referenceConsent } from "./gate-effects";

const states: ConsentView[] = [
  referenceConsent(),
  ...withdrawalLevels.map((withdrawalLevel) => referenceConsent({ status: "withdrawn", withdrawalLevel })),
  referenceConsent({ status: "reconsent_required", interimRule: "pause_new_uses" }),
  referenceConsent({ status: "reconsent_required", interimRule: "continue_previous" }),
];

describe("describeChoiceEffects, remembered per consent", () => {
  it("answers every choice, value and consent state as the gate does, asked in any order and again", () => {
    // Twice over, the second pass in reverse: an answer remembered for one state must never be given for another.
    const asked = states.flatMap((state) =>
      choiceIds.flatMap((choiceId: ChoiceId) => (choiceCatalogue[choiceId].options as readonly string[]).map((value) => ({ state, choiceId, value }))),
    );
    for (const pass of [asked, [...asked].reverse()]) {
      for (const { state, choiceId, value } of pass) {
        const described = describeChoiceEffects(choiceId, value, state);
        expect(described).toMatchObject({ choiceId, value });
        const actual = { ...state, choices: { ...state.choices, [choiceId]: value } };
        for (const effect of described.effects) {
          // Each stated outcome is the gate's own answer for at least one of the questions it stands for.
          const request = { action: effect.action, purpose: "DUO:0000006", ...(effect.recipients ? { recipient: effect.recipients[0] } : {}), ...(effect.findingsCategory ? { findingsCategory: effect.findingsCategory } : {}), ...(effect.recontactTopic ? { recontactTopic: effect.recontactTopic } : {}) };
          if (!effect.recipients && !effect.findingsCategory && !effect.recontactTopic && effect.action !== "share" && effect.action !== "return_secondary" && effect.action !== "recontact") {
            expect(outcomeOf(decideAction(actual, request))).toBe(effect.outcome);
          }
        }
      }
    }
  });

  it("a withdrawal changes what the same answer does, and no caller can change a remembered answer", () => {
    const choiceId = choiceIds.find((id) => describeChoiceEffects(id, everythingGranted[id]!).kind === "gate")!;
    const value = everythingGranted[choiceId]!;
    const active = describeChoiceEffects(choiceId, value, referenceConsent());
    const withdrawn = describeChoiceEffects(choiceId, value, referenceConsent({ status: "withdrawn", withdrawalLevel: "no_further_use" }));
    expect(active.effects.some((effect) => effect.outcome === "allowed")).toBe(true);
    expect(withdrawn.effects.filter((effect) => effect.outcome === "allowed").length).toBeLessThan(active.effects.filter((effect) => effect.outcome === "allowed").length);
    expect(Object.isFrozen(active)).toBe(true);
    expect(Object.isFrozen(active.effects)).toBe(true);
    expect(Object.isFrozen(active.effects[0])).toBe(true);
    // An equal consent built anew gets the equal answer.
    expect(describeChoiceEffects(choiceId, value, referenceConsent())).toEqual(active);
  });
});
