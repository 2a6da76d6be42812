import type { Database } from "../../db.server";
import { clearCount, giveBack, takeAttempt, type AttemptLimit, type LimitedKey } from "../security/index.server";
import { sha256 } from "@tsunagi/service-kit/secure-random.server";

/*
 * Brute-force limits on every proof of identity (password, e-mail link, TOTP, recovery code, passkey), after
 * OWASP's credential-stuffing and "device cookie" advice and rate-limiter-flexible's login-endpoint example
 * (ADR 013). They slow whoever guesses without letting a stranger lock the owner out:
 *
 * - From a browser that has fully signed in to the account before (its device cookie names a KnownDevice row of
 *   that account), only that browser's own consecutive failures count. Nobody else can add to them.
 * - From anywhere else: consecutive failures per account and address, failures per address over a day, and
 *   failures per account from all unknown browsers together (what a botnet with many addresses gets).
 */

/** Issue #2's rule, per account and address: ten failures in 15 minutes, and the 11th attempt is refused. */
export const accountAddressLimit: AttemptLimit = { name: "sign-in:account+address", points: 10, durationSeconds: 15 * 60 };
/** Everything one address may get wrong in a day, across all accounts (spraying); a clinic's NAT stays well under. */
export const addressLimit: AttemptLimit = { name: "sign-in:address", points: 100, durationSeconds: 24 * 3600 };
/** All unknown browsers together, per account: what an attacker with many addresses gets, 20 guesses an hour. */
export const accountLimit: AttemptLimit = { name: "sign-in:account", points: 20, durationSeconds: 3600 };
/** A known browser's own consecutive failures: the owner mistyping, or someone at the owner's computer. */
export const knownDeviceLimit: AttemptLimit = { name: "sign-in:known-device", points: 10, durationSeconds: 15 * 60 };

/** For tests and the ADR: the attempts one address may evaluate against one account before being refused. */
export const maxFailuresPerAccount = accountAddressLimit.points;

export function accountKeyOf(email: string): string {
  return email.trim().normalize("NFKC").toLowerCase();
}

export interface SignInAttemptSubject {
  /** The lower-cased e-mail (whether or not an account has it), or a stand-in such as `link:<id>`. */
  accountKey: string;
  /** The account, when one matches: only then can the browser be one the account knows. */
  userId: string | null | undefined;
  ipAddress: string;
  deviceToken?: string | null;
}

export type SignInGate =
  | { allowed: true; knownDevice: boolean; succeeded: () => Promise<void> }
  | { allowed: false; retryAfterSeconds: number };

const deviceTokenPattern = /^[a-z2-9]{24}$/;

async function isKnownDevice(db: Database, subject: SignInAttemptSubject): Promise<boolean> {
  if (!subject.userId || !subject.deviceToken || !deviceTokenPattern.test(subject.deviceToken)) return false;
  const row = await db.knownDevice.findUnique({
    where: { userId_tokenHash: { userId: subject.userId, tokenHash: sha256(subject.deviceToken) } },
    select: { id: true },
  });
  return row !== null;
}

/**
 * Takes one attempt from the limits before the proof is checked; the caller checks it only when allowed. The
 * point stays taken when the proof is wrong; `succeeded()` gives it back and clears the consecutive counts.
 */
export async function beginSignInAttempt(db: Database, subject: SignInAttemptSubject): Promise<SignInGate> {
  const knownDevice = await isKnownDevice(db, subject);
  const consecutive: LimitedKey[] = knownDevice
    ? [{ limit: knownDeviceLimit, key: [subject.accountKey, subject.deviceToken!] }]
    : [{ limit: accountAddressLimit, key: [subject.accountKey, subject.ipAddress] }];
  const cumulative: LimitedKey[] = knownDevice
    ? []
    : [
        { limit: addressLimit, key: [subject.ipAddress] },
        { limit: accountLimit, key: [subject.accountKey] },
      ];
  const decision = await takeAttempt([...consecutive, ...cumulative]);
  if (!decision.allowed) return decision;
  return {
    allowed: true,
    knownDevice,
    succeeded: async () => {
      await Promise.all([...consecutive.map(clearCount), ...cumulative.map(giveBack)]);
    },
  };
}
