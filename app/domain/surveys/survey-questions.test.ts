import { describe, expect, it } from "vitest";
import { experienceBands, experienceQuestions } from "../transparency/index.server";
import { bandOf, surveyBands, surveyQuestions } from "./survey-questions";

describe("the survey's statements as the transparency page publishes them", () => {
  it("are the survey's own, in its order: a statement added here is a column there", () => {
    expect([...experienceQuestions]).toEqual([...surveyQuestions]);
    expect([...experienceBands]).toEqual([...surveyBands]);
  });

  it("band a score as the published figure does: 4–5 agree, 3 neither, 1–2 disagree", () => {
    expect([1, 2, 3, 4, 5].map(bandOf)).toEqual(["disagree", "disagree", "neither", "agree", "agree"]);
  });
});
