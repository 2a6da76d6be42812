import { describe, expect, it } from "vitest";
import { classifySmtpFailure, smtpFailureText } from "./smtp-failure";

describe("SMTP failures", () => {
  it("a 5xx reply is permanent; 4xx and connection failures are transient", () => {
    expect(classifySmtpFailure(Object.assign(new Error("no such user"), { responseCode: 550 }))).toBe("permanent");
    expect(classifySmtpFailure(Object.assign(new Error("mailbox unavailable"), { responseCode: 554 }))).toBe("permanent");
    expect(classifySmtpFailure(Object.assign(new Error("greylisted"), { responseCode: 451 }))).toBe("transient");
    expect(classifySmtpFailure(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:25"), { code: "ECONNECTION" }))).toBe("transient");
    expect(classifySmtpFailure(Object.assign(new Error("Greeting never received"), { code: "ETIMEDOUT" }))).toBe("transient");
    expect(classifySmtpFailure("something odd")).toBe("transient");
  });

  it("keeps the server's code and reply but never the address it quotes", () => {
    const error = Object.assign(new Error("Can't send mail - all recipients were rejected"), {
      responseCode: 550,
      code: "EENVELOPE",
      response: "550 5.1.1 <Hanako.Yamada@example.jp>: Recipient address rejected",
    });
    const text = smtpFailureText(error);
    expect(text).toContain("550");
    expect(text).toContain("Recipient address rejected");
    expect(text).not.toContain("Hanako.Yamada@example.jp");
    expect(smtpFailureText(new Error("x".repeat(2000))).length).toBeLessThanOrEqual(500);
  });
});
