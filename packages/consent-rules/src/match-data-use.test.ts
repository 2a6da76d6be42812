// matchDataUse against DUOS's matching rules. Cases marked "DUOS V5" restate DataBiosphere/consent's
// DataUseMatcherV5Test and DataUsePrimaryClassifierTest (src/test/java/org/broadinstitute/consent/http/…); "DUOS V4" a
// test of DataUseMatcherV4Test (consent-ontology at e371cbab, rules in DataUseMatchCasesV4.java), which V5 delegates
// to; "V3" the older DataUseMatcherV3Test.java. Where this platform departs from DUOS — only ever toward review
// (match-data-use.ts names departures A to D) — the case says so and why.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diseaseTerms, programmeDiseases } from "./disease-hierarchy";
import { matchDataUse, normaliseCurie, primaryCategoriesOf, sensitiveResearchFlags, type DataUse, type DiseaseHierarchy, type PrimaryCategory, type ResearchPurpose } from "./match-data-use";

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
    // DUO's NPOA, which V4 does not read (it approves on GRU data): to the committee (departure C).
    expect(result(data(["GRU", "NPOA"]), purpose(["POA"]))).toBe("abstain");
  });

  it("lets methods development use GRU, POA or HMB data, and disease data for research within its disease (DUOS V4 testMDS_positive_case_1..4; departures C and D)", () => {
    for (const codes of [["GRU"], ["POA"], ["HMB"]]) expect(result(data(codes), purpose(["MDS"]))).toBe("approve");
    expect(result(data(["DS"], ["DOID:162"]), purpose(["MDS"], { diseases: ["DOID:10155"] }))).toBe("approve");
    expect(result(data(["DS"], ["DOID:1612"]), purpose(["MDS"], { diseases: ["DOID:10155"] }))).toBe("deny");
    // DUOS approves this (its disease check passes a purpose without diseases); here the committee reads it (D).
    expect(result(data(["DS"], ["DOID:162"]), purpose(["MDS"]))).toBe("abstain");
    // DUO's NMDS (no general methods research), which DUOS V4 does not read and so approves: to the committee (C).
    expect(result(data(["HMB", "NMDS"]), purpose(["MDS"]))).toBe("abstain");
  });
});

describe("matchDataUse: commercial use", () => {
  it("refuses commercial research on not-for-profit data, and sends it to the committee on non-commercial data (DUOS V4 testNPU_negative_case_1; departure C)", () => {
    for (const restriction of ["NPU", "DUO:0000045"]) expect(result(data(["HMB", restriction]), purpose(["HMB"], { commercial: true }))).toBe("deny");
    // V4 reads only NPU and would approve these; commercial research on them is for the committee (C).
    for (const restriction of ["NCU", "NPUNCU", "DUO:0000046"]) expect(result(data(["HMB", restriction]), purpose(["HMB"], { commercial: true }))).toBe("abstain");
    for (const restriction of ["NPU", "NCU", "NPUNCU", "DUO:0000046"]) {
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

  it("abstains on COL, IRB, a geographical restriction and free-text restrictions on the data (DUOS's Algorithms.md; departure A)", () => {
    for (const modifier of ["COL", "IRB", "GS", "DUO:0000021"]) expect(result(data(["HMB", modifier]), purpose(["HMB"]))).toBe("abstain");
    expect(result(data(["HMB"], [], ["secondary_other:研究者が所属機関の承認を得ること"]), purpose(["HMB"]))).toBe("abstain");
  });

  it("abstains on a purpose with no research category (DUOS V4 testAbstainDecision_COL / _Other: a purpose without one falls through to abstain)", () => {
    expect(result(data(["HMB"]), purpose([]))).toBe("abstain");
  });

  it("abstains on a disease the hierarchy does not know, never approves (departure B)", () => {
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

describe("matchDataUse: DUOS V5's dataset shapes", () => {
  const sensitiveOtherText = "sensitive free text";
  const disease = "DOID:162";
  // DataUseMatcherV5Test.researchPurposes
  const researchPurposes = [purpose(["GRU"]), purpose(["HMB"]), purpose(["POA"]), purpose(["DS"], { diseases: [disease] }), purpose(["MDS"])];
  const withCategories = (categories: readonly PrimaryCategory[]): DataUse =>
    data(
      categories.filter((category) => category !== "DS" && category !== "OTHER"),
      categories.includes("DS") ? [disease] : [],
      categories.includes("OTHER") ? [`other:${sensitiveOtherText}`] : [],
    );

  it("sends every unsupported shape to review with its rationale alone, never the free text (DUOS V5 unsupportedDatasetShapesAbstain)", () => {
    const shapes: [string, DataUse, string][] = [
      // V5's null dataset has no counterpart in this request shape; an empty data use is its nearest case.
      ["empty", data([]), "data_use.no_primary"],
      ["secondary other only", data([], [], [`secondary_other:${sensitiveOtherText}`]), "data_use.no_primary"],
      ["other only", data([], [], [`other:${sensitiveOtherText}`]), "data_use.other_primary"],
      ["GRU and HMB", data(["GRU", "HMB"]), "data_use.multiple_primary"],
      ["HMB and other", data(["HMB"], [], [`other:${sensitiveOtherText}`]), "data_use.multiple_primary"],
    ];
    for (const [name, dataUse, code] of shapes) {
      for (const asked of researchPurposes) {
        const match = matchDataUse(dataUse, asked, hierarchy);
        expect(match, `${name} × ${asked.codes.join(",")}`).toEqual({ result: "abstain", reasons: [{ check: "codes", result: "abstain", code }] });
        expect(JSON.stringify(match)).not.toContain(sensitiveOtherText);
      }
    }
  });

  it("matches each canonical single primary by V4's rules (DUOS V5 supportedSinglePrimaryDatasetsDelegateUnchanged)", () => {
    // An HMB purpose, as V5's test asks: V4 approves on GRU and HMB data and denies on POA-only and disease-only data.
    const expected: [PrimaryCategory, string][] = [["GRU", "approve"], ["HMB", "approve"], ["POA", "deny"], ["DS", "deny"]];
    for (const [category, outcome] of expected) {
      const match = matchDataUse(withCategories([category]), purpose(["HMB"]), hierarchy);
      expect(match.result, category).toBe(outcome);
      expect(match.reasons.map((reason) => reason.code).filter((code) => code.startsWith("data_use.")), category).toEqual([]);
    }
  });

  it("abstains on every combination of two or more primary categories (DUOS V5 everyMultiplePrimaryCombinationAbstains)", () => {
    const categories: PrimaryCategory[] = ["GRU", "HMB", "POA", "DS", "OTHER"];
    let combinations = 0;
    for (let mask = 0; mask < 1 << categories.length; mask++) {
      const selected = categories.filter((_, index) => mask & (1 << index));
      if (selected.length < 2) continue;
      combinations++;
      expect(primaryCategoriesOf(withCategories(selected))).toEqual(selected);
      expect(matchDataUse(withCategories(selected), purpose(["HMB"]), hierarchy), selected.join("+")).toEqual({ result: "abstain", reasons: [{ check: "codes", result: "abstain", code: "data_use.multiple_primary" }] });
    }
    expect(combinations).toBe(26);
  });

  it("reads the legacy HMB-with-other combination as multiple, without the other text (DUOS V5 observedLegacyHmbOtherCombinationAbstainsWithoutExposingOtherText)", () => {
    const match = matchDataUse(data(["HMB"], [], [`other:${sensitiveOtherText}`]), purpose(["HMB"]), hierarchy);
    expect(match.reasons).toEqual([{ check: "codes", result: "abstain", code: "data_use.multiple_primary" }]);
    expect(JSON.stringify(match)).not.toContain(sensitiveOtherText);
  });

  it("classifies as DUOS's DataUsePrimaryClassifier does: DS only with a disease, other only with text, NRES as GRU (DataUsePrimaryClassifierTest)", () => {
    expect(primaryCategoriesOf(data([]))).toEqual([]);
    expect(primaryCategoriesOf(data([], [], ["secondary_other:secondary text"]))).toEqual([]);
    expect(primaryCategoriesOf(data(["DS"]))).toEqual([]);
    expect(primaryCategoriesOf(data([], [], ["other:  "]))).toEqual([]);
    expect(primaryCategoriesOf(data(["DUO:0000004"]))).toEqual(["GRU"]);
    // classifyMultipleCategoriesInCanonicalOrder
    expect(primaryCategoriesOf(data(["GRU"], ["DOID:1"], ["other:primary text"]))).toEqual(["GRU", "DS", "OTHER"]);
  });
});

describe("matchDataUse: as V4 combines, and this platform's consent", () => {
  it("lets an abstention win over a denial: the committee sees what it must decide (DUOS V4 matchPurposeAndDatasetV4)", () => {
    expect(result(data(["HMB", "NPU"]), purpose(["HMB"], { commercial: true, flags: ["pediatric"] }))).toBe("abstain");
    expect(result(data(["HMB", "NPU"]), purpose(["HMB"], { commercial: true }))).toBe("deny");
  });

  it("reads a participant's consent as duoTermsOf gives it (HMB with IRB: the committee checks the ethics approval)", () => {
    expect(result(data(["DUO:0000006", "DUO:0000021"]), purpose(["HMB"]))).toBe("abstain");
    // Not-for-profit consent against a commercial purpose: the denial is among the reasons, the committee decides.
    const commercial = matchDataUse(data(["DUO:0000006", "DUO:0000021", "DUO:0000045"]), purpose(["HMB"], { commercial: true }), hierarchy);
    expect(commercial.result).toBe("abstain");
    expect(commercial.reasons).toContainEqual(expect.objectContaining({ code: "commercial.not_permitted", result: "deny" }));
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

  it("adding a restriction to a data use never turns a result into an approval it was not (a denial may become a review, as V4 combines)", () => {
    fc.assert(
      fc.property(dataUses, purposes, restrictions, (dataUse, asked, restrict) => {
        const before = result(dataUse, asked);
        const after = result(restrict(dataUse), asked);
        if (before !== "approve") expect(after).not.toBe("approve");
      }),
      { numRuns: 2_000 },
    );
  });

  it("departs from V4's rules only toward review: wherever this matcher denies, every check's V4 counterpart would too", () => {
    // A denial here comes only from V4's own denying checks (disease, HMB, POA, methods outside the disease, NPU);
    // each departure (A–D) abstains instead.
    const v4Denials = new Set(["disease.not_within", "hmb.general_purpose_needs_general_use", "hmb.disease_only", "hmb.ancestry_only", "poa.not_permitted", "methods.outside_disease", "commercial.not_permitted"]);
    fc.assert(
      fc.property(dataUses, purposes, (dataUse, asked) => {
        const match = matchDataUse(dataUse, asked, hierarchy);
        for (const reason of match.reasons) if (reason.result === "deny") expect(v4Denials.has(reason.code), reason.code).toBe(true);
        for (const reason of match.reasons) if (reason.code === "commercial.not_permitted" && reason.result === "deny") expect(reason.subject).toBe("NPU");
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
