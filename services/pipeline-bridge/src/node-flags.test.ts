import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bridgeNodeFlags } from "./node-flags";

describe("the bridge's node flags (ADR 093)", () => {
  it("are the ones a deployment of the service alone starts it with, compiled (ADR 105)", () => {
    const manifest = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../package.json"), "utf8")) as { scripts: { start: string } };
    expect(manifest.scripts.start).toBe(`npm --prefix ../.. run -s services:build && ${["node", ...bridgeNodeFlags, "../../build-services/current/bridge.mjs"].join(" ")}`);
  });
});
