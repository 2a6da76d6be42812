/**
 * When a committee member who has not voted is reminded (ADR 040, amendment of 2026-12-02). Pure.
 *
 * An application carries no voting deadline: the chair closes the vote when the committee is ready. So the reminders
 * count from the moment the round's vote opened — the first three days after it (time to read the application at a
 * member's own pace), the second a week after it (a meeting cycle), and none after that: two mails per round are a
 * nudge, more would be noise the member learns to ignore. Each kind goes at most once per member per round.
 *
 * The reminder job runs hourly; a run that finds the second reminder due sends that one only, so a member whose first
 * reminder was never sent (the job down for days, a vote older than this feature) gets one mail, not two at once.
 */
export const voteReminderKinds = ["first", "second"] as const;
export type VoteReminderKind = (typeof voteReminderKinds)[number];

const day = 86_400_000;

/** Days after the vote opened at which each reminder falls due. */
export const voteReminderDays: Record<VoteReminderKind, number> = { first: 3, second: 7 };

/** The reminder due now for a vote opened at `openedAt`: the latest whose time has come, or null before the first. */
export function dueVoteReminder(openedAt: Date, now: Date): VoteReminderKind | null {
  const elapsed = now.getTime() - openedAt.getTime();
  let due: VoteReminderKind | null = null;
  for (const kind of voteReminderKinds) if (elapsed >= voteReminderDays[kind] * day) due = kind;
  return due;
}

/** The one key per member, round and kind: the mail log refuses a second message with it. */
export function voteReminderKey(input: { applicationId: string; round: number; userId: string; kind: VoteReminderKind }): string {
  return `vote-reminder:${input.applicationId}:${input.round}:${input.userId}:${input.kind}`;
}
