import type { Database } from "../../../db.server";
import type { RequestContext } from "../../kernel/index";
import { recordSignInFailure } from "../record-sign-in-failure.server";

export type PasskeyFailureReason = "passkey_invalid" | "rate_limited" | "account_disabled";

/**
 * A failed passkey ceremony leaves an audit row like a wrong password; its attempt was counted by the same
 * sign-in limits before the assertion was checked.
 */
export async function recordPasskeyFailure(
  db: Database,
  options: { userId: string | null; reason: PasskeyFailureReason; request: RequestContext; now: Date },
): Promise<void> {
  await recordSignInFailure(db, { userId: options.userId, request: options.request, now: options.now, detail: { method: "passkey", reason: options.reason } });
}

/**
 * The rate-limit key when a credential matches no account. One shared key: an unknown credential can never
 * succeed, so locking it out harms nobody, and the per-address limit still stops spraying.
 */
export const unknownPasskeyAccountKey = "passkey:unknown-credential";
