import { describe, expect, it } from "vitest";
import { preparedStatementNames } from "./prepared-statements";

describe("prepared statement names (ADR 165)", () => {
  it("names one text the same every time, two texts apart, within PostgreSQL's 63 characters", () => {
    const nameOf = preparedStatementNames("ingest");
    const first = nameOf("SELECT 1");
    expect(first).toMatch(/^ingest_[0-9a-f]{24}$/);
    expect(nameOf("SELECT 1")).toBe(first);
    expect(nameOf("SELECT 2")).not.toBe(first);
    // Another process's (or another prefix's) names for the same text are the same, so a connection prepared by one
    // module's texts is never confused by another's.
    expect(preparedStatementNames("ingest")("SELECT 1")).toBe(first);
    expect(preparedStatementNames("plain")("SELECT 1")).not.toBe(first);
  });

  it("names at most `limit` texts; the rest go unnamed, and those named keep their names", () => {
    const nameOf = preparedStatementNames("plain", 3);
    const named = ["a", "b", "c"].map((text) => nameOf(`SELECT '${text}'`));
    expect(named.every((name) => name !== undefined)).toBe(true);
    expect(nameOf("SELECT 'd'")).toBeUndefined();
    expect(["a", "b", "c"].map((text) => nameOf(`SELECT '${text}'`))).toEqual(named);
  });
});
