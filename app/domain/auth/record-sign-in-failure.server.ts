import type { Database } from "../../db.server";
import type { AuditEvent } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";

type FailureDetail = Extract<AuditEvent, { type: "auth.sign_in_failed" }>["detail"];

/**
 * Every failed proof of identity — password, link, TOTP, recovery code, passkey — leaves an audit row. Its
 * attempt was already counted by beginSignInAttempt before the proof was checked (ADR 013).
 */
export async function recordSignInFailure(
  db: Database,
  options: { userId: string | null | undefined; detail: FailureDetail; request: RequestContext; now: Date },
): Promise<void> {
  await recordAuditEvent(
    db,
    { type: "auth.sign_in_failed", outcome: "failure", detail: options.detail },
    { subjectUserId: options.userId ?? null, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
  );
}
