import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "../../env.server";
import { capturedMailEnabled } from "./mailbox-policy.server";

describe("development mailbox", () => {
  afterEach(() => {
    delete process.env.SMTP_URL;
    resetEnvCache();
  });

  it("is served only to this machine, and only while mail is captured", () => {
    delete process.env.SMTP_URL;
    resetEnvCache();
    expect(capturedMailEnabled("127.0.0.1")).toBe(true);
    expect(capturedMailEnabled("::1")).toBe(true);
    expect(capturedMailEnabled("::ffff:127.0.0.1")).toBe(true);
    expect(capturedMailEnabled("192.0.2.10")).toBe(false);
    process.env.SMTP_URL = "smtp://mail.example.test:25";
    resetEnvCache();
    expect(capturedMailEnabled("127.0.0.1")).toBe(false);
  });
});
