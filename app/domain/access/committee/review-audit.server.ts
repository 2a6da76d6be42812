import type { Transaction } from "../../../db.server";
import type { AuditEvent } from "../../kernel/audit-event";
import { recordAuditEvent } from "../../kernel/record-audit-event.server";
import type { RequestContext } from "../../kernel/request-context";

type ReviewChange = Extract<AuditEvent, { type: "access.review_changed" }>;

export function auditReviewChange(tx: Transaction, detail: ReviewChange["detail"], actorUserId: string, request: RequestContext, outcome: ReviewChange["outcome"] = "success"): Promise<void> {
  return recordAuditEvent(tx, { type: "access.review_changed", outcome, detail }, { actorUserId, ipAddress: request.ipAddress, userAgent: request.userAgent });
}
