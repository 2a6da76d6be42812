import { getDatabase, type Database } from "../../db.server";
import { recordAuditEvent } from "../audit/record-audit-event.server";
import { rolesOf, type Role } from "../authz/roles";
import { constantTimeEqual, sha256 } from "@tsunagi/service-kit/secure-random.server";
import { sessionPolicyFor } from "./session-policy";

export interface ValidatedSession {
  id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  lastActiveAt: Date;
  secondFactorAt: Date | null;
  reauthenticatedAt: Date | null;
  user: {
    id: string;
    email: string;
    displayName: string;
    /** The role the account was created for. */
    role: Role;
    /** Every role it holds, `role` first: what it may do is their union. */
    roles: Role[];
    preferredLanguage: "ja" | "ja_easy" | "en";
    totpEnabled: boolean;
    hasPassword: boolean;
  };
}

const tokenPattern = /^[a-z2-9]{24}\.[a-z2-9]{24}$/;

/**
 * Returns the session behind a cookie token, or null. Expired, idle and disabled-account sessions are
 * deleted here (with an audit row) so that a replayed cookie finds nothing.
 */
export async function validateSessionToken(
  token: string,
  options: { now?: Date; ipAddress?: string | null; userAgent?: string | null } = {},
  db: Database = getDatabase(),
): Promise<ValidatedSession | null> {
  if (!tokenPattern.test(token)) return null;
  const [id, secret] = token.split(".") as [string, string];
  const now = options.now ?? new Date();
  const row = await db.session.findUnique({ where: { id }, include: { user: true } });
  if (!row) return null;
  if (!constantTimeEqual(sha256(secret), new Uint8Array(row.secretHash))) return null;

  const policy = sessionPolicyFor(rolesOf(row.user));
  const idleFor = now.getTime() - row.lastActiveAt.getTime();
  const ended: "expired" | "idle_timeout" | "account_disabled" | null = row.user.disabledAt
    ? "account_disabled"
    : now >= row.expiresAt
      ? "expired"
      : idleFor >= policy.inactivityTimeoutMs
        ? "idle_timeout"
        : null;
  if (ended) {
    await db.$transaction(async (tx) => {
      const { count } = await tx.session.deleteMany({ where: { id } });
      if (count > 0 && ended !== "account_disabled") {
        await recordAuditEvent(
          tx,
          { type: "session.ended", outcome: "success", detail: { reason: ended, sessionIdPrefix: id.slice(0, 6) } },
          { subjectUserId: row.userId, ipAddress: options.ipAddress, userAgent: options.userAgent },
        );
      }
    });
    return null;
  }

  let lastActiveAt = row.lastActiveAt;
  if (idleFor >= policy.activityWriteIntervalMs) {
    lastActiveAt = now;
    await db.session.update({ where: { id }, data: { lastActiveAt: now } });
  }

  return {
    id: row.id,
    userId: row.userId,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastActiveAt,
    secondFactorAt: row.secondFactorAt,
    reauthenticatedAt: row.reauthenticatedAt,
    user: {
      id: row.user.id,
      email: row.user.email,
      displayName: row.user.displayName,
      role: row.user.role,
      roles: rolesOf(row.user),
      preferredLanguage: row.user.preferredLanguage,
      totpEnabled: row.user.totpEnabledAt !== null,
      hasPassword: row.user.passwordHash !== null,
    },
  };
}

/** The moment until which a session can be used unless it is active again; drives the cookie's Max-Age. */
export function sessionCookieExpiry(session: Pick<ValidatedSession, "expiresAt" | "lastActiveAt" | "user">): Date {
  const policy = sessionPolicyFor(session.user.roles);
  const idleEnd = session.lastActiveAt.getTime() + policy.inactivityTimeoutMs;
  return new Date(Math.min(idleEnd, session.expiresAt.getTime()));
}
