import type { Database, Transaction } from "../../db.server";
import { isStaffRole, rolesOf, type Role } from "../authz";
import { generateSecureRandomString, sha256 } from "@tsunagi/service-kit/secure-random.server";
import { primaryRolesAdminsCreate } from "./account-schemas";

/**
 * A welcome link is the first way into an account that has none of its own yet (issue 27 item 7; ADR 042 amended):
 * the single-use sign-in link an administrator's new account is mailed (72 hours), or the one an applicant is mailed
 * on signing up (15 minutes). Either may be sent again, by whoever could send it first; the new link is the only one
 * that works.
 */

export interface WelcomeAccount {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  additionalRoles: Role[];
  preferredLanguage: "ja" | "ja_easy" | "en";
  passwordHash: string | null;
  totpEnabledAt: Date | null;
  disabledAt: Date | null;
}

/**
 * Whether a welcome link may be sent to an account now:
 * - `waiting`: it has no way in yet;
 * - `set_up`: it has one — staff (who must pass a second factor) hold a password or a passkey and a second factor;
 *   anyone else has signed in at least once (a link used, or a password or passkey), and can ask for a sign-in link
 *   on the sign-in page whenever they need one;
 * - `disabled`: nobody may sign in to it;
 * - `not_from_admin`: participants, proxies and family members get their first way in from their invitation.
 */
export type WelcomeStanding =
  | { kind: "waiting" }
  | { kind: "set_up"; how: "factors" | "signed_in" }
  | { kind: "disabled" }
  | { kind: "not_from_admin" };

export async function welcomeStandingOf(db: Database | Transaction, account: WelcomeAccount): Promise<WelcomeStanding> {
  if (account.disabledAt) return { kind: "disabled" };
  if (!(primaryRolesAdminsCreate as readonly Role[]).includes(account.role)) return { kind: "not_from_admin" };
  const passkeys = await db.passkey.count({ where: { userId: account.id } });
  if (isStaffRole(rolesOf(account))) {
    const firstFactor = account.passwordHash !== null || passkeys > 0;
    const secondFactor = account.totpEnabledAt !== null || passkeys > 0;
    return firstFactor && secondFactor ? { kind: "set_up", how: "factors" } : { kind: "waiting" };
  }
  if (account.passwordHash !== null || passkeys > 0) return { kind: "set_up", how: "signed_in" };
  const usedLinks = await db.signInLink.count({ where: { userId: account.id, usedAt: { not: null } } });
  return usedLinks > 0 ? { kind: "set_up", how: "signed_in" } : { kind: "waiting" };
}

/**
 * The account's row, locked until the transaction ends, so two welcome links sent at once are made one after the
 * other and the later one is the only one left working. FOR NO KEY UPDATE: a sign-in elsewhere (a session row that
 * names the account) is not held up.
 */
export async function lockAccount(tx: Transaction, userId: string): Promise<WelcomeAccount | null> {
  const [row] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "User" WHERE id = ${userId}::uuid FOR NO KEY UPDATE`;
  if (!row) return null;
  return tx.user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, email: true, displayName: true, role: true, additionalRoles: true, preferredLanguage: true, passwordHash: true, totpEnabledAt: true, disabledAt: true },
  });
}

/**
 * Ends every link of the account not yet used (its expiry set to now, so opening one says it has expired) and makes a
 * new one: the link just mailed is the only way in a welcome mail holds. Call under `lockAccount`.
 */
export async function replaceOpenLinks(tx: Transaction, userId: string, options: { lifetimeMs: number; now: Date }) {
  const { count: replaced } = await tx.signInLink.updateMany({ where: { userId, usedAt: null, expiresAt: { gt: options.now } }, data: { expiresAt: options.now } });
  const id = generateSecureRandomString();
  const secret = generateSecureRandomString();
  const expiresAt = new Date(options.now.getTime() + options.lifetimeMs);
  await tx.signInLink.create({ data: { id, tokenHash: sha256(secret), userId, createdAt: options.now, expiresAt } });
  return { token: `${id}.${secret}`, expiresAt, replaced };
}
