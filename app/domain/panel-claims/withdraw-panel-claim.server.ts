import { getDatabase, type Database } from "../../db.server";
import { AppError, type RequestContext } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { lockPanelClaim } from "./panel-claim-rows.server";

/**
 * The member takes back a claim of their own while it waits for a decision (ADR 152). Another member's claim reads as
 * one that does not exist; a claim decided meanwhile is refused (`panel_claim_changed`). Pressed twice, the second is
 * refused the same way and writes nothing.
 */
export async function withdrawPanelClaim(options: { claimId: string; memberUserId: string; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  const now = options.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const claim = await lockPanelClaim(tx, options.claimId);
    if (claim.memberUserId !== options.memberUserId) throw new AppError("not_found");
    const { count } = await tx.panelClaim.updateMany({ where: { id: claim.id, memberUserId: options.memberUserId, state: "submitted" }, data: { state: "withdrawn", withdrawnAt: now } });
    if (count !== 1) throw new AppError("panel_claim_changed");
    await recordAuditEvent(
      tx,
      { type: "panel_claim.changed", outcome: "success", detail: { claimId: claim.id, change: "withdrawn", kind: claim.kind, amountYen: claim.amountYen } },
      { actorUserId: options.memberUserId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
    );
  });
}
