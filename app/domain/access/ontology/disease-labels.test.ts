import { diseaseTerms } from "@tsunagi/consent-rules/disease-hierarchy";
import { describe, expect, it } from "vitest";
import { DISEASE_CURIE } from "../applications/application-content";
import { curieOf, diseaseLabel, diseaseLabels, diseaseName, searchDiseases } from "./disease-labels";

describe("disease labels", () => {
  it("name a known code in the reader's language, with the code beside it", () => {
    expect(diseaseName("DOID:1612", "ja")).toBe("乳がん (DOID:1612)");
    expect(diseaseName("DOID:1612", "ja-easy")).toBe("乳がん (DOID:1612)");
    expect(diseaseName("DOID:1612", "en")).toBe("breast cancer (DOID:1612)");
    expect(diseaseName("MONDO:0005835", "ja")).toBe("リンチ症候群 (MONDO:0005835)");
  });

  it("give a Japanese reader the English label where no Japanese one is settled, and an unknown code as itself", () => {
    expect(diseaseLabel("DOID:0050686", "ja")).toBe("organ system cancer");
    expect(diseaseLabel("DOID:9999999", "ja")).toBeNull();
    expect(diseaseName("DOID:9999999", "en")).toBe("DOID:9999999");
  });

  it("know every code the matching hierarchy knows, with the hierarchy's English words", () => {
    for (const [curie, term] of Object.entries(diseaseTerms)) expect(diseaseLabel(curie, "en"), curie).toBe(term.name);
  });

  it("hold only well-formed codes, each once, with a label in English and no empty Japanese one", () => {
    const curies = diseaseLabels.map((label) => label.curie);
    expect(new Set(curies).size).toBe(curies.length);
    for (const label of diseaseLabels) {
      expect(label.curie).toMatch(DISEASE_CURIE);
      expect(label.en.trim()).not.toBe("");
      if (label.ja !== null) expect(label.ja.trim()).not.toBe("");
    }
  });

  it("find terms by a Japanese name, in hiragana, katakana or full width, best match first", () => {
    expect(searchDiseases("乳がん")[0]).toMatchObject({ curie: expect.stringMatching(/^(DOID:1612|MONDO:0007254)$/), ja: "乳がん" });
    expect(searchDiseases("膠芽腫").map((label) => label.curie)).toEqual(["DOID:3068"]);
    expect(searchDiseases("ガン").length).toBeGreaterThan(10);
    expect(searchDiseases("リンチ").map((label) => label.curie).sort()).toEqual(["DOID:3883", "MONDO:0005835"]);
  });

  it("find terms by an English name, whatever the case, and by code", () => {
    expect(searchDiseases("Glioblastoma").map((label) => label.curie)).toEqual(["DOID:3068"]);
    expect(searchDiseases("retinitis")[0]?.curie).toBe("DOID:10584");
    expect(searchDiseases("doid:1612")[0]?.curie).toBe("DOID:1612");
    expect(searchDiseases("DOID:1612")[0]).toMatchObject({ curie: "DOID:1612", en: "breast cancer", ja: "乳がん" });
  });

  it("find nothing for nothing, and no more than asked", () => {
    expect(searchDiseases("   ")).toEqual([]);
    expect(searchDiseases("zzzz-no-such-disease")).toEqual([]);
    expect(searchDiseases("cancer", 5)).toHaveLength(5);
  });

  it("read the code out of a picked entry or a bare code", () => {
    expect(curieOf("乳がん (DOID:1612)")).toBe("DOID:1612");
    expect(curieOf(" MONDO:0007254 ")).toBe("MONDO:0007254");
    expect(curieOf("breast cancer")).toBeNull();
  });
});
