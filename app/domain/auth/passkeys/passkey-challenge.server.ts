import type { Database, Transaction } from "../../../db.server";
import { generateSecureRandomString } from "@tsunagi/service-kit/secure-random.server";

/** Long enough to find the phone and touch the sensor, short enough that a leaked challenge is soon useless. */
export const challengeLifetimeMs = 5 * 60_000;

export type ChallengePurpose = "registration" | "authentication" | "reauthentication";

export async function saveChallenge(
  db: Database | Transaction,
  options: { purpose: ChallengePurpose; challenge: string; userId: string | null; now: Date },
): Promise<string> {
  // Expired rows are never useful again; clearing them here keeps the table to a handful of rows.
  await db.webAuthnChallenge.deleteMany({ where: { expiresAt: { lt: options.now } } });
  const id = generateSecureRandomString();
  await db.webAuthnChallenge.create({
    data: {
      id,
      challenge: options.challenge,
      userId: options.userId,
      purpose: options.purpose,
      createdAt: options.now,
      expiresAt: new Date(options.now.getTime() + challengeLifetimeMs),
    },
  });
  return id;
}

/**
 * The challenge to verify a response against, or null. Single use: one DELETE … RETURNING finds and removes the
 * row, so a replayed or probing request burns it, and of two racing requests only one gets it back.
 */
export async function takeChallenge(
  db: Database | Transaction,
  options: { id: string; purpose: ChallengePurpose; userId: string | null; now: Date },
): Promise<string | null> {
  const [row] = await db.$queryRaw<{ challenge: string; purpose: string; userId: string | null; expiresAt: Date }[]>`
    DELETE FROM "WebAuthnChallenge" WHERE id = ${options.id}
    RETURNING challenge, purpose, "userId"::text AS "userId", "expiresAt"`;
  if (!row) return null;
  if (row.purpose !== options.purpose || row.userId !== options.userId || row.expiresAt <= options.now) return null;
  return row.challenge;
}
