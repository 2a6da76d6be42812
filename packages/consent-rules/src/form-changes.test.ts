import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formChanges } from "./form-changes";
import { FormContentSchema, type FormContent } from "./form-content";

const seeded = (version: string): FormContent =>
  FormContentSchema.parse(JSON.parse(readFileSync(new URL(`../../../prisma/seed-data/consent-forms/wgs-cancer-${version}.json`, import.meta.url), "utf8")));

const edit = (content: FormContent, change: (copy: FormContent) => void): FormContent => {
  const copy = structuredClone(content);
  change(copy);
  return copy;
};

describe("what changed between two versions of a form", () => {
  it("names the two sections and the one choice 2.0 changed, the one it adds, and carries every other choice", () => {
    const changes = formChanges(seeded("1.1"), seeded("2.0"));
    expect(changes.sections).toEqual([
      { id: "what_happens", kind: "changed", position: 2 },
      { id: "data_sharing", kind: "changed", position: 6 },
    ]);
    expect(changes.choices).toEqual([
      { id: "share.international", kind: "changed" },
      // The disposition after a death or loss of capacity (ADR 143): asked of everyone who re-consents to 2.0.
      { id: "disposition.life_event", kind: "added" },
    ]);
    expect(changes.questions).toEqual([]);
    expect(changes.carriedChoiceIds).not.toContain("share.international");
    expect(changes.carriedChoiceIds).toContain("share.industry");
  });

  it("finds nothing between a version and itself", () => {
    const changes = formChanges(seeded("2.0"), seeded("2.0"));
    expect([changes.sections, changes.questions, changes.purposes.added, changes.purposes.removed]).toEqual([[], [], [], []]);
    // 2.0 names overseas sharing for re-consent: even unchanged, it is asked again.
    expect(changes.choices).toEqual([{ id: "share.international", kind: "affected" }]);
  });

  it("counts a change made to one language only, and sees sections added and removed", () => {
    const before = seeded("1.1");
    const after = edit(before, (copy) => {
      copy.languages.en.sections[0]!.paragraphs[0] += " (corrected)";
      for (const language of ["ja", "ja-easy", "en"] as const) {
        const sections = copy.languages[language].sections;
        sections.splice(3, 1);
        sections.push({ id: "new_part", heading: "New", paragraphs: ["New text."] });
      }
    });
    const removed = before.languages.ja.sections[3]!.id;
    expect(formChanges(before, after).sections).toEqual([
      { id: before.languages.ja.sections[0]!.id, kind: "changed", position: 1 },
      { id: "new_part", kind: "added", position: after.languages.ja.sections.length },
      { id: removed, kind: "removed", position: 4 },
    ]);
  });

  it("asks a question again when its right answer changes, though its words do not", () => {
    const before = seeded("1.1");
    const after = edit(before, (copy) => {
      const question = copy.questions[0]!;
      question.correctOption = question.options.find((option) => option !== question.correctOption)!;
    });
    expect(formChanges(before, after).questions).toEqual([{ id: before.questions[0]!.id, kind: "changed" }]);
  });
});
