import { afterEach, beforeEach, expect, it } from "vitest";
import { resetEnvCache } from "../../env.server";
import { open, seal } from "./secret-box.server";

let previous: string | undefined;

beforeEach(() => {
  previous = process.env.APP_SECRET;
  process.env.APP_SECRET = "a-test-secret-of-enough-length-0123456789";
  resetEnvCache();
});

afterEach(() => {
  if (previous === undefined) delete process.env.APP_SECRET;
  else process.env.APP_SECRET = previous;
  resetEnvCache();
});

it("opens what it sealed, for the same purpose only", () => {
  const sealed = seal("JBSWY3DPEHPK3PXP", "totp-key");
  expect(open(sealed, "totp-key")).toBe("JBSWY3DPEHPK3PXP");
  expect(open(sealed, "enrolment-state")).toBeNull();
});

it("follows the app secret it was derived from, in one process: a box sealed under another secret does not open (ADR 133)", () => {
  const underFirst = seal("JBSWY3DPEHPK3PXP", "totp-key");
  process.env.APP_SECRET = "another-secret-of-enough-length-9876543210";
  resetEnvCache();
  expect(open(underFirst, "totp-key")).toBeNull();
  const underSecond = seal("KRSXG5CTMVRXEZLU", "totp-key");
  expect(open(underSecond, "totp-key")).toBe("KRSXG5CTMVRXEZLU");
  process.env.APP_SECRET = "a-test-secret-of-enough-length-0123456789";
  resetEnvCache();
  expect(open(underFirst, "totp-key")).toBe("JBSWY3DPEHPK3PXP");
});
