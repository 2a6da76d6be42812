// matchDataUse against DUOS's matching rules. Cases marked "DUOS V4" restate a test of
// DataBiosphere/consent-ontology src/test/java/org/broadinstitute/dsde/consent/ontology/datause/DataUseMatcherV4Test.java
// (at e371cbab, rules in DataUseMatchCasesV4.java); "V3" the older DataUseMatcherV3Test.java. Where this platform
// departs from DUOS (match-data-use.ts names the five departures), the case says so and why.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diseaseTerms, programmeDiseases } from "./disease-hierarchy";
import { matchDataUse, normaliseCurie, sensitiveResearchFlags, type DataUse, type DiseaseHierarchy, type ResearchPurpose } from "./match-data-use";

// The DUOS tests mock the ontology the same way: intestinal cancer (DOID:10155) lies under cancer (DOID:162).
const parents: Record<string, string[]> = {
  "DOID:4": [],
  "DOID:162": ["DOID:4"],
  "DOID:10155": ["DOID:162"],
  "DOID:1612": ["DOID:162"],
};
const hierarchy: DiseaseHierarchy = {
  ancestorsOf(curie) {
    if (!(curie in parents)) return undefined;
    const found = new Set<string>([curie]);
    for (const parent of parents[curie]!) for (const ancestor of hierarchy.ancestorsOf(parent)!) found.add(ancestor);
    return found;
  },
};

const data = (codes: string[], diseases: string[] = [], flags: string[] = []): DataUse => ({ codes, diseases, flags });
const purpose = (codes: string[], extra: Partial<ResearchPurpose> = {}): ResearchPurpose => ({ codes, diseases: [], commercial: false, flags: [], ...extra });
const result = (dataUse: DataUse, asked: ResearchPurpose) => matchDataUse(dataUse, asked, hierarchy).result;

describe("matchDataUse: DUOS's primary categories", () => {
  it("matches diseases down the hierarchy, never up (DUOS V4 testDiseaseMatching_positive / _negative)", () => {
    expect(result(data(["DS"], ["DOID:162"]), purpose(["DS"], { diseases: ["DOID:10155"] }))).toBe("approve");
    expect(result(data(["DS"], ["DOID:10155"]), purpose(["DS"], { diseases: ["DOID:162"] }))).toBe("deny");
    // A sibling is not within: breast cancer data for intestinal cancer research.
    expect(result(data(["DS"], ["DOID:1612"]), purpose(["DS"], { diseases: ["DOID:10155"] }))).toBe("deny");
    // GRU and HMB data cover any disease.
    expect(result(data(["GRU"]), purpose(["DS"], { diseases: ["DOID:10155"] }))).toBe("approve");
    expect(result(data(["HMB"]), purpose(["DS"], { diseases: ["DOID:10155"] }))).toBe("approve");
  });

  it("lets HMB research use GRU or HMB data, and nothing narrower (DUOS V4 testHMB_positive_case_1/2, testHMB_negative_case_1/2/3)", () => {
    expect(result(data(["GRU"]), purpose(["HMB"]))).toBe("approve");
    expect(result(data(["HMB"]), purpose(["HMB"]))).toBe("approve");
    expect(result(data(["HMB"]), purpose(["GRU"]))).toBe("deny");
    expect(result(data(["DS"], ["DOID:162"]), purpose(["HMB"]))).toBe("deny");
    expect(result(data(["POA"]), purpose(["HMB"]))).toBe("deny");
  });

  it("lets ancestry research use GRU or POA data only (DUOS V4 testPOA_positive_case_1/2, testPOA_negative_case_1/2)", () => {
    expect(result(data(["GRU"]), purpose(["POA"]))).toBe("approve");
    expect(result(data(["POA"]), purpose(["POA"]))).toBe("approve");
    expect(result(data(["HMB"]), purpose(["POA"]))).toBe("deny");
    expect(result(data(["DS"], ["DOID:162"]), purpose(["POA"]))).toBe("deny");
    expect(result(data(["GRU", "NPOA"]), purpose(["POA"]))).toBe("deny");
  });

  it("lets methods development use GRU, POA or HMB data, and disease data for research within its disease (DUOS V4 testMDS_positive_case_1..4; departure 5)", () => {
    for (const codes of [["GRU"], ["POA"], ["HMB"]]) expect(result(data(codes), purpose(["MDS"]))).toBe("approve");
    expect(result(data(["DS"], ["DOID:162"]), purpose(["MDS"], { diseases: ["DOID:10155"] }))).toBe("approve");
    // DUOS approves this (its disease check passes a purpose without diseases); here it is outside the consent.
    expect(result(data(["DS"], ["DOID:162"]), purpose(["MDS"]))).toBe("deny");
    // DUO's NMDS (no general methods research), which DUOS V4 does not read.
    expect(result(data(["HMB", "NMDS"]), purpose(["MDS"]))).toBe("deny");
  });
});

describe("matchDataUse: commercial use", () => {
  it("refuses commercial research where the data is for non-profit or non-commercial use (DUOS V4 testNPU_negative_case_1; V3's commercial cases)", () => {
    for (const restriction of ["NPU", "NCU", "NPUNCU", "DUO:0000046"]) {
      expect(result(data(["HMB", restriction]), purpose(["HMB"], { commercial: true }))).toBe("deny");
      // DUOS V4 testNPU_positive_case_1..3: a non-commercial purpose is fine whatever the data says.
      expect(result(data(["HMB", restriction]), purpose(["HMB"], { commercial: false }))).toBe("approve");
    }
    // V3: commercial research on unrestricted data.
    expect(result(data(["GRU"]), purpose(["HMB"], { commercial: true }))).toBe("approve");
  });
});

describe("matchDataUse: what goes to the committee", () => {
  it("abstains on every sensitive-research question answered yes (DUOS V4 testAbstainDecision_<flag>)", () => {
    for (const flag of sensitiveResearchFlags) {
      const asked = purpose(["HMB"], { flags: [flag === "gender" ? "gender:F" : flag === "other" || flag === "secondary_other" ? `${flag}:食事の研究` : flag] });
      const match = matchDataUse(data(["HMB"]), asked, hierarchy);
      expect(match.result, flag).toBe("abstain");
      expect(match.reasons.map((reason) => reason.code)).toContain(`sensitive.${flag}`);
    }
  });

  it("abstains on COL, IRB, a geographical restriction and free-text restrictions on the data (DUOS's Algorithms.md; departure 3)", () => {
    for (const modifier of ["COL", "IRB", "GS", "DUO:0000021"]) expect(result(data(["HMB", modifier]), purpose(["HMB"]))).toBe("abstain");
    expect(result(data(["HMB"], [], ["other:研究者が所属機関の承認を得ること"]), purpose(["HMB"]))).toBe("abstain");
  });

  it("abstains on a purpose with no research category (DUOS V4 testAbstainDecision_COL / _Other: a purpose without one falls through to abstain)", () => {
    expect(result(data(["HMB"]), purpose([]))).toBe("abstain");
  });

  it("abstains on a disease the hierarchy does not know, never approves (departure 4)", () => {
    const unknown = matchDataUse(data(["GRU"]), purpose(["DS"], { diseases: ["MONDO:9999999"] }), hierarchy);
    expect(unknown.result).toBe("abstain");
    expect(unknown.reasons).toContainEqual(expect.objectContaining({ code: "disease.unknown", subject: "MONDO:9999999" }));
    expect(result(data(["DS"], ["DOID:0000000"]), purpose(["DS"], { diseases: ["DOID:10155"] }))).not.toBe("approve");
  });

  it("abstains on a code it does not know rather than ignoring it", () => {
    expect(result(data(["HMB", "XYZ"]), purpose(["HMB"]))).toBe("abstain");
    expect(result(data(["HMB"]), purpose(["HMB", "DUO:9999999"]))).toBe("abstain");
  });
});

describe("matchDataUse: a consent platform's departures", () => {
  it("lets a denial win over an abstention: a committee cannot approve what consent forbids (departure 1)", () => {
    expect(result(data(["HMB", "NCU"]), purpose(["HMB"], { commercial: true, flags: ["pediatric"] }))).toBe("deny");
  });

  it("denies every purpose on a data use without GRU, HMB, DS or POA: nothing was permitted (departure 2)", () => {
    for (const asked of [purpose(["HMB"]), purpose(["MDS"]), purpose(["GRU"])]) expect(result(data([]), asked)).toBe("deny");
    expect(result(data(["IRB", "GS"]), purpose(["HMB"]))).toBe("deny");
  });

  it("reads a participant's consent as duoTermsOf gives it (HMB with IRB: the committee checks the ethics approval)", () => {
    expect(result(data(["DUO:0000006", "DUO:0000021"]), purpose(["HMB"]))).toBe("abstain");
    expect(result(data(["DUO:0000006", "DUO:0000021", "DUO:0000046"]), purpose(["HMB"], { commercial: true }))).toBe("deny");
  });

  it("carries conditions it cannot decide (publication, moratorium…) as reasons without changing the result", () => {
    const match = matchDataUse(data(["GRU", "PUB", "MOR"]), purpose(["HMB"]), hierarchy);
    expect(match.result).toBe("approve");
    expect(match.reasons.map((reason) => reason.code)).toEqual(expect.arrayContaining(["condition.PUB", "condition.MOR"]));
  });

  it("reads CURIEs, underscores and IRIs alike", () => {
    expect(normaliseCurie("http://purl.obolibrary.org/obo/DOID_162")).toBe("DOID:162");
    expect(normaliseCurie("doid_10155")).toBe("DOID:10155");
    expect(result(data(["DUO:0000007"], ["http://purl.obolibrary.org/obo/DOID_162"]), purpose(["DS"], { diseases: ["DOID_10155"] }))).toBe("approve");
  });
});

describe("matchDataUse: properties", () => {
  const primary = fc.subarray(["GRU", "HMB", "DS", "POA"]);
  const modifiers = ["NMDS", "NPU", "NCU", "NPUNCU", "COL", "IRB", "GS", "PUB", "MOR", "NPOA", "GSO", "US", "TS"];
  const diseases = fc.subarray(Object.keys(parents).concat("MONDO:0000001"), { maxLength: 2 });
  const dataUses = fc.record({ codes: fc.tuple(primary, fc.subarray(modifiers)).map(([a, b]) => [...a, ...b]), diseases, flags: fc.subarray(["other:x", "secondary_other:y"]) });
  const purposes = fc.record({
    codes: fc.subarray(["GRU", "HMB", "DS", "POA", "MDS"]),
    diseases,
    commercial: fc.boolean(),
    flags: fc.subarray([...sensitiveResearchFlags]),
  });
  const restrictions = fc.oneof(
    fc.constantFrom(...modifiers).map((code) => (dataUse: DataUse): DataUse => ({ ...dataUse, codes: [...dataUse.codes, code] })),
    fc.constantFrom("other:z", "secondary_other:w").map((flag) => (dataUse: DataUse): DataUse => ({ ...dataUse, flags: [...(dataUse.flags ?? []), flag] })),
  );

  it("adding a restriction to a data use never turns a deny into an approve (nor any result into a better one)", () => {
    const rank = { deny: 0, abstain: 1, approve: 2 } as const;
    fc.assert(
      fc.property(dataUses, purposes, restrictions, (dataUse, asked, restrict) => {
        const before = result(dataUse, asked);
        const after = result(restrict(dataUse), asked);
        if (before === "deny") expect(after).not.toBe("approve");
        expect(rank[after]).toBeLessThanOrEqual(rank[before]);
      }),
      { numRuns: 2_000 },
    );
  });

  it("approves only with every check approving, and gives a reason for every result that is not an approval", () => {
    fc.assert(
      fc.property(dataUses, purposes, (dataUse, asked) => {
        const match = matchDataUse(dataUse, asked, hierarchy);
        if (match.result === "approve") expect(match.reasons.every((reason) => reason.result === "approve")).toBe(true);
        else expect(match.reasons.some((reason) => reason.result === match.result)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe("the shipped disease hierarchy", () => {
  it("closes: every parent is a listed term, every term reaches DOID:4 or MONDO:0000001, and nothing is its own ancestor through a cycle", () => {
    for (const [id, term] of Object.entries(diseaseTerms)) {
      for (const parent of term.parents) expect(diseaseTerms, `${id}'s parent ${parent}`).toHaveProperty([parent]);
      const ancestors = programmeDiseases.ancestorsOf(id)!;
      expect(ancestors.has("DOID:4") || ancestors.has("MONDO:0000001"), id).toBe(true);
      for (const parent of term.parents) expect(programmeDiseases.ancestorsOf(parent)!.has(id), `${id} under its own child ${parent}`).toBe(id === parent);
    }
  });

  it("matches the programme's diseases as DUOS's example does, with the real ontology: intestinal cancer lies three steps under cancer", () => {
    expect(matchDataUse(data(["DS"], ["DOID:162"]), purpose(["DS"], { diseases: ["DOID:10155"] })).result).toBe("approve");
    expect(matchDataUse(data(["DS"], ["DOID:162"]), purpose(["DS"], { diseases: ["DOID:9256"] })).result).toBe("approve");
    expect(matchDataUse(data(["DS"], ["DOID:1612"]), purpose(["DS"], { diseases: ["DOID:2394"] })).result).toBe("deny");
    // Rare disease: retinitis pigmentosa research on data for eye disease; not on data for muscular dystrophy.
    expect(matchDataUse(data(["DS"], ["DOID:5614"]), purpose(["DS"], { diseases: ["DOID:10584"] })).result).toBe("approve");
    expect(matchDataUse(data(["DS"], ["DOID:9884"]), purpose(["DS"], { diseases: ["DOID:10584"] })).result).toBe("deny");
  });

  it("reads a MONDO class and its DOID exact match as one disease", () => {
    expect(matchDataUse(data(["DS"], ["MONDO:0015356"]), purpose(["DS"], { diseases: ["DOID:3883"] })).result).toBe("approve");
    expect(matchDataUse(data(["DS"], ["DOID:3883"]), purpose(["DS"], { diseases: ["MONDO:0005835"] })).result).toBe("approve");
  });
});
