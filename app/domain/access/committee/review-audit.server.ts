import type { Transaction } from "../../../db.server";
import type { AuditEvent } from "../../kernel/index";
import { recordAuditEvent } from "../../kernel/index.server";
import type { RequestContext } from "../../kernel/index";

type ReviewChange = Extract<AuditEvent, { type: "access.review_changed" }>;

export function auditReviewChange(tx: Transaction, detail: ReviewChange["detail"], actorUserId: string, request: RequestContext, outcome: ReviewChange["outcome"] = "success"): Promise<void> {
  return recordAuditEvent(tx, { type: "access.review_changed", outcome, detail }, { actorUserId, ipAddress: request.ipAddress, userAgent: request.userAgent });
}
