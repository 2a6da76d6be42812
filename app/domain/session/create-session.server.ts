import type { Database, Transaction } from "../../db.server";
import { generateSecureRandomString, sha256 } from "@tsunagi/service-kit/secure-random.server";
import type { RoleSet } from "../authz";
import { sessionPolicyFor } from "./session-policy";

export interface CreateSessionOptions {
  userId: string;
  role: RoleSet;
  secondFactorVerified: boolean;
  ipAddress?: string | null;
  userAgent?: string | null;
  now?: Date;
}

/**
 * Issues a `<id>.<secret>` token (Lucia guide). Only the SHA-256 of the secret is stored, so a leaked
 * database cannot be replayed as cookies.
 */
export async function createSession(db: Database | Transaction, options: CreateSessionOptions) {
  const now = options.now ?? new Date();
  const id = generateSecureRandomString();
  const secret = generateSecureRandomString();
  const policy = sessionPolicyFor(options.role);
  const session = await db.session.create({
    data: {
      id,
      secretHash: sha256(secret),
      userId: options.userId,
      createdAt: now,
      lastActiveAt: now,
      expiresAt: new Date(now.getTime() + policy.absoluteLifetimeMs),
      secondFactorAt: options.secondFactorVerified ? now : null,
      ipAddress: options.ipAddress ?? null,
      userAgent: options.userAgent?.slice(0, 512) ?? null,
    },
  });
  return { token: `${id}.${secret}`, session };
}
