import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { choiceIds, type ChoiceId } from "@tsunagi/consent-rules/choice-catalogue";
import { FormContentSchema, formLanguages, offeredChoices, type FormContent } from "@tsunagi/consent-rules/form-content";
import type { JourneyProgress } from "./journey-progress";
import { formChanges } from "@tsunagi/consent-rules/form-changes";
import { choiceGroupOf, isStepOpen, maxSectionsPerScreen, outlineOf, readingScreenOf, reconsentOutlineOf, resumeStep, stagesOf, stepsOf, totalSteps, withDispositionCarried } from "./journey-steps";

// ADR 019: the journey's screens come from the form's content and the choice catalogue, not from a list of screens.
const versions = ["1.0", "1.1", "2.0"] as const;
const forms = versions.map((version) => {
  const url = new URL(`../../../../prisma/seed-data/consent-forms/wgs-cancer-${version}.json`, import.meta.url);
  return FormContentSchema.parse(JSON.parse(readFileSync(url, "utf8")));
});

const lengthOf = (section: { heading: string; paragraphs: string[] }) => section.heading.length + section.paragraphs.reduce((sum, paragraph) => sum + paragraph.length, 0);
const nothingYet: JourneyProgress = { sectionsRead: 0, comprehension: {}, choices: {} };

describe.each(forms.map((form) => [form.version, form] as const))("the journey's screens for form %s", (_version, form) => {
  const outline = outlineOf(form);

  it("fits in fewer than 25 screens, and shows every section once, in order, each before the check", () => {
    expect(totalSteps(outline)).toBeLessThan(25);
    const shown = outline.readings.flatMap((screen) => Array.from({ length: screen.last - screen.first + 1 }, (_, index) => screen.first + index));
    expect(shown).toEqual(form.languages.ja.sections.map((_, index) => index + 1));
    expect(stepsOf(outline).filter((step) => step.kind === "question")).toHaveLength(form.questions.length);
  });

  it("puts sections together only while the screen is no longer than two average sections or the longest one, in every language", () => {
    for (const language of formLanguages) {
      const lengths = form.languages[language].sections.map(lengthOf);
      const budget = Math.max(...lengths, (2 * lengths.reduce((sum, length) => sum + length, 0)) / lengths.length);
      for (const screen of outline.readings) {
        expect(screen.last - screen.first + 1).toBeLessThanOrEqual(maxSectionsPerScreen);
        if (screen.last > screen.first) expect(lengths.slice(screen.first - 1, screen.last).reduce((sum, length) => sum + length, 0)).toBeLessThanOrEqual(budget);
      }
    }
  });

  it("shows every offered choice once, on the screen of its catalogue group, in catalogue order", () => {
    expect(outline.choiceScreens.flat()).toEqual(offeredChoices(form));
    for (const screen of outline.choiceScreens) expect(new Set(screen.map(choiceGroupOf)).size).toBe(1);
    expect(new Set(outline.choiceScreens.map((screen) => choiceGroupOf(screen[0]!))).size).toBe(outline.choiceScreens.length);
    expect(outline.choiceScreens).toContainEqual(["share.academia", "share.industry", "share.international", "share.public_db"]);
    expect(outline.choiceScreens).toContainEqual(["recontact.research", "recontact.findings_update", "recontact.channel", "recontact.frequency"]);
    expect(outline.choiceScreens).toContainEqual(["findings.secondary.hereditary_cancer", "findings.secondary.other_actionable"]);
    expect(outline.choiceScreens[0]).toEqual(["core.wgs"]);
  });

  it("names its parts in order with the steps each spans", () => {
    expect(stagesOf(outline).map((stage) => [stage.stage, stage.last - stage.first + 1])).toEqual([
      ["reading", outline.readings.length],
      ["check", form.questions.length],
      ["choices", outline.choiceScreens.length],
      ["review", 1],
      ["sign", 1],
    ]);
  });
});

describe("grouping follows the data", () => {
  const form = forms[0]!;

  it("a version that offers fewer choices drops them from their group's screen, and a lone choice keeps a screen of its own", () => {
    const fewer: FormContent = { ...form, choiceIds: form.choiceIds.filter((id) => id !== "share.public_db" && id !== "specimen.industry_only") };
    const outline = outlineOf(fewer);
    expect(outline.choiceScreens).toContainEqual(["share.academia", "share.industry", "share.international"]);
    expect(outline.choiceScreens).toContainEqual(["specimen.joint_research"]);
    expect(outline.choiceScreens.flat()).toEqual(offeredChoices(fewer));
  });

  it("every catalogue choice has a group, and choices of a group sit together in the catalogue", () => {
    const groups = choiceIds.map(choiceGroupOf);
    for (const group of new Set(groups)) {
      const first = groups.indexOf(group);
      const last = groups.lastIndexOf(group);
      expect(groups.slice(first, last + 1).every((candidate) => candidate === group)).toBe(true);
    }
  });

  it("a long section stays alone, and short ones are put together", () => {
    const long = { id: "long", heading: "Long", paragraphs: ["x".repeat(3000)] };
    const short = (id: string) => ({ id, heading: id, paragraphs: ["y".repeat(200)] });
    const sections = [short("a"), short("b"), long, short("c"), short("d"), short("e"), short("f")];
    const languages = Object.fromEntries(formLanguages.map((language) => [language, { ...form.languages[language], sections }])) as FormContent["languages"];
    expect(outlineOf({ ...form, languages }).readings).toEqual([
      { first: 1, last: 2 },
      { first: 3, last: 3 },
      { first: 4, last: 6 },
      { first: 7, last: 7 },
    ]);
  });
});

describe("saved progress carries over to the grouped screens", () => {
  const form = forms[2]!;
  const outline = outlineOf(form);
  const read = (sectionsRead: number): JourneyProgress => ({ ...nothingYet, sectionsRead });
  const passed = Object.fromEntries(form.questions.map((question) => [question.id, { wrongAttempts: 0, passed: true }]));

  it("a journey stopped after any section resumes on the screen that holds the next one, which is open", () => {
    for (let sectionsRead = 0; sectionsRead < outline.sections; sectionsRead++) {
      const resume = resumeStep(outline, read(sectionsRead));
      expect(resume).toEqual({ kind: "section", n: readingScreenOf(outline, sectionsRead + 1) });
      expect(isStepOpen(outline, read(sectionsRead), resume as { kind: "section"; n: number })).toBe(true);
    }
    expect(isStepOpen(outline, read(0), { kind: "section", n: 2 })).toBe(false);
  });

  it("a journey stopped part-way through a group's choices resumes on that group's screen, with the saved answers kept", () => {
    const choices: Record<string, string> = { "core.wgs": "yes", "return.primary": "no", "findings.secondary.hereditary_cancer": "want", "findings.secondary.other_actionable": "undecided", "share.academia": "yes" };
    const progress: JourneyProgress = { sectionsRead: outline.sections, comprehension: passed, choices };
    const sharing = outline.choiceScreens.findIndex((screen) => screen.includes("share.academia" as ChoiceId)) + 1;
    expect(resumeStep(outline, progress)).toEqual({ kind: "choice", n: sharing });
    expect(isStepOpen(outline, progress, { kind: "choice", n: sharing })).toBe(true);
    expect(isStepOpen(outline, progress, { kind: "choice", n: sharing + 1 })).toBe(false);
    expect(isStepOpen(outline, progress, { kind: "review" })).toBe(false);
  });
});

describe("a re-consent's short path (ADR 120)", () => {
  const [, v11, v2] = forms;
  const outline = reconsentOutlineOf(v2!, formChanges(v11!, v2!));

  it("reads only the changed sections, asks no unchanged question, and shows only the choice screens holding the changed and the added choice", () => {
    expect(outline.readings).toEqual([
      { first: 2, last: 2 },
      { first: 6, last: 6 },
    ]);
    expect(outline.questionIds).toEqual([]);
    expect(outline.choiceScreens).toEqual([
      outlineOf(v2!).choiceScreens.find((screen) => screen.includes("share.international")),
      outlineOf(v2!).choiceScreens.find((screen) => screen.includes("disposition.life_event")),
    ]);
    expect(outline.choiceIds).toEqual(outlineOf(v2!).choiceIds);
    expect(outline.carriedChoiceIds).not.toContain("share.international");
    expect(totalSteps(outline)).toBe(6);
  });

  it("opens each changed section after the one before it is read, and resumes at the first unread", () => {
    expect(resumeStep(outline, nothingYet)).toEqual({ kind: "section", n: 1 });
    expect(isStepOpen(outline, nothingYet, { kind: "section", n: 2 })).toBe(false);
    const readFirst = { ...nothingYet, sectionsRead: 2 };
    expect(isStepOpen(outline, readFirst, { kind: "section", n: 2 })).toBe(true);
    expect(resumeStep(outline, readFirst)).toEqual({ kind: "section", n: 2 });
    expect(resumeStep(outline, { ...nothingYet, sectionsRead: 6 })).toEqual({ kind: "choice", n: 1 });
  });
});

describe("after a life event (ADR 144)", () => {
  it("carries the disposition instead of asking it, and drops a screen that held only it", () => {

    const outline = {
      sections: 1,
      readings: [{ first: 1, last: 1 }],
      questionIds: [],
      choiceIds: ["core.wgs", "recontact.research", "disposition.life_event"] as const,
      choiceScreens: [["core.wgs"], ["recontact.research"], ["disposition.life_event"]],
      carriedChoiceIds: [],
    };
    const carried = withDispositionCarried({ ...outline, choiceIds: [...outline.choiceIds], choiceScreens: outline.choiceScreens.map((screen) => [...screen]) } as never);
    expect(carried.choiceScreens).toEqual([["core.wgs"], ["recontact.research"]]);
    expect(carried.carriedChoiceIds).toEqual(["disposition.life_event"]);
    const without = { ...outline, choiceIds: ["core.wgs"], choiceScreens: [["core.wgs"]] };
    expect(withDispositionCarried(without as never)).toBe(without);
  });
});
