import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, chainHashOf, GENESIS_HASH, normaliseVerificationCode, verificationCodeOf } from "./event-hash";

const sha256Hex = fc.stringMatching(/^[0-9a-f]{64}$/);

describe("verification codes printed on the consent copy", () => {
  it("are 16 Crockford base32 characters in groups of four, with no I, L, O or U to misread", () => {
    fc.assert(
      fc.property(sha256Hex, (hash) => {
        expect(verificationCodeOf(hash)).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
      }),
    );
    expect(verificationCodeOf(GENESIS_HASH)).toBe("0000-0000-0000-0000");
    expect(verificationCodeOf("f".repeat(64))).toBe("ZZZZ-ZZZZ-ZZZZ-ZZZZ");
  });

  it("come from the first 80 bits of the hash, so hashes differing there get different codes", () => {
    expect(verificationCodeOf(`${"0".repeat(19)}1${"0".repeat(44)}`)).toBe("0000-0000-0000-0001");
    expect(verificationCodeOf(`${"0".repeat(20)}${"f".repeat(44)}`)).toBe("0000-0000-0000-0000");
  });

  it("are accepted as people type them: lower case, spaces, no hyphens, O for 0 and I or L for 1", () => {
    fc.assert(
      fc.property(sha256Hex, fc.constantFrom("O", "o"), fc.constantFrom("I", "i", "L", "l"), (hash, zero, one) => {
        const code = verificationCodeOf(hash);
        expect(normaliseVerificationCode(code)).toBe(code);
        const typed = ` ${code.toLowerCase().replace(/-/g, " ").replace(/0/g, zero).replace(/1/g, one)} `;
        expect(normaliseVerificationCode(typed)).toBe(code);
        expect(normaliseVerificationCode(code.replace(/-/g, ""))).toBe(code);
      }),
    );
  });

  it("reject what cannot be a code", () => {
    for (const input of ["", "0000-0000-0000-000", "0000-0000-0000-00000", "UUUU-0000-0000-0000", "0000-0000-0000-000!", "<script>"]) {
      expect(normaliseVerificationCode(input), input).toBeNull();
    }
  });
});

describe("canonical JSON and the global chain", () => {
  it("serialises the same value to the same text whatever the key order", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, "x"], c: null } })).toBe(canonicalJson({ a: { c: null, d: [2, "x"] }, b: 1 }));
    expect(canonicalJson({ a: "山田" })).toBe('{"a":"山田"}');
  });

  it("links an event to the chain before it: the same event after another head gives another chain hash", () => {
    const event = "a".repeat(64);
    expect(chainHashOf(GENESIS_HASH, event)).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHashOf(GENESIS_HASH, event)).not.toBe(chainHashOf("b".repeat(64), event));
  });
});
