import { describe, expect, it } from "vitest";
import { consentDocumentFileName } from "./ensure-consent-document.server";

describe("the consent record's download name", () => {
  it("carries the day in Japan: signed at 08:30 in Tokyo (23:30 UTC the day before), it is named with the Tokyo day", () => {
    expect(consentDocumentFileName({ occurredAt: "2026-11-25T23:30:00.000Z", verificationCode: "ABCD-EFGH" })).toBe("tsunagi-consent-2026-11-26-ABCD-EFGH.pdf");
  });
});
