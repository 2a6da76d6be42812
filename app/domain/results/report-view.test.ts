import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findingsCategories, type ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import type { ConsentView } from "@tsunagi/consent-rules/decide-action";
import { letterFieldsFromQuery, letterFieldsInError, letterFindingsOf } from "./relatives-letter";
import type { ReportContent } from "./report-submission";
import { clinicalPdfOffered, plainReportOf, releasedVersionOf, secondaryCategoriesShown } from "./report-view";

// What a participant is shown of a report (ADR 137), decided from their consent alone: checked against every
// combination of the two secondary categories' wishes, with and without a withdrawal.

const content: ReportContent = {
  area: "cancer",
  conclusion: "actionable_found",
  expertPanelDate: "2026-11-20",
  primaryFindings: [
    { gene: "TP53", variant: "NM_000546.6:c.817C>T", origin: "somatic", classification: "pathogenic", actionability: "none" },
    { gene: "EGFR", variant: "NM_005228.5:c.2573T>G", origin: "somatic", classification: "pathogenic", actionability: "approved_therapy" },
  ],
  secondaryFindings: [
    { category: "hereditary_cancer", gene: "BRCA2", variant: "NM_000059.4:c.5946del", classification: "P" },
    { category: "other_actionable", gene: "LDLR", variant: "NM_000527.5:c.1775G>A", classification: "LP" },
  ],
  trialMatches: [
    { registry: "jRCT", trialId: "jRCT2031210123", gene: "EGFR" },
    { registry: "ClinicalTrials.gov", trialId: "NCT04567890", gene: "BRCA2" },
    { registry: "ClinicalTrials.gov", trialId: "NCT01234567" },
  ],
};

const wish = fc.constantFrom("want", "not_want", "undecided");

function consentOf(cancer: string, other: string, withdrawn: boolean): ConsentView {
  const choices: ChoiceSnapshot = { "core.wgs": "yes", "return.primary": "yes", "findings.secondary.hereditary_cancer": cancer, "findings.secondary.other_actionable": other };
  return { status: withdrawn ? "withdrawn" : "active", choices, permittedPurposes: [], withdrawalLevel: withdrawn ? "no_contact" : null, interimRule: null };
}

describe("what a report shows", () => {
  it("shows a secondary category only to someone who wants it and has not withdrawn from contact; the clinicians' PDF only when every one is shown", () => {
    fc.assert(
      fc.property(wish, wish, fc.boolean(), (cancer, other, withdrawn) => {
        const consent = consentOf(cancer, other, withdrawn);
        const expected = withdrawn ? [] : findingsCategories.filter((category) => (category === "hereditary_cancer" ? cancer : other) === "want");
        expect(secondaryCategoriesShown(consent)).toEqual(expected);
        expect(clinicalPdfOffered(consent)).toBe(expected.length === findingsCategories.length);
        const plain = plainReportOf(content, consent);
        for (const section of plain.secondary) {
          expect(section.shown).toBe(expected.includes(section.category));
          // A category not shown holds nothing, whatever the report holds: not even an empty list with a count behind it.
          if (!section.shown) expect(section.findings).toEqual([]);
        }
        const text = JSON.stringify(plain);
        if (!expected.includes("hereditary_cancer")) {
          expect(text).not.toContain("BRCA2");
          expect(text).not.toContain("NCT04567890");
        }
        if (!expected.includes("other_actionable")) expect(text).not.toContain("LDLR");
        // A study named for no gene, and one for a primary finding, are always shown.
        expect(plain.trials.map((trial) => trial.trialId)).toEqual(expect.arrayContaining(["jRCT2031210123", "NCT01234567"]));
      }),
    );
    expect(secondaryCategoriesShown(null)).toEqual([]);
  });

  it("puts findings that change care first and names each implication once", () => {
    const plain = plainReportOf(content, null);
    expect(plain.primaryFindings.map((finding) => finding.gene)).toEqual(["EGFR", "TP53"]);
    expect(plain.careNow).toEqual(["approved_therapy"]);
    expect(plain.concernsRelatives).toBe(false);
    expect(plain.trials.find((trial) => trial.trialId === "jRCT2031210123")?.url).toBe("https://jrct.mhlw.go.jp/latest-detail/jRCT2031210123");
  });

  it("releases the latest explained version, and tells of a newer one only to someone who already holds one", () => {
    expect(releasedVersionOf([{ version: 1, explained: false }])).toBeNull();
    expect(releasedVersionOf([{ version: 1, explained: true }])).toEqual({ released: 1, amendmentPending: false });
    expect(releasedVersionOf([{ version: 1, explained: true }, { version: 2, explained: false }])).toEqual({ released: 1, amendmentPending: true });
    expect(releasedVersionOf([{ version: 1, explained: true }, { version: 2, explained: true }])).toEqual({ released: 2, amendmentPending: false });
  });
});

describe("the letter to relatives", () => {
  it("may name germline primary findings and the secondary findings shown, nothing else", () => {
    const germline: ReportContent = { ...content, primaryFindings: [...content.primaryFindings, { gene: "BRCA1", variant: "NM_007294.4:c.68_69del", origin: "germline", classification: "pathogenic", actionability: "approved_therapy" }] };
    expect(letterFindingsOf(plainReportOf(germline, consentOf("not_want", "want", false))).map((finding) => finding.gene)).toEqual(["BRCA1", "LDLR"]);
    expect(letterFindingsOf(plainReportOf(content, consentOf("not_want", "not_want", false)))).toEqual([]);
  });

  it("names the fields a refused form could not use, in the form's order, and reads back only those", () => {
    expect(letterFieldsInError(["message", "findings[0]"])).toEqual(["findings", "message"]);
    expect(letterFieldsInError([])).toEqual(["findings"]);
    expect(letterFieldsFromQuery("signature-<script>-language")).toEqual(["language", "signature"]);
    expect(letterFieldsFromQuery(null)).toEqual([]);
  });
});
