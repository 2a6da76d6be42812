import { getDatabase, type Database } from "../../db.server";
import type { RequestContext } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { decideByOf, SubmitPanelClaimSchema } from "./panel-claim-forms";

/**
 * A panel member claims an honorarium (its kind's fixed amount) or an expense (issue 59 item 3; ADR 152): the claim
 * and its audit row in one transaction, to be decided within 14 days.
 */
export async function submitPanelClaim(options: { memberUserId: string; input: unknown; request: RequestContext }, db: Database = getDatabase()): Promise<{ id: string }> {
  const input = SubmitPanelClaimSchema.parse(options.input);
  const now = options.request.now ?? new Date();
  return db.$transaction(async (tx) => {
    const claim = await tx.panelClaim.create({
      data: {
        memberUserId: options.memberUserId,
        kind: input.kind,
        amountYen: input.amountYen,
        description: input.description,
        occurredOn: new Date(`${input.occurredOn}T00:00:00Z`),
        state: "submitted",
        submittedAt: now,
        decideBy: decideByOf(now),
      },
      select: { id: true },
    });
    await recordAuditEvent(
      tx,
      { type: "panel_claim.changed", outcome: "success", detail: { claimId: claim.id, change: "submitted", kind: input.kind, amountYen: input.amountYen } },
      { actorUserId: options.memberUserId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
    );
    return claim;
  });
}
