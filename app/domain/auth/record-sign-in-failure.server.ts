import type { Database } from "../../db.server";
import type { AuditEvent } from "../audit/audit-event";
import { recordAuditEvent } from "../audit/record-audit-event.server";
import type { RequestContext } from "./request-context";
import { recordSignInAttempt } from "./sign-in-rate-limit.server";

type FailureDetail = Extract<AuditEvent, { type: "auth.sign_in_failed" }>["detail"];

/**
 * Every failed proof of identity — password, link, TOTP, recovery code, passkey — counts towards the same
 * per-account and per-address limits and leaves an audit row, together in one transaction.
 */
export async function recordSignInFailure(
  db: Database,
  options: { accountKey: string; userId: string | null | undefined; detail: FailureDetail; request: RequestContext; now: Date },
): Promise<void> {
  await db.$transaction(async (tx) => {
    await recordSignInAttempt(tx, { accountKey: options.accountKey, ipAddress: options.request.ipAddress, succeeded: false, now: options.now });
    await recordAuditEvent(
      tx,
      { type: "auth.sign_in_failed", outcome: "failure", detail: options.detail },
      { subjectUserId: options.userId ?? null, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
    );
  });
}
