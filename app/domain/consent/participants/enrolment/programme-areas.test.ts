import { describe, expect, it } from "vitest";
import { ProgrammeArea } from "../../../../generated/prisma/enums";
import { programmeAreas } from "./programme-areas";

describe("programmeAreas", () => {
  it("are exactly the database's ProgrammeArea values, in order", () => {
    expect([...programmeAreas]).toEqual(Object.values(ProgrammeArea));
  });
});
