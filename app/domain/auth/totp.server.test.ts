import { describe, expect, it } from "vitest";
import { currentTotpCode, formatTotpKeyForHumans, generateTotpKey, matchTotpCode, totpKeyUri, totpStepAt } from "./totp.server";

describe("TOTP", () => {
  const key = generateTotpKey();
  const now = new Date("2026-11-21T03:00:10Z");

  it("accepts the current code and a neighbour's, and reports the step", () => {
    expect(matchTotpCode(key, currentTotpCode(key, now), now)).toBe(totpStepAt(now));
    const thirtySecondsAgo = new Date(now.getTime() - 30_000);
    expect(matchTotpCode(key, currentTotpCode(key, thirtySecondsAgo), now)).toBe(totpStepAt(now) - 1);
  });

  it("rejects an old code, another key's code and malformed input", () => {
    const twoMinutesAgo = new Date(now.getTime() - 120_000);
    expect(matchTotpCode(key, currentTotpCode(key, twoMinutesAgo), now)).toBeNull();
    expect(matchTotpCode(generateTotpKey(), currentTotpCode(key, now), now)).toBeNull();
    for (const bad of ["", "12345", "1234567", "abcdef", "<script>"]) expect(matchTotpCode(key, bad, now)).toBeNull();
  });

  it("tolerates spaces people type between digit groups", () => {
    const code = currentTotpCode(key, now);
    expect(matchTotpCode(key, `${code.slice(0, 3)} ${code.slice(3)}`, now)).not.toBeNull();
  });

  it("builds an otpauth URI an authenticator app understands", () => {
    const uri = totpKeyUri("coordinator@example.test", key);
    expect(uri).toMatch(/^otpauth:\/\/totp\/Tsunagi:coordinator%40example\.test\?/);
    expect(uri).toContain("period=30");
    expect(formatTotpKeyForHumans(key)).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
  });
});
