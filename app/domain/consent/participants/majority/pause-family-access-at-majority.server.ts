import type { Transaction } from "../../../../db.server";
import { recordAuditEvent } from "../../../kernel/index.server";

/**
 * At the transfer at majority (inside grantConsent's transaction, under the participant's consent lock): every
 * access the proxy granted is paused until the now-adult participant confirms or ends it, and invitations the proxy
 * sent that nobody has accepted are withdrawn — the adult decides who follows them.
 */
export async function pauseFamilyAccessAtMajority(tx: Transaction, participantId: string, now: Date): Promise<void> {
  const paused = await tx.familyAccess.findMany({ where: { participantId, endedAt: null, pausedAt: null }, select: { id: true, scope: true } });
  if (paused.length > 0) {
    await tx.familyAccess.updateMany({ where: { id: { in: paused.map((row) => row.id) } }, data: { pausedAt: now, pausedReason: "majority" } });
    for (const access of paused) {
      await recordAuditEvent(tx, { type: "family.access_changed", outcome: "success", detail: { participantId, accessId: access.id, change: "paused_at_majority", scope: access.scope } }, { actorUserId: null });
    }
  }
  await tx.familyInvitation.updateMany({ where: { participantId, acceptedAt: null, withdrawnAt: null }, data: { withdrawnAt: now } });
}
