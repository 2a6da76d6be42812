import { isStaffRole, type RoleSet } from "../authz";

const minute = 60_000;
const day = 24 * 60 * minute;

export interface SessionPolicy {
  /** A session unused this long ends (sliding expiry). */
  inactivityTimeoutMs: number;
  /** No session lives longer than this, however active. */
  absoluteLifetimeMs: number;
  /** How stale `lastActiveAt` may get before we write it again; keeps validation mostly read-only. */
  activityWriteIntervalMs: number;
}

/** Staff: 30 minutes idle (issue #2), 12 hours at most. Participants: 14 days idle, 90 days at most. */
export function sessionPolicyFor(role: RoleSet): SessionPolicy {
  return isStaffRole(role)
    ? { inactivityTimeoutMs: 30 * minute, absoluteLifetimeMs: 12 * 60 * minute, activityWriteIntervalMs: minute }
    : { inactivityTimeoutMs: 14 * day, absoluteLifetimeMs: 90 * day, activityWriteIntervalMs: 60 * minute };
}

/** How long a fresh sign-in counts as "just authenticated" for changing a sign-in factor. */
export const reauthenticationWindowMs = 10 * minute;
