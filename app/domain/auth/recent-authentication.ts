import { reauthenticationWindowMs } from "../session";

/** A sign-in factor may be changed only within 10 minutes of proving who you are (sign-in or re-auth). */
export function isRecentlyAuthenticated(
  session: { createdAt: Date; reauthenticatedAt: Date | null },
  now: Date = new Date(),
): boolean {
  const last = Math.max(session.createdAt.getTime(), session.reauthenticatedAt?.getTime() ?? 0);
  return now.getTime() - last <= reauthenticationWindowMs;
}
