import type { Transaction } from "../../db.server";
import { AppError } from "../kernel/index";
import { requireConsentSubject, type ConsentSubject } from "../consent/index.server";

/**
 * Who manages a participant's family access: the participant, or while they are a child their proxy (代諾者).
 * Checked again inside the write's transaction with the participant's row locked, so every family change for one
 * participant takes its turn, and a proxy whose authority ended at the transfer at majority (the transfer ends the
 * assignment in its own transaction) can no longer invite or change anything.
 */
export async function lockFamilyOwner(tx: Transaction, userId: string, participantId: string | null | undefined): Promise<ConsentSubject> {
  const subject = await requireConsentSubject(userId, participantId, tx);
  await tx.$queryRaw`SELECT 1 FROM "Participant" WHERE id = ${subject.participantId}::uuid FOR UPDATE`;
  if (subject.as === "proxy") {
    const [assignment] = await tx.$queryRaw<{ endedAt: Date | null }[]>`SELECT "endedAt" FROM "ProxyAssignment" WHERE id = ${subject.proxyAssignmentId}::uuid FOR SHARE`;
    if (!assignment || assignment.endedAt) throw new AppError("forbidden");
  }
  return subject;
}
