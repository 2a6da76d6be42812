import { describe, expect, it } from "vitest";
import { approvalNotifyPayload } from "@tsunagi/consent-rules/consent-change-message";
import { announces, approvalOutbox, consentOutbox, type OutboxStream } from "./outbox-streams";

/** A third outbox configured without saying which notifications announce it (a test stream's, issue 31). */
const notes: OutboxStream<unknown> = { ...consentOutbox, name: "notes", table: "TestNoteOutbox", notifiedAs: undefined };

describe("a notification wakes the lanes of the outbox it names, and every lane when it names none", () => {
  it("a consent change's (the ledger sends the event's global position) wakes the consent lanes, not the approvals'", () => {
    expect(announces(consentOutbox, "1")).toBe(true);
    expect(announces(consentOutbox, "9223372036854775807")).toBe(true);
    expect(announces(approvalOutbox, "42")).toBe(false);
  });

  it("an approval change's wakes the approvals lanes, not the consent ones", () => {
    expect(announces(approvalOutbox, approvalNotifyPayload(7n))).toBe(true);
    expect(announces(consentOutbox, approvalNotifyPayload(7n))).toBe(false);
  });

  it("one it cannot tell (none at a reconnection, a newer writer's, a malformed one) wakes every lane", () => {
    for (const payload of [undefined, "", "0", "012", "approval:", "approval:x", "samples:3", "1 ", "１２"]) {
      expect([payload, announces(consentOutbox, payload), announces(approvalOutbox, payload)]).toEqual([payload, true, true]);
    }
  });

  it("an outbox that does not say which notifications announce it is woken by every one", () => {
    expect([announces(notes, "5"), announces(notes, approvalNotifyPayload(5)), announces(notes, undefined)]).toEqual([true, true, true]);
  });
});
