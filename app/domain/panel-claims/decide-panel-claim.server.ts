import { getDatabase, type Database } from "../../db.server";
import { AppError, type RequestContext } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { payByOf } from "./panel-claim-forms";
import { lockPanelClaim, queueClaimNotice } from "./panel-claim-rows.server";

/**
 * Staff decide a claim once (ADR 152): approved (to be paid within 30 days) or rejected with a reason the member reads.
 * Under the claim's row lock, and a compare-and-set on its state: of two decisions at once, the second finds it
 * decided (`panel_claim_changed`). Nobody decides their own claim. The member is mailed in the same transaction.
 */
export async function decidePanelClaim(
  options: { claimId: string; decision: "approved" | "rejected"; reason?: string; actorUserId: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<void> {
  const now = options.request.now ?? new Date();
  if (options.decision === "rejected" && !options.reason?.trim()) throw new AppError("invalid_input");
  await db.$transaction(async (tx) => {
    const claim = await lockPanelClaim(tx, options.claimId);
    if (claim.memberUserId === options.actorUserId) throw new AppError("forbidden");
    const payBy = options.decision === "approved" ? payByOf(now) : null;
    const { count } = await tx.panelClaim.updateMany({
      where: { id: claim.id, state: "submitted" },
      data: { state: options.decision, decidedAt: now, decidedById: options.actorUserId, reason: options.decision === "rejected" ? options.reason!.trim() : null, payBy },
    });
    if (count !== 1) throw new AppError("panel_claim_changed");
    await recordAuditEvent(
      tx,
      { type: "panel_claim.changed", outcome: "success", detail: { claimId: claim.id, change: options.decision, kind: claim.kind, amountYen: claim.amountYen } },
      { actorUserId: options.actorUserId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
    );
    await queueClaimNotice(tx, claim, { kind: "panel_claim_decided", outcome: options.decision, ...(payBy ? { payBy } : {}) });
  });
}
