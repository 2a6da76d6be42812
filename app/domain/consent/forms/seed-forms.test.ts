import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { choiceCatalogue, choiceIds } from "@tsunagi/consent-rules/choice-catalogue";
import { FormContentSchema, formLanguages, type FormContent } from "@tsunagi/consent-rules/form-content";

// The seeded unified ICF for the cancer whole-genome programme: 1.0, a minor editorial 1.1, and a major 2.0 that
// changes overseas sharing. A signature binds to a version's content hash, so these files are what patients sign.
const versions = ["1.0", "1.1", "2.0"] as const;
type Version = (typeof versions)[number];

function readForm(version: Version): FormContent {
  const url = new URL(`../../../../prisma/seed-data/consent-forms/wgs-cancer-${version}.json`, import.meta.url);
  const parsed = FormContentSchema.safeParse(JSON.parse(readFileSync(url, "utf8")));
  if (!parsed.success) throw new Error(`wgs-cancer-${version}.json: ${JSON.stringify(parsed.error.issues, null, 2)}`);
  return parsed.data;
}

const forms = Object.fromEntries(versions.map((version) => [version, readForm(version)])) as Record<Version, FormContent>;

describe("seeded wgs-cancer consent forms", () => {
  it.each(versions)("%s parses, and its file name matches its form key and version", (version) => {
    expect(forms[version].formKey).toBe("wgs-cancer");
    expect(forms[version].version).toBe(version);
  });

  it("1.0 offers every choice in the catalogue but the disposition after a life event, asked from 2.0 on (ADR 143), with the declared rules", () => {
    const form = forms["1.0"];
    expect([...form.choiceIds].sort()).toEqual(choiceIds.filter((id) => id !== "disposition.life_event").sort());
    expect(forms["2.0"].choiceIds).toContain("disposition.life_event");
    expect(form.kind).toBe("major");
    expect(form.effectiveDate).toBe("2026-04-01");
    expect(form.interimRule).toBe("continue_previous");
    expect(form.affectsChoiceIds).toEqual([]);
    expect(form.permittedPurposes).toEqual(["DUO:0000006", "DUO:0000007"]);
    expect(form.assentFromAge).toBe(7);
  });

  it.each(versions)("%s keeps 1.0's choice set (2.0 adds the disposition after a life event, ADR 143) and labels every catalogue option in every language", (version) => {
    const form = forms[version];
    expect(form.choiceIds).toEqual(version === "2.0" ? [...forms["1.0"].choiceIds, "disposition.life_event"] : forms["1.0"].choiceIds);
    for (const language of formLanguages) {
      const body = form.languages[language];
      expect(Object.keys(body.choices).sort()).toEqual([...form.choiceIds].sort());
      for (const id of form.choiceIds) {
        const options = choiceCatalogue[id as keyof typeof choiceCatalogue].options;
        expect(Object.keys(body.choices[id]?.options ?? {}).sort(), `${version} ${language} ${id}`).toEqual([...options].sort());
      }
    }
  });

  it.each(versions)("%s has the same section ids in the same order, and the same questions, in every language", (version) => {
    const form = forms[version];
    const sectionIds = form.languages.ja.sections.map((section) => section.id);
    expect(new Set(sectionIds).size).toBe(sectionIds.length);
    for (const language of formLanguages) {
      const body = form.languages[language];
      expect(body.sections.map((section) => section.id), `${version} ${language}`).toEqual(sectionIds);
      expect(Object.keys(body.questions).sort(), `${version} ${language}`).toEqual(form.questions.map((question) => question.id).sort());
      for (const question of form.questions) {
        expect(Object.keys(body.questions[question.id]?.options ?? {}).sort()).toEqual([...question.options].sort());
      }
      expect(body.signatureStatement, `${version} ${language}`).toContain(version);
    }
    expect(form.questions.map((question) => question.id)).toEqual(["voluntary", "withdraw", "secondary_findings", "data_sharing"]);
  });

  it("1.1 is a minor editorial revision of 1.0: same rules and structure, wording changed", () => {
    const [previous, form] = [forms["1.0"], forms["1.1"]];
    expect(form.kind).toBe("minor");
    expect(form.effectiveDate).toBe("2026-07-01");
    expect(form.interimRule).toBe("continue_previous");
    expect(form.affectsChoiceIds).toEqual([]);
    expect(form.questions).toEqual(previous.questions);
    expect(form.permittedPurposes).toEqual(previous.permittedPurposes);
    expect(form.assentFromAge).toBe(previous.assentFromAge);
    for (const language of formLanguages) {
      const [before, after] = [previous.languages[language], form.languages[language]];
      expect(after.sections.map((section) => section.id)).toEqual(before.sections.map((section) => section.id));
      expect(after.choices).toEqual(before.choices);
      const contact = (body: typeof after) => body.sections.find((section) => section.id === "contact_ethics");
      expect(contact(after), language).not.toEqual(contact(before));
    }
  });

  it("2.0 is a major revision about international sharing: only those who allowed it must re-consent", () => {
    const [previous, form] = [forms["1.1"], forms["2.0"]];
    expect(form.kind).toBe("major");
    expect(form.effectiveDate).toBe("2026-10-01");
    expect(form.interimRule).toBe("continue_previous");
    expect(form.affectsChoiceIds).toEqual(["share.international"]);
    for (const language of formLanguages) {
      const [before, after] = [previous.languages[language], form.languages[language]];
      expect(after.choices["share.international"]?.explanation, language).not.toBe(before.choices["share.international"]?.explanation);
      const sharing = (body: typeof after) => body.sections.find((section) => section.id === "data_sharing");
      expect(sharing(after), language).not.toEqual(sharing(before));
      expect(after.summary.length, language).toBe(before.summary.length + 1);
    }
  });

  it("versions take effect in order", () => {
    const dates = versions.map((version) => forms[version].effectiveDate);
    expect([...dates].sort()).toEqual(dates);
  });
});

// The rare-disease arm's form (issue 55 defect 6; ADR 124): the cancer form's structure and rules, its words about
// samples, analysis and results those of rare-disease sequencing (blood, parents compared), never the cancer form's.
describe("seeded wgs-rare-disease consent form", () => {
  const url = new URL("../../../../prisma/seed-data/consent-forms/wgs-rare-disease-1.0.json", import.meta.url);
  const form = FormContentSchema.parse(JSON.parse(readFileSync(url, "utf8")));
  const cancer = forms["2.0"];

  it("is 1.0 of its own form, with the cancer form's choices, questions and purposes, so the consent rule reads it the same", () => {
    expect(form.formKey).toBe("wgs-rare-disease");
    expect(form.version).toBe("1.0");
    expect(form.kind).toBe("major");
    expect(form.affectsChoiceIds).toEqual([]);
    // The disposition after a life event (ADR 143) is asked from the cancer form's 2.0; this form's next version asks it.
    expect(form.choiceIds).toEqual(cancer.choiceIds.filter((id) => id !== "disposition.life_event"));
    expect(form.questions).toEqual(cancer.questions);
    expect(form.permittedPurposes).toEqual(cancer.permittedPurposes);
    expect(form.assentFromAge).toBe(cancer.assentFromAge);
  });

  it.each(formLanguages)("%s: the cancer form's sections, every choice labelled, and no cancer tissue to give", (language) => {
    const body = form.languages[language];
    expect(body.sections.map((section) => section.id)).toEqual(cancer.languages[language].sections.map((section) => section.id));
    for (const id of form.choiceIds) {
      expect(Object.keys(body.choices[id]?.options ?? {}).sort(), id).toEqual([...choiceCatalogue[id as keyof typeof choiceCatalogue].options].sort());
    }
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/がんの組織|腫瘍組織|tumour tissue|tumour samples|がん領域|第2\.0版|2\.0版|version 2\.0/);
    expect(body.signatureStatement).toContain("1.0");
    expect(body.title).not.toBe(cancer.languages[language].title);
  });

  it("says in each language that parents may be compared and that blood is what the participant gives", () => {
    expect(JSON.stringify(form.languages.ja)).toContain("ご両親");
    expect(JSON.stringify(form.languages["ja-easy"])).toContain("お父さんやお母さん");
    expect(JSON.stringify(form.languages.en)).toContain("parents");
    expect(form.languages.ja.choices["core.wgs"]?.explanation).toContain("血液");
  });
});
