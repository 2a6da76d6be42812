import type { Database } from "../../../db.server";

const windowMs = 15 * 60_000;
/** Generous for someone checking a stack of PDFs, far too few to search for codes (80 bits each). */
export const maxVerificationLookupsPerAddress = 30;

/**
 * True when this address may look up another code. Counted from the audit rows each lookup writes, in a sliding
 * 15-minute window, the way sign-in counts its attempts; refused lookups do not extend the wait.
 */
export async function isVerificationLookupAllowed(db: Database, options: { ipAddress: string; now?: Date }): Promise<boolean> {
  const since = new Date((options.now ?? new Date()).getTime() - windowMs);
  const lookups = await db.auditEvent.count({
    where: { type: "consent_record.verified", ipAddress: options.ipAddress, outcome: { not: "rate_limited" }, occurredAt: { gte: since } },
  });
  return lookups < maxVerificationLookupsPerAddress;
}
