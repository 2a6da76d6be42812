import { getDatabase, type Database } from "../../../../db.server";
import { fromStoredLanguage } from "../../../../i18n/languages";
import { sendLoggedMail } from "../../../mail/index.server";
import { createInvitation, invitationUrl, type IssuedInvitation } from "../invitations/issue-invitation.server";
import { lockParticipantConsent } from "../../ledger/index.server";
import { AGE_OF_MAJORITY, ageOn } from "./age";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";

const log = serviceLogger("app");

export interface MajorityInvitations {
  /** Invitations issued now, with their one-time codes, for the caller to hand to the clinic (post or phone). */
  invited: { participantId: string; invitation: IssuedInvitation }[];
  /** Came of age but have no address on record: the clinic must reach them another way. */
  needsContact: string[];
}

/**
 * Participants consented for by a proxy who have turned 18 are invited to consent for themselves. The proxy's
 * consent stands until they do; once they sign, grantConsent records `transferred_at_majority` and ends the
 * proxy's authority. Idempotent: someone with an open majority invitation is not invited again — checked under the
 * participant's lock, so two runs of the job at once invite once.
 */
export async function inviteParticipantsReachingMajority(options: { now?: Date; createdById: string | null }, db: Database = getDatabase()): Promise<MajorityInvitations> {
  const now = options.now ?? new Date();
  const states = await db.consentState.findMany({
    where: { consentedBy: "proxy", status: { not: "withdrawn" } },
    include: { participant: { include: { identity: true, invitations: { where: { reason: "majority", revokedAt: null, acceptedAt: null, expiresAt: { gt: now } } } } } },
  });
  const result: MajorityInvitations = { invited: [], needsContact: [] };
  for (const state of states) {
    const identity = state.participant.identity;
    if (!identity || ageOn(identity.dateOfBirth, now) < AGE_OF_MAJORITY || state.participant.invitations.length > 0) continue;
    if (!identity.email) {
      result.needsContact.push(state.participantId);
      continue;
    }
    const invitation = await db.$transaction(async (tx) => {
      const { state: current } = await lockParticipantConsent(tx, state.participantId);
      if (current?.consentedBy !== "proxy" || current.status === "withdrawn") return null;
      const open = await tx.invitation.count({ where: { participantId: state.participantId, reason: "majority", revokedAt: null, acceptedAt: null, expiresAt: { gt: now } } });
      if (open > 0) return null;
      return createInvitation(tx, {
        participantId: state.participantId,
        recipient: "participant",
        proxyAssignmentId: null,
        email: identity.email!,
        language: identity.preferredLanguage,
        reason: "majority",
        createdById: options.createdById,
        now,
      });
    });
    if (!invitation) continue;
    try {
      // Carries the invitation's link secret: sent at once and logged without it, not queued (ADR 031).
      await sendLoggedMail({
        participantId: state.participantId,
        to: invitation.email,
        language: fromStoredLanguage(identity.preferredLanguage),
        template: "consent-notice",
        props: { kind: "majority_invitation", name: identity.fullName, url: invitationUrl(invitation) },
      });
    } catch (error) {
      log.warn({ invitationId: invitation.id, error: errorText(error) }, "majority invitation could not be mailed");
    }
    result.invited.push({ participantId: state.participantId, invitation });
  }
  return result;
}
