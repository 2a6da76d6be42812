import { getDatabase, readRows, type Database, type NamedStatement } from "../../db.server";
import { recordAuditEvent } from "../kernel/index.server";
import { rolesOf, type Role } from "../authz";
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
  /** Set while the clinic tablet is locked to one participant's assisted journey (ADR 121). */
  kiosk: KioskLock | null;
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

export interface KioskLock {
  participantId: string;
  /** New at every lock: an unlock names the lock it opens, so a replayed unlock of an earlier lock opens nothing. */
  lockId: string;
  lockedAt: Date;
}

const tokenPattern = /^[a-z2-9]{24}\.[a-z2-9]{24}$/;

/** What validation reads of a session and its account. */
interface SessionRow {
  id: string;
  secretHash: Uint8Array;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  lastActiveAt: Date;
  secondFactorAt: Date | null;
  reauthenticatedAt: Date | null;
  kioskParticipantId: string | null;
  kioskLockId: string | null;
  kioskLockedAt: Date | null;
  user: {
    id: string;
    email: string;
    displayName: string;
    role: Role;
    additionalRoles: Role[];
    preferredLanguage: "ja" | "ja_easy" | "en";
    totpEnabled: boolean;
    hasPassword: boolean;
    disabled: boolean;
  };
}

/**
 * Every signed-in request reads its session here, so the read is one prepared statement on the plain pool (as the
 * application role, like Prisma's): Prisma's own work per query — its plan interpreted, its rows mapped — was 18 % of
 * /home's profile across the page's queries (bench/RESULTS.md, issue 30; ADR 075), and this one is on every page. The
 * password's hash and the TOTP key's ciphertext are not read: only whether they are set.
 */
const sessionStatement: NamedStatement = {
  name: "tsunagi-validate-session",
  text: `SELECT s.id, s."secretHash", s."userId", s."createdAt", s."expiresAt", s."lastActiveAt", s."secondFactorAt", s."reauthenticatedAt",
    s."kioskParticipantId"::text AS "kioskParticipantId", s."kioskLockId", s."kioskLockedAt",
    u.email, u."displayName", u.role::text AS role, u."additionalRoles"::text[] AS "additionalRoles",
    u."preferredLanguage"::text AS "preferredLanguage", u."totpEnabledAt" IS NOT NULL AS "totpEnabled", u."passwordHash" IS NOT NULL AS "hasPassword", u."disabledAt" IS NOT NULL AS disabled
    FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE s.id = $1`,
};

/** One row of sessionStatement: the session and its account, flat. */
type SessionSqlRow = Omit<SessionRow, "user"> & Omit<SessionRow["user"], "id">;

/** The same statement on the plain pool, or inside the caller's transaction when one is given: one definition of the read. */
async function readSession(id: string, db: Database | undefined): Promise<SessionRow | null> {
  const rows = await readRows<SessionSqlRow>(sessionStatement, [id], db);
  const row = rows[0];
  if (!row) return null;
  const { email, displayName, role, additionalRoles, preferredLanguage, totpEnabled, hasPassword, disabled, ...session } = row;
  return { ...session, user: { id: row.userId, email, displayName, role, additionalRoles, preferredLanguage, totpEnabled, hasPassword, disabled } };
}

/**
 * Returns the session behind a cookie token, or null. Expired, idle and disabled-account sessions are
 * deleted here (with an audit row) so that a replayed cookie finds nothing. The read goes through the plain pool unless
 * a client is given (a transaction's).
 */
export async function validateSessionToken(
  token: string,
  options: { now?: Date; ipAddress?: string | null; userAgent?: string | null } = {},
  given?: Database,
): Promise<ValidatedSession | null> {
  if (!tokenPattern.test(token)) return null;
  const [id, secret] = token.split(".") as [string, string];
  const now = options.now ?? new Date();
  const row = await readSession(id, given);
  const db = given ?? getDatabase();
  if (!row) return null;
  if (!constantTimeEqual(sha256(secret), new Uint8Array(row.secretHash))) return null;

  const policy = sessionPolicyFor(rolesOf(row.user));
  const idleFor = now.getTime() - row.lastActiveAt.getTime();
  const ended: "expired" | "idle_timeout" | "account_disabled" | null = row.user.disabled
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
    kiosk: row.kioskParticipantId && row.kioskLockId && row.kioskLockedAt ? { participantId: row.kioskParticipantId, lockId: row.kioskLockId, lockedAt: row.kioskLockedAt } : null,
    user: {
      id: row.user.id,
      email: row.user.email,
      displayName: row.user.displayName,
      role: row.user.role,
      roles: rolesOf(row.user),
      preferredLanguage: row.user.preferredLanguage,
      totpEnabled: row.user.totpEnabled,
      hasPassword: row.user.hasPassword,
    },
  };
}

/** The moment until which a session can be used unless it is active again; drives the cookie's Max-Age. */
export function sessionCookieExpiry(session: Pick<ValidatedSession, "expiresAt" | "lastActiveAt" | "user">): Date {
  const policy = sessionPolicyFor(session.user.roles);
  const idleEnd = session.lastActiveAt.getTime() + policy.inactivityTimeoutMs;
  return new Date(Math.min(idleEnd, session.expiresAt.getTime()));
}
