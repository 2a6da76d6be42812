import type { Database } from "../../../db.server";
import type { RequestContext } from "../request-context";
import { recordSignInFailure } from "../record-sign-in-failure.server";

export type PasskeyFailureReason = "passkey_invalid" | "rate_limited" | "account_disabled";

/**
 * A failed passkey ceremony counts towards the same per-account and per-address limits as a wrong password,
 * and leaves an audit row, in one transaction.
 */
export async function recordPasskeyFailure(
  db: Database,
  options: { accountKey: string; userId: string | null; reason: PasskeyFailureReason; request: RequestContext; now: Date },
): Promise<void> {
  await recordSignInFailure(db, { ...options, detail: { method: "passkey", reason: options.reason } });
}

/**
 * The rate-limit key when a credential matches no account. One shared key: an unknown credential can never
 * succeed, so locking it out harms nobody, and the per-address limit still stops spraying.
 */
export const unknownPasskeyAccountKey = "passkey:unknown-credential";
