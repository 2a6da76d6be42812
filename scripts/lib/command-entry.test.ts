import { describe, expect, it } from "vitest";
import { isCommandEntry } from "./command-entry";

const source = "file:///repo/scripts/ledger-verify.ts";

describe("isCommandEntry: an operator's command runs its main only when it is what node was asked to run", () => {
  it("run as its source (tsx scripts/ledger-verify.ts)", () => {
    expect(isCommandEntry(source, "/repo/scripts/ledger-verify.ts")).toBe(true);
  });

  it("run compiled, through the current link or the bundle folder it names", () => {
    expect(isCommandEntry(source, "/repo/build-services/current/ledger-verify.mjs")).toBe(true);
    expect(isCommandEntry(source, "/repo/build-services/0123456789abcdef/ledger-verify.mjs")).toBe(true);
  });

  it("not when another command, a service or a test is the entry", () => {
    expect(isCommandEntry(source, "/repo/build-services/current/verify-checkpoints.mjs")).toBe(false);
    expect(isCommandEntry(source, "/repo/build-services/current/start.mjs")).toBe(false);
    expect(isCommandEntry(source, "/repo/node_modules/vitest/vitest.mjs")).toBe(false);
    expect(isCommandEntry(source, undefined)).toBe(false);
  });

  it("not for a file of the same name outside a services bundle", () => {
    expect(isCommandEntry(source, "/elsewhere/ledger-verify.mjs")).toBe(false);
    expect(isCommandEntry(source, "/repo/build/ledger-verify.mjs")).toBe(false);
  });
});
