import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { setAppSecret, withAppSecret } from "../../../tests/support/app-secret";
import { keyedCodeHash, keyedCodeHashMatches, keyedHashLength, rekeyLegacyHash } from "./keyed-hash.server";

const bareSha256 = (value: string) => new Uint8Array(createHash("sha256").update(value, "utf8").digest());
withAppSecret("a-test-secret-of-enough-length-0123456789");

describe("keyed code hash", () => {
  it("is a version byte and an HMAC, not the bare SHA-256 a copy of the database could be searched against", () => {
    const stored = keyedCodeHash("recovery-code", "k3m9p-x2q7r");
    expect(stored.byteLength).toBe(keyedHashLength);
    expect(stored[0]).toBe(1);
    expect(Buffer.from(stored).includes(Buffer.from(bareSha256("k3m9p-x2q7r")))).toBe(false);
    expect(keyedCodeHashMatches(stored, "recovery-code", "k3m9p-x2q7r")).toBe(true);
    expect(keyedCodeHashMatches(stored, "recovery-code", "k3m9p-x2q7s")).toBe(false);
  });

  it("depends on the app secret: without it, no guess can be checked", () => {
    const stored = keyedCodeHash("invitation-code", "invitation-code:0123456789");
    setAppSecret("another-secret-of-enough-length-9876543210");
    expect(keyedCodeHashMatches(stored, "invitation-code", "invitation-code:0123456789")).toBe(false);
  });

  it("never matches across purposes", () => {
    const stored = keyedCodeHash("invitation-email-code", "123456");
    expect(keyedCodeHashMatches(stored, "recovery-code", "123456")).toBe(false);
  });

  it("re-keys a bare SHA-256 row to exactly the hash the code now gets, and refuses the bare form", () => {
    const legacy = bareSha256("invitation-otp:abc:654321");
    expect(rekeyLegacyHash("invitation-email-code", legacy)).toEqual(keyedCodeHash("invitation-email-code", "invitation-otp:abc:654321"));
    expect(keyedCodeHashMatches(legacy, "invitation-email-code", "invitation-otp:abc:654321")).toBe(false);
    expect(keyedCodeHashMatches(null, "invitation-email-code", "invitation-otp:abc:654321")).toBe(false);
  });
});
