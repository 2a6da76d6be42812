import { describe, expect, it } from "vitest";
import { acmgSfGene, acmgSfV32Genes } from "./acmg-sf-v3-2";
import { findingsCategories } from "./choice-catalogue";

describe("the ACMG SF v3.2 gene list", () => {
  it("has the 81 genes of the published list, each once, as upper-case HGNC symbols", () => {
    expect(acmgSfV32Genes).toHaveLength(81);
    const genes = acmgSfV32Genes.map((entry) => entry.gene);
    expect(new Set(genes).size).toBe(81);
    for (const gene of genes) expect(gene).toMatch(/^[A-Z][A-Z0-9]*$/);
  });

  it("puts every gene in one of the catalogue's findings categories", () => {
    for (const entry of acmgSfV32Genes) expect(findingsCategories, entry.gene).toContain(entry.category);
  });

  it("has the table's group sizes: 28 cancer, 40 cardiovascular, 4 inborn errors of metabolism, 9 miscellaneous", () => {
    const count = (group: string) => acmgSfV32Genes.filter((entry) => entry.group === group).length;
    expect([count("cancer"), count("cardiovascular"), count("inborn_error_of_metabolism"), count("miscellaneous")]).toEqual([28, 40, 4, 9]);
  });

  it("files exactly the cancer-predisposition genes under hereditary_cancer", () => {
    for (const entry of acmgSfV32Genes) expect(entry.category, entry.gene).toBe(entry.group === "cancer" ? "hereditary_cancer" : "other_actionable");
    expect(acmgSfGene("BRCA1")?.category).toBe("hereditary_cancer");
    expect(acmgSfGene("MLH1")?.category).toBe("hereditary_cancer");
    expect(acmgSfGene("KCNQ1")?.category).toBe("other_actionable");
    expect(acmgSfGene("LDLR")?.category).toBe("other_actionable");
    expect(acmgSfGene("OTC")?.group).toBe("inborn_error_of_metabolism");
  });

  it("includes v3.2's additions and the narrower reporting rules of HFE and TTN", () => {
    for (const gene of ["CALM1", "CALM2", "CALM3"]) expect(acmgSfGene(gene)?.group, gene).toBe("cardiovascular");
    expect(acmgSfGene("HFE")?.report).toBe("hfe_c282y_homozygous");
    expect(acmgSfGene("TTN")?.report).toBe("truncating_only");
    expect(acmgSfGene("MUTYH")).toMatchObject({ inheritance: "AR", report: "p_lp_biallelic" });
  });

  it("knows no gene outside the list, and no other spelling of one in it", () => {
    for (const symbol of ["CHEK2", "ATM", "CDH1", "NF1", "brca1", "BRCA1 ", "", "__proto__", "constructor"]) expect(acmgSfGene(symbol), symbol).toBeUndefined();
  });
});
