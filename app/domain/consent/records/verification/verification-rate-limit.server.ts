import { takeAttempt, type AttemptLimit } from "../../../security/index.server";

/** Generous for someone checking a stack of PDFs, far too few to search for codes (80 bits each). */
export const verificationLookupLimit: AttemptLimit = { name: "verify:address", points: 30, durationSeconds: 15 * 60 };
export const maxVerificationLookupsPerAddress = verificationLookupLimit.points;

/**
 * Takes one lookup from this address's allowance before the code is looked up. The count is one atomic upsert
 * (rate-limiter-flexible, ADR 013), so parallel lookups cannot all read the same "29 so far" the way counting the
 * audit rows afterwards let them. Refused lookups do not extend the wait: the window runs from the first lookup.
 */
export async function takeVerificationLookup(options: { ipAddress: string }): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
  return takeAttempt([{ limit: verificationLookupLimit, key: [options.ipAddress] }]);
}
