import { describe, expect, it } from "vitest";
import { retryDelayMs } from "./backoff";

const policy = { baseMs: 100, capMs: 30_000 };

describe("retryDelayMs", () => {
  it("doubles the ceiling with each failure until the cap", () => {
    const ceilings = [1, 2, 3, 4, 5, 9, 10, 20, 1000].map((failures) => retryDelayMs(failures, policy, () => 0.999_999_9));
    expect(ceilings).toEqual([99, 199, 399, 799, 1599, 25599, 29999, 29999, 29999]);
  });

  it("spreads delays over the whole range below the ceiling (full jitter)", () => {
    expect(retryDelayMs(4, policy, () => 0)).toBe(0);
    expect(retryDelayMs(4, policy, () => 0.5)).toBe(400);
    const samples = Array.from({ length: 2000 }, () => retryDelayMs(6, policy));
    expect(Math.min(...samples)).toBeLessThan(320);
    expect(Math.max(...samples)).toBeGreaterThan(2880);
    expect(samples.every((delay) => delay >= 0 && delay < 3200)).toBe(true);
  });

  it("treats a first call with zero failures like the first retry", () => {
    expect(retryDelayMs(0, policy, () => 0.999)).toBe(99);
  });
});
