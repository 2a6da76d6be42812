import { generateSecureRandomString } from "@tsunagi/service-kit/secure-random.server";
import type { Transaction } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { AuditContext } from "../kernel/index";

/**
 * Locks a coordinator's session to one participant's assisted journey as the tablet is handed over (issue 55, ADR 121),
 * in the caller's transaction, with its audit row. A session already locked to this participant (the start sent twice,
 * two tabs) keeps its lock; one locked to another participant cannot be moved by a start sent from it.
 */
export async function lockKiosk(
  tx: Transaction,
  options: { sessionId: string; participantId: string; journeyId: string; now: Date; context: AuditContext },
): Promise<{ lockId: string }> {
  const lockId = generateSecureRandomString(24);
  const { count } = await tx.session.updateMany({
    where: { id: options.sessionId, kioskLockId: null },
    data: { kioskParticipantId: options.participantId, kioskLockId: lockId, kioskLockedAt: options.now },
  });
  if (count === 0) {
    const held = await tx.session.findUnique({ where: { id: options.sessionId }, select: { kioskParticipantId: true, kioskLockId: true } });
    if (!held) throw new AppError("forbidden");
    if (held.kioskParticipantId !== options.participantId || !held.kioskLockId) throw new AppError("forbidden");
    return { lockId: held.kioskLockId };
  }
  await recordAuditEvent(
    tx,
    { type: "kiosk.locked", outcome: "success", detail: { participantId: options.participantId, journeyId: options.journeyId, sessionIdPrefix: options.sessionId.slice(0, 6) } },
    options.context,
  );
  return { lockId };
}
