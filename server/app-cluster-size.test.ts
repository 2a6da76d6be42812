import { describe, expect, it } from "vitest";
import { webConcurrency } from "./app-cluster";

describe("how many app processes run (ADR 028, 158)", () => {
  it("is one per core for the app alone, and leaves a core to the services beside them under npm start", () => {
    expect(webConcurrency({}, {}, 8)).toBe(8);
    expect(webConcurrency({}, { besideServices: true }, 8)).toBe(7);
    expect(webConcurrency({}, { besideServices: true }, 2)).toBe(1);
    // Never none: a one-core machine still serves pages.
    expect(webConcurrency({}, { besideServices: true }, 1)).toBe(1);
    // WEB_CONCURRENCY, when set, is what runs, beside the services or not.
    expect(webConcurrency({ WEB_CONCURRENCY: 2 }, { besideServices: true }, 2)).toBe(2);
    expect(webConcurrency({ WEB_CONCURRENCY: 3 }, {}, 8)).toBe(3);
  });
});
