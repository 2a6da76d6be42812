import { getDatabase, type Database } from "../../db.server";
import type { SupportedLanguage } from "../../i18n/languages";
import { lockParticipantConsent } from "../consent/index.server";
import { AppError, type RequestContext } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { invitationApprovalInForce, readInvitationConsent, readInvitationRows, requireInvitationSubject, researchContactAllowed } from "./load-own-study-invitations.server";
import { stopResearchContactLocked } from "./respond-to-recontact.server";

import type { StudyInvitationAnswer } from "./study-invitation-answers";

export interface AnswerStudyInvitationOptions {
  userId: string;
  /** The signed-in account's role, as a consent change records its actor. */
  actorRole: string;
  deliveryId: string;
  answer: StudyInvitationAnswer;
  /** The page's language: the consent change's record for "stop", and the facility's name handed over. */
  language: SupportedLanguage;
  request: RequestContext;
}

/**
 * A participant (or their current proxy) answers a study invitation on its page (issue 57 item 4; ADR 138), under the
 * participant's consent lock, so a withdrawal committed first closes it and one committed after finds it answered.
 *
 * - yes: the study's team is handed the participant's name and the contact details the page listed (StudyHandover,
 *   never changed), once — a second submit, or a replay, is refused `invitation_closed` and writes nothing. Refused as
 *   well when research contact is no longer allowed (withdrawn, or "no" since) or the study's approval is no longer in
 *   force. This is the only way the study learns who anyone is.
 * - no: recorded; nothing is shared.
 * - stop: recorded, and `recontact.research` becomes `no` (the campaigns' "stop contacting me", ADR 035).
 *
 * The answer is written by a compare-and-set on the delivery (still unanswered, or answered "interested" through the
 * mailed link, which hands nothing over by itself).
 */
export async function answerStudyInvitation(options: AnswerStudyInvitationOptions, db: Database = getDatabase()): Promise<{ answer: StudyInvitationAnswer }> {
  const subject = await requireInvitationSubject(options.userId, options.deliveryId, db);
  return db.$transaction(async (tx) => {
    const turn = await lockParticipantConsent(tx, subject.participantId, { now: options.request.now });
    const now = turn.now;
    const [row] = await readInvitationRows(tx, subject.participantId, options.deliveryId);
    if (!row) throw new AppError("not_found");
    const { consent, wouldHandOver } = await readInvitationConsent(tx, subject.participantId, options.language);
    if (row.handedOverAt !== null || row.answer === "not_interested" || row.answer === "stop_contacting") throw new AppError("invitation_closed");
    if (options.answer === "yes" && (!researchContactAllowed(consent) || !invitationApprovalInForce(row, now))) throw new AppError("invitation_closed");
    const stored = options.answer === "yes" ? "interested" : options.answer === "no" ? "not_interested" : "stop_contacting";
    const won = await tx.$executeRaw`
      UPDATE "RecontactDelivery" SET "answer" = ${stored}::"RecontactAnswer", "answeredAt" = ${now}, "tokenUsedAt" = coalesce("tokenUsedAt", ${now})
       WHERE "id" = ${options.deliveryId}::uuid AND ("answer" IS NULL OR "answer" = 'interested')
         AND NOT EXISTS (SELECT 1 FROM "StudyHandover" h WHERE h."deliveryId" = ${options.deliveryId}::uuid)`;
    if (won !== 1) throw new AppError("invitation_closed");
    const delivery = await tx.recontactDelivery.findUniqueOrThrow({ where: { id: options.deliveryId }, select: { campaignId: true } });
    let consentEventId: string | null = null;
    if (options.answer === "yes") {
      const details = wouldHandOver.map((item) => item.detail);
      await tx.studyHandover.create({ data: { deliveryId: options.deliveryId, participantId: subject.participantId, byUserId: options.userId, byRole: subject.as, details, handedOverAt: now } });
      await recordAuditEvent(
        tx,
        { type: "study_invitation.handed_over", outcome: "success", detail: { deliveryId: options.deliveryId, campaignId: delivery.campaignId, participantId: subject.participantId, byRole: subject.as, details } },
        { actorUserId: options.userId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
      );
    } else if (options.answer === "stop") {
      const event = await stopResearchContactLocked(tx, turn, {
        participantId: subject.participantId,
        actor: { userId: options.userId, role: options.actorRole },
        language: options.language,
        note: `study invitation ${options.deliveryId}`,
        request: options.request,
      });
      consentEventId = event?.id ?? null;
    }
    await recordAuditEvent(
      tx,
      { type: "recontact_delivery.answered", outcome: "success", detail: { campaignId: delivery.campaignId, deliveryId: options.deliveryId, answer: stored, consentEventId } },
      { actorUserId: options.userId, subjectUserId: null, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
    );
    return { answer: options.answer };
  });
}
