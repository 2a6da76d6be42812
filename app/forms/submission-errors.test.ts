import { describe, expect, it } from "vitest";
import { fieldErrorsOf, firstRefusalMessage, messagesOf } from "./submission-errors";

describe("a refused form's messages", () => {
  const refused = { status: "error" as const, error: { "": ["The form is out of date."], email: ["Enter an email address."], name: null } };

  it("are listed in the order the answer lists its fields, a field without messages adding none", () => {
    expect(messagesOf(refused)).toEqual(["The form is out of date.", "Enter an email address."]);
    expect(fieldErrorsOf(refused).email).toEqual(["Enter an email address."]);
  });

  it("are none when there is no answer yet or the form was accepted", () => {
    expect(messagesOf(undefined)).toEqual([]);
    expect(messagesOf({ error: null })).toEqual([]);
    expect(fieldErrorsOf(undefined)[""]).toBeUndefined();
  });

  it("give the page that shows one sentence the first, from action data of any shape under `result`", () => {
    expect(firstRefusalMessage({ result: refused, other: 1 })).toBe("The form is out of date.");
    expect(firstRefusalMessage({ result: { error: {} } })).toBeNull();
    expect(firstRefusalMessage({ saved: true })).toBeNull();
    expect(firstRefusalMessage(null)).toBeNull();
  });
});
