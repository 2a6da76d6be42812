import { describe, expect, it } from "vitest";
import type { ConsentView } from "@tsunagi/consent-rules/decide-action";
import { choiceChangeable, choicesChangeable, grantAllowed, grantChoicesAfterLifeEvent, withdrawalLevelsLeft } from "./changes-allowed";

const standing = (over: Partial<ConsentView> = {}): ConsentView => ({
  status: "active",
  choices: { "recontact.research": "yes" },
  permittedPurposes: [],
  withdrawalLevel: null,
  interimRule: null,
  lifeEvent: null,
  ...over,
});
const incapacity = { kind: "incapacity" as const, on: "2026-11-01" };
const death = { kind: "death" as const, on: "2026-11-01" };

describe("what may still change after a withdrawal or a life event (ADR 144)", () => {
  it("choices change while data may be used, and never after a death", () => {
    expect(choicesChangeable(standing())).toBe(true);
    expect(choicesChangeable(standing({ status: "withdrawn", withdrawalLevel: "no_contact" }))).toBe(true);
    expect(choicesChangeable(standing({ status: "withdrawn", withdrawalLevel: "no_further_use" }))).toBe(false);
    expect(choicesChangeable(standing({ lifeEvent: incapacity, choices: { "disposition.life_event": "keep_using" } }))).toBe(true);
    // Without a choice on record the rule stops new use: nothing is left to choose about.
    expect(choicesChangeable(standing({ lifeEvent: incapacity }))).toBe(false);
    expect(choicesChangeable(standing({ lifeEvent: death, choices: { "disposition.life_event": "keep_using" } }))).toBe(false);
  });

  it("the disposition is the person's own once a life event is recorded", () => {
    const kept = standing({ lifeEvent: incapacity, choices: { "disposition.life_event": "keep_using", "recontact.research": "yes" } });
    expect(choiceChangeable(kept, "recontact.research")).toBe(true);
    expect(choiceChangeable(kept, "disposition.life_event")).toBe(false);
    expect(choiceChangeable(standing({ choices: { "disposition.life_event": "keep_using" } }), "disposition.life_event")).toBe(true);
  });

  it("only levels beyond the one in force are offered, the life event's disposition counted", () => {
    expect(withdrawalLevelsLeft(null)).toEqual([]);
    expect(withdrawalLevelsLeft(standing())).toEqual(["no_contact", "no_further_use", "destroy"]);
    expect(withdrawalLevelsLeft(standing({ lifeEvent: incapacity }))).toEqual(["destroy"]);
    expect(withdrawalLevelsLeft(standing({ lifeEvent: death, choices: { "disposition.life_event": "destroy" } }))).toEqual([]);
    expect(withdrawalLevelsLeft(standing({ lifeEvent: death, choices: { "disposition.life_event": "keep_using" }, status: "withdrawn", withdrawalLevel: "no_further_use" }))).toEqual(["destroy"]);
  });

  it("nobody signs for the dead; after a loss of capacity a proxy does, carrying the person's disposition", () => {
    expect(grantAllowed(null, "self")).toBe(true);
    expect(grantAllowed(standing({ lifeEvent: death }), "proxy")).toBe(false);
    expect(grantAllowed(standing({ lifeEvent: incapacity }), "self")).toBe(false);
    expect(grantAllowed(standing({ lifeEvent: incapacity }), "proxy")).toBe(true);
    expect(grantChoicesAfterLifeEvent(standing({ lifeEvent: incapacity, choices: { "disposition.life_event": "destroy" } }), { "disposition.life_event": "keep_using" })).toEqual({ "disposition.life_event": "destroy" });
    expect(grantChoicesAfterLifeEvent(standing({ lifeEvent: incapacity }), { "disposition.life_event": "keep_using" })).toEqual({ "disposition.life_event": "stop_new_use" });
    expect(grantChoicesAfterLifeEvent(standing(), { "disposition.life_event": "keep_using" })).toEqual({ "disposition.life_event": "keep_using" });
  });
});
