import { describe, expect, it } from "vitest";
import type { ChoiceSnapshot } from "./choice-catalogue";
import type { ConsentView } from "./decide-action";
import { invitationStatesGenotype, invitationVerdict, resultRequestFor, type StudyCriterion } from "./study-invitation";

const consented: ChoiceSnapshot = {
  "core.wgs": "yes",
  "return.primary": "yes",
  "findings.secondary.hereditary_cancer": "want",
  "findings.secondary.other_actionable": "not_want",
  "recontact.research": "yes",
  "recontact.frequency": "as_needed",
};

function consent(choices: ChoiceSnapshot = consented, overrides: Partial<ConsentView> = {}): ConsentView {
  return { status: "active", choices, permittedPurposes: ["DUO:0000006"], withdrawalLevel: null, interimRule: null, ...overrides };
}

const now = new Date("2026-11-29T03:00:00Z");
const tumourEgfr: StudyCriterion = { gene: "EGFR", origin: "somatic" };
const inheritedBrca: StudyCriterion = { gene: "BRCA2", origin: "germline" };
const inheritedLdlr: StudyCriterion = { gene: "LDLR", origin: "germline" };
const inheritedNotOnList: StudyCriterion = { gene: "COL4A5", origin: "germline" };
const fresh = { previousContacts: [], now };

describe("who a study chosen by genome may invite", () => {
  it("invites a participant who allows research contact, and names the gene to one who wants the result", () => {
    expect(invitationVerdict(consent(), tumourEgfr, fresh)).toEqual({ invitable: true, statesGenotype: true });
    expect(invitationVerdict(consent(), inheritedBrca, fresh)).toEqual({ invitable: true, statesGenotype: true });
  });

  it("invites to a tumour study without naming the gene when the participant chose not to receive their result", () => {
    const noPrimary = consent({ ...consented, "return.primary": "no" });
    expect(invitationVerdict(noPrimary, tumourEgfr, fresh)).toEqual({ invitable: true, statesGenotype: false });
    expect(invitationStatesGenotype(noPrimary, tumourEgfr)).toBe(false);
  });

  it("never invites to an inherited-variant study someone who chose not to know that kind of result, or has not decided", () => {
    // LDLR is on the ACMG list's cardiovascular rows: the "other actionable" choice, here not_want.
    expect(invitationVerdict(consent(), inheritedLdlr, fresh)).toEqual({ invitable: false, reason: "result_not_wanted" });
    const undecided = consent({ ...consented, "findings.secondary.hereditary_cancer": "undecided" });
    expect(invitationVerdict(undecided, inheritedBrca, fresh)).toEqual({ invitable: false, reason: "result_not_wanted" });
    // An inherited variant off the list is part of the primary result.
    expect(resultRequestFor(inheritedNotOnList)).toEqual({ action: "return_primary" });
    expect(invitationVerdict(consent({ ...consented, "return.primary": "no" }), inheritedNotOnList, fresh)).toEqual({ invitable: false, reason: "result_not_wanted" });
  });

  it("excludes a withdrawal, a no to research contact and an unknown pseudonym, withdrawal first", () => {
    expect(invitationVerdict(null, tumourEgfr, fresh)).toEqual({ invitable: false, reason: "unknown_subject" });
    expect(invitationVerdict(consent(consented, { status: "withdrawn", withdrawalLevel: "no_contact" }), tumourEgfr, fresh)).toEqual({ invitable: false, reason: "withdrawn" });
    expect(invitationVerdict(consent({ ...consented, "recontact.research": "no" }), tumourEgfr, fresh)).toEqual({ invitable: false, reason: "declined" });
    // The research-contact answer comes before the result choice: a no to contact is "declined" even for a not-wanted result.
    expect(invitationVerdict(consent({ ...consented, "recontact.research": "no" }), inheritedLdlr, fresh)).toEqual({ invitable: false, reason: "declined" });
  });

  it("counts every earlier research message against the frequency the participant chose", () => {
    const lastMonth = new Date("2026-10-29T03:00:00Z");
    const yearly = consent({ ...consented, "recontact.frequency": "yearly" });
    expect(invitationVerdict(yearly, tumourEgfr, { previousContacts: [lastMonth], now })).toEqual({ invitable: false, reason: "frequency_cap" });
    expect(invitationVerdict(consent(), tumourEgfr, { previousContacts: [lastMonth, lastMonth, lastMonth], now, asNeededCap: 4 }).invitable).toBe(true);
    expect(invitationVerdict(consent(), tumourEgfr, { previousContacts: [lastMonth, lastMonth, lastMonth, lastMonth], now, asNeededCap: 4 })).toEqual({ invitable: false, reason: "frequency_cap" });
  });
});
