import { describe, expect, it } from "vitest";
import type { Rollup } from "vite";
import { onBuildWarning } from "./vite-build-warnings";

describe("the build's warnings", () => {
  it("drops only Rollup's empty-chunk warning (resource routes have nothing for the browser); every other goes on", () => {
    const passed: Rollup.RollupLog[] = [];
    const warnings: Rollup.RollupLog[] = [
      { code: "EMPTY_BUNDLE", message: 'Generated an empty chunk: "healthz".', names: ["healthz"] },
      { code: "INVALID_ANNOTATION", message: "A comment contains an annotation that Rollup cannot interpret" },
      { code: "CIRCULAR_DEPENDENCY", message: "Circular dependency: a.ts -> b.ts -> a.ts" },
      { message: "a warning without a code" },
    ];
    for (const warning of warnings) onBuildWarning(warning, (forwarded) => passed.push(forwarded));
    expect(passed).toEqual(warnings.slice(1));
  });
});
