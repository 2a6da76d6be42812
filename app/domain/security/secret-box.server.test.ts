import { expect, it } from "vitest";
import { setAppSecret, withAppSecret } from "../../../tests/support/app-secret";
import { open, seal } from "./secret-box.server";

withAppSecret("a-test-secret-of-enough-length-0123456789");

it("opens what it sealed, for the same purpose only", () => {
  const sealed = seal("JBSWY3DPEHPK3PXP", "totp-key");
  expect(open(sealed, "totp-key")).toBe("JBSWY3DPEHPK3PXP");
  expect(open(sealed, "enrolment-state")).toBeNull();
});

it("follows the app secret it was derived from, in one process: a box sealed under another secret does not open (ADR 133)", () => {
  const underFirst = seal("JBSWY3DPEHPK3PXP", "totp-key");
  setAppSecret("another-secret-of-enough-length-9876543210");
  expect(open(underFirst, "totp-key")).toBeNull();
  const underSecond = seal("KRSXG5CTMVRXEZLU", "totp-key");
  expect(open(underSecond, "totp-key")).toBe("KRSXG5CTMVRXEZLU");
  setAppSecret("a-test-secret-of-enough-length-0123456789");
  expect(open(underFirst, "totp-key")).toBe("JBSWY3DPEHPK3PXP");
});
