import { getDatabase, type Database } from "../../db.server";
import { sha256, generateSecureRandomString } from "@tsunagi/service-kit/secure-random.server";
import type { DemoAccount, DemoFollow, DemoParticipant } from "./demo-file";

/**
 * The demo family account follows the consented demo participant with `updates_and_summary` (issue 14 item 5): the
 * rows the accepting verb writes (an accepted invitation and its access), without a mail, since nobody needs the link.
 * Idempotent: once there is an access row for the pair, live or ended in the demo, nothing is added.
 */
export async function seedDemoFamily(participants: DemoParticipant[], accounts: DemoAccount[], db: Database = getDatabase()): Promise<DemoFollow[]> {
  const familyAccount = accounts.find((account) => account.role === "family");
  const followed = participants.find((participant) => participant.state === "consented");
  if (!familyAccount || !followed) return [];
  const [user, participant] = await Promise.all([
    db.user.findUnique({ where: { email: familyAccount.email }, select: { id: true } }),
    db.participant.findUnique({ where: { pseudonym: followed.pseudonym }, select: { id: true, userId: true } }),
  ]);
  if (!user || !participant?.userId) return [];
  const follow: DemoFollow = { familyEmail: familyAccount.email, participantPseudonym: followed.pseudonym, participantName: followed.fullName, scope: "updates_and_summary" };
  if (await db.familyAccess.findFirst({ where: { participantId: participant.id, familyUserId: user.id }, select: { id: true } })) return [follow];
  await db.$transaction(async (tx) => {
    const invitation = await tx.familyInvitation.create({
      data: {
        participantId: participant.id,
        fullName: familyAccount.displayName,
        email: familyAccount.email,
        relationship: "spouse",
        scope: "updates_and_summary",
        language: "ja",
        tokenHash: sha256(generateSecureRandomString(32)),
        invitedById: participant.userId!,
        expiresAt: new Date(),
        acceptedAt: new Date(),
        acceptedUserId: user.id,
      },
    });
    await tx.familyAccess.create({
      data: { participantId: participant.id, familyUserId: user.id, invitationId: invitation.id, fullName: familyAccount.displayName, relationship: "spouse", scope: "updates_and_summary" },
    });
  });
  return [follow];
}
