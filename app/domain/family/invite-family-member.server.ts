import { getEnv } from "../../env.server";
import { getDatabase, type Database } from "../../db.server";
import { toStoredLanguage } from "../../i18n/languages";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { accountKeyOf } from "../auth/index.server";
import { sendLoggedMail } from "../mail/index.server";
import { generateSecureRandomString, sha256 } from "@tsunagi/service-kit/secure-random.server";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";
import type { InviteFamilyInput } from "./family-schemas";
import { lockFamilyOwner } from "./lock-family-owner.server";

const log = serviceLogger("app");

export const familyInvitationLifetimeDays = 14;

export function familyInvitationUrl(secret: string): string {
  return new URL(`/family/invitation/${secret}`, getEnv().APP_URL).toString();
}

/**
 * A participant (or their proxy) invites someone close to them. The invitation row holds only the link secret's
 * SHA-256; the secret goes out in the mail at once (a bearer secret is never queued; ADR 031). One person has one
 * live invitation or access per participant: a second is refused with a sentence saying what to do instead.
 */
export async function inviteFamilyMember(
  options: { userId: string; participantId?: string | null; input: Omit<InviteFamilyInput, "intent">; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ invitationId: string; participantId: string; expiresAt: Date; mailed: boolean }> {
  const { input, request } = options;
  const now = request.now ?? new Date();
  const email = accountKeyOf(input.email);
  const secret = generateSecureRandomString(32);
  const created = await db.$transaction(async (tx) => {
    const subject = await lockFamilyOwner(tx, options.userId, options.participantId);
    const inviter = await tx.user.findUniqueOrThrow({ where: { id: options.userId }, select: { email: true, displayName: true } });
    if (accountKeyOf(inviter.email) === email) throw new AppError("family_self_invite");
    const openInvitation = await tx.familyInvitation.count({ where: { participantId: subject.participantId, email, acceptedAt: null, withdrawnAt: null, expiresAt: { gt: now } } });
    const liveAccess = await tx.familyAccess.count({ where: { participantId: subject.participantId, endedAt: null, familyUser: { email } } });
    if (openInvitation + liveAccess > 0) throw new AppError("family_already_invited");
    const invitation = await tx.familyInvitation.create({
      data: {
        participantId: subject.participantId,
        fullName: input.fullName,
        email,
        relationship: input.relationship,
        scope: input.scope,
        language: toStoredLanguage(input.language),
        tokenHash: sha256(secret),
        invitedById: options.userId,
        createdAt: now,
        expiresAt: new Date(now.getTime() + familyInvitationLifetimeDays * 24 * 3600_000),
      },
    });
    await recordAuditEvent(
      tx,
      { type: "family.invited", outcome: "success", detail: { participantId: subject.participantId, invitationId: invitation.id, scope: input.scope, as: subject.as } },
      { actorUserId: options.userId, ipAddress: request.ipAddress, userAgent: request.userAgent },
    );
    // The invitee reads who invited them by the name the participant is known by to them: the subject's own name.
    return { invitation, inviterName: subject.fullName };
  });
  const result = { invitationId: created.invitation.id, participantId: created.invitation.participantId, expiresAt: created.invitation.expiresAt };
  try {
    await sendLoggedMail(
      {
        to: created.invitation.email,
        template: "family-invitation",
        language: input.language,
        props: { name: input.fullName, inviterName: created.inviterName, scope: input.scope, url: familyInvitationUrl(secret), expiresAt: created.invitation.expiresAt.toISOString() },
        participantId: created.invitation.participantId,
      },
      db,
    );
  } catch (error) {
    // Nobody holds the link: the invitation is withdrawn at once, so the participant can simply try again.
    log.warn({ err: errorText(error), invitationId: result.invitationId }, "family invitation mail not sent; invitation withdrawn");
    await db.familyInvitation.update({ where: { id: result.invitationId }, data: { withdrawnAt: new Date() } });
    return { ...result, mailed: false };
  }
  return { ...result, mailed: true };
}
