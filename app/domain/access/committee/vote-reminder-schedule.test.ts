import { describe, expect, it } from "vitest";
import { dueVoteReminder, voteReminderKey } from "./vote-reminder-schedule";

const opened = new Date("2026-12-01T09:00:00Z");
const after = (days: number, minutes = 0) => new Date(opened.getTime() + days * 86_400_000 + minutes * 60_000);

describe("dueVoteReminder (ADR 040, 2026-12-02)", () => {
  it("is nothing before three days, the first from three days, the second from a week, and the second only after that", () => {
    expect(dueVoteReminder(opened, opened)).toBeNull();
    expect(dueVoteReminder(opened, after(3, -1))).toBeNull();
    expect(dueVoteReminder(opened, after(3))).toBe("first");
    expect(dueVoteReminder(opened, after(7, -1))).toBe("first");
    expect(dueVoteReminder(opened, after(7))).toBe("second");
    // A vote open for a month (the job was down, or the vote is older than reminders): one mail, the second.
    expect(dueVoteReminder(opened, after(30))).toBe("second");
  });

  it("keys a reminder by application, round, member and kind", () => {
    const base = { applicationId: "a", round: 1, userId: "u", kind: "first" as const };
    const keys = new Set([base, { ...base, round: 2 }, { ...base, userId: "v" }, { ...base, kind: "second" as const }].map(voteReminderKey));
    expect(keys.size).toBe(4);
  });
});
