import { describe, expect, it } from "vitest";
import { isLawRecipient } from "./provision-law";
import { choiceCatalogue, choiceIds, duoTermsOf, gateActions, isChoiceId, isGranted, recipients, type ChoiceId } from "./choice-catalogue";

const preferences = choiceIds.filter((id) => "preference" in choiceCatalogue[id]);

describe("the choice catalogue", () => {
  it("offers a way to decline every decision, and says which value is required to take part only for core.wgs", () => {
    for (const id of choiceIds) {
      if (preferences.includes(id)) continue;
      const options: readonly string[] = choiceCatalogue[id].options;
      expect(options.some((value) => isGranted(id, value)), id).toBe(true);
      expect(options.some((value) => !isGranted(id, value)), `${id} has no way to say no`).toBe(true);
    }
    const required = choiceIds.filter((id) => "requiredValue" in choiceCatalogue[id]);
    expect(required).toEqual(["core.wgs"]);
    expect(choiceCatalogue["core.wgs"].options).toContain(choiceCatalogue["core.wgs"].requiredValue);
  });

  it("treats only yes and want as granted; undecided, no, not_want, blanks and unknown words are not", () => {
    expect(isGranted("share.industry", "yes")).toBe(true);
    expect(isGranted("findings.secondary.hereditary_cancer", "want")).toBe(true);
    for (const value of ["no", "not_want", "undecided", "", "YES", "true", undefined]) {
      expect(isGranted("share.industry", value), String(value)).toBe(false);
      expect(isGranted("findings.secondary.other_actionable", value), String(value)).toBe(false);
    }
  });

  it("never counts a preference (channel, frequency, the disposition after a life event) as a grant", () => {
    expect(preferences.sort()).toEqual(["disposition.life_event", "recontact.channel", "recontact.frequency"]);
    for (const id of preferences) {
      for (const value of [...choiceCatalogue[id].options, "yes", "want"]) expect(isGranted(id, value), `${id}=${value}`).toBe(false);
      expect(choiceCatalogue[id].governs).toEqual([]);
    }
  });

  it("lets every gate action be governed by some choice, and share/release by exactly one per recipient of the research consent, none of the 2024 law's", () => {
    const governed = new Set(choiceIds.flatMap((id) => choiceCatalogue[id].governs.map((rule) => rule.action)));
    expect([...governed].sort()).toEqual([...gateActions].sort());
    for (const action of ["share", "release"] as const) {
      for (const recipient of recipients) {
        const covering = choiceIds.filter((id) =>
          choiceCatalogue[id].governs.some((rule) => rule.action === action && "recipients" in rule && (rule.recipients as readonly string[]).includes(recipient)),
        );
        expect(covering, `${action} to ${recipient}`).toHaveLength(isLawRecipient(recipient) ? 0 : 1);
      }
    }
  });

  it("names DUO terms by id, never by shorthand", () => {
    for (const id of choiceIds) {
      for (const term of [...choiceCatalogue[id].duo.whenGranted, ...choiceCatalogue[id].duo.whenDeclined]) expect(term, id).toMatch(/^DUO:\d{7}$/);
    }
  });

  it("derives DUO terms from a snapshot: a declined industry choice adds non-commercial-use restrictions", () => {
    expect(duoTermsOf({})).toEqual([]);
    expect(duoTermsOf({ "core.wgs": "yes" })).toEqual(["DUO:0000006", "DUO:0000021"]);
    const noIndustry = duoTermsOf({ "core.wgs": "yes", "share.industry": "no" });
    expect(noIndustry).toEqual(expect.arrayContaining(["DUO:0000045", "DUO:0000046"]));
    expect(duoTermsOf({ "core.wgs": "yes", "share.industry": "yes" })).not.toContain("DUO:0000046");
    expect(duoTermsOf({ "share.international": "no" })).toEqual(["DUO:0000022"]);
    // Sorted and without duplicates, so the same consent always yields the same list.
    const all = duoTermsOf(Object.fromEntries(choiceIds.map((id) => [id, "yes"])) as Record<ChoiceId, string>);
    expect(all).toEqual([...new Set(all)].sort());
  });

  it("recognises exactly its own choice ids", () => {
    for (const id of choiceIds) expect(isChoiceId(id)).toBe(true);
    for (const id of ["share", "core", "toString", "__proto__", "constructor", "core.wgs ", "CORE.WGS"]) expect(isChoiceId(id), id).toBe(false);
  });
});
