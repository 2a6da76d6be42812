import type { Database, Transaction } from "../../db.server";

const windowMs = 15 * 60_000;
/** Issue #2: at most 10 failed attempts per account per 15 minutes; the 11th is refused. */
export const maxFailuresPerAccount = 10;
/** Per address, generous enough for a clinic behind one NAT, tight enough to stop spraying many accounts. */
export const maxFailuresPerAddress = 50;

export function accountKeyOf(email: string): string {
  return email.trim().normalize("NFKC").toLowerCase();
}

/**
 * True when another attempt may be made. Counted on failures inside a sliding 15-minute window, whether or
 * not the account exists, so the answer never reveals which e-mail addresses are registered.
 */
export async function isSignInAllowed(
  db: Database | Transaction,
  options: { accountKey: string; ipAddress: string; now?: Date },
): Promise<boolean> {
  const since = new Date((options.now ?? new Date()).getTime() - windowMs);
  const [accountFailures, addressFailures] = await Promise.all([
    db.signInAttempt.count({ where: { accountKey: options.accountKey, succeeded: false, createdAt: { gte: since } } }),
    db.signInAttempt.count({ where: { ipAddress: options.ipAddress, succeeded: false, createdAt: { gte: since } } }),
  ]);
  return accountFailures < maxFailuresPerAccount && addressFailures < maxFailuresPerAddress;
}

export async function recordSignInAttempt(
  db: Database | Transaction,
  options: { accountKey: string; ipAddress: string; succeeded: boolean; now?: Date },
): Promise<void> {
  await db.signInAttempt.create({
    data: {
      accountKey: options.accountKey,
      ipAddress: options.ipAddress,
      succeeded: options.succeeded,
      createdAt: options.now ?? new Date(),
    },
  });
}
