import { getDatabase, type Database } from "../../db.server";
import { AppError, type RequestContext } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { lockPanelClaim, queueClaimNotice } from "./panel-claim-rows.server";

/**
 * Staff mark an approved claim paid (ADR 152), with the reference of the payment made outside Tsunagi (the transfer's
 * number in the finance office's system: bank details are never held here). Once, under the row lock and a
 * compare-and-set on `approved`; nobody marks their own claim paid. The member is mailed in the same transaction.
 */
export async function markPanelClaimPaid(
  options: { claimId: string; paymentReference: string; actorUserId: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<void> {
  const now = options.request.now ?? new Date();
  const paymentReference = options.paymentReference.trim();
  if (!paymentReference) throw new AppError("invalid_input");
  await db.$transaction(async (tx) => {
    const claim = await lockPanelClaim(tx, options.claimId);
    if (claim.memberUserId === options.actorUserId) throw new AppError("forbidden");
    const { count } = await tx.panelClaim.updateMany({ where: { id: claim.id, state: "approved" }, data: { state: "paid", paidAt: now, paidById: options.actorUserId, paymentReference } });
    if (count !== 1) throw new AppError("panel_claim_changed");
    await recordAuditEvent(
      tx,
      { type: "panel_claim.changed", outcome: "success", detail: { claimId: claim.id, change: "paid", kind: claim.kind, amountYen: claim.amountYen } },
      { actorUserId: options.actorUserId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
    );
    await queueClaimNotice(tx, claim, { kind: "panel_claim_paid", paidAt: now });
  });
}
