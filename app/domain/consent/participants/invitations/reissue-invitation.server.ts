import { getDatabase, type Database } from "../../../../db.server";
import { AppError } from "../../../kernel/index";
import { recordAuditEvent } from "../../../kernel/index.server";
import type { RequestContext } from "../../../kernel/index";
import { lockParticipantConsent } from "../../ledger/index.server";
import { createInvitation, sendInvitationMail, type IssuedInvitation } from "./issue-invitation.server";

/**
 * A new link and a new code for someone who lost theirs, let one expire or locked it with wrong guesses. Every
 * invitation still open for the same recipient is revoked in the same transaction, so only the new code works.
 */
export async function reissueInvitation(
  options: { participantId: string; invitationId: string; reissuedById: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ participantId: string; pseudonym: string; invitation: IssuedInvitation & { recipient: "participant" | "proxy" }; mailSent: boolean }> {
  const now = options.request.now ?? new Date();
  const context = { actorUserId: options.reissuedById, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent };
  const { invitation, addressee, pseudonym } = await db.$transaction(async (tx) => {
    // One reissue per participant at a time (ADR 016): two at once would each revoke only what was open when they
    // looked, and leave both new codes working.
    await lockParticipantConsent(tx, options.participantId, { missing: "not_found" });
    const previous = await tx.invitation.findFirst({ where: { id: options.invitationId, participantId: options.participantId } });
    if (!previous) throw new AppError("not_found");
    if (previous.acceptedAt) throw new AppError("invitation_invalid");
    const participant = await tx.participant.findUniqueOrThrow({ where: { id: options.participantId }, select: { pseudonym: true } });
    const identity = await tx.participantIdentity.findUnique({ where: { participantId: options.participantId } });
    const assignment = previous.proxyAssignmentId ? await tx.proxyAssignment.findUnique({ where: { id: previous.proxyAssignmentId } }) : null;
    if (!identity || identity.erasedAt || (previous.recipient === "proxy" && (!assignment || assignment.endedAt))) throw new AppError("invitation_invalid");
    await tx.invitation.updateMany({
      where: { participantId: options.participantId, recipient: previous.recipient, proxyAssignmentId: previous.proxyAssignmentId, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    const issued = await createInvitation(tx, {
      participantId: options.participantId,
      recipient: previous.recipient,
      proxyAssignmentId: previous.proxyAssignmentId,
      email: previous.email,
      language: previous.language,
      reason: "reissue",
      createdById: options.reissuedById,
      now,
    });
    await recordAuditEvent(
      tx,
      { type: "invitation.sent", outcome: "success", detail: { invitationId: issued.id, participantId: options.participantId, recipient: previous.recipient, reissuedFrom: previous.id } },
      context,
    );
    return { invitation: { ...issued, recipient: previous.recipient }, addressee: assignment?.fullName ?? identity.fullName, pseudonym: participant.pseudonym };
  });
  return { participantId: options.participantId, pseudonym, invitation, mailSent: await sendInvitationMail(invitation, addressee) };
}
