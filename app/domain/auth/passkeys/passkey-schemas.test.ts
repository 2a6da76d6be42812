import { describe, expect, it } from "vitest";
import { PasskeyNameSchema } from "./passkey-schemas";

// A passkey's name arrives in a JSON body, which can carry what a form post cannot (half of a surrogate pair), and
// is shown back on the account page: a half there is a page whose server HTML and browser data disagree.
describe("a passkey's name", () => {
  it("keeps any script and emoji, trimmed and NFC, up to 60 characters as read", () => {
    expect(PasskeyNameSchema.parse("  𠮷田の iPhone 📱 ")).toBe("𠮷田の iPhone 📱");
    expect(PasskeyNameSchema.parse("𠮷".repeat(60))).toBe("𠮷".repeat(60));
    expect(PasskeyNameSchema.parse("か\u3099")).toBe("が");
  });

  it("refuses half of a surrogate pair, control and direction characters, line breaks, emptiness and length", () => {
    for (const name of ["𠮷\uD842", "\uDFB7", "a\u0000b", "a\u202Eb", "a\nb", "   ", "x".repeat(61)]) {
      expect(PasskeyNameSchema.safeParse(name).success, JSON.stringify(name)).toBe(false);
    }
  });
});
