import { getEnv } from "../../../../env.server";
import { getDatabase, type Database } from "../../../../db.server";
import { toStoredLanguage, type SupportedLanguage } from "../../../../i18n/languages";
import { AppError } from "../../../kernel/index";
import { recordAuditEvent } from "../../../kernel/index.server";
import type { RequestContext } from "../../../kernel/index";
import { accountKeyOf } from "../../../auth/index.server";
import { sendLoggedMail } from "../../../mail/index.server";
import { generateSecureRandomString, sha256 } from "@tsunagi/service-kit/secure-random.server";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";
import { loadFormVersion } from "../load-form-version.server";
import { lockRoundOfDraft } from "./review-round-lock.server";

const log = serviceLogger("app");

export function reviewInvitationUrl(secret: string): string {
  return new URL(`/review-invitation/${secret}`, getEnv().APP_URL).toString();
}

/**
 * ELSI staff invite a patient outside the panel to an open review round (issue 28 item 6; ADR 064). The row keeps
 * only the link secret's SHA-256; the secret goes out in the mail at once (a bearer secret is never queued; ADR 031).
 * One live invitation per address per round. If the mail cannot be sent, nobody holds the link: the invitation is
 * withdrawn at once and staff are told, so they can simply try again.
 */
export async function inviteReviewer(
  input: { roundId: string; fullName: string; email: string; language: SupportedLanguage; actorUserId: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ invitationId: string; mailed: boolean }> {
  const now = input.request.now ?? new Date();
  const email = accountKeyOf(input.email);
  const secret = generateSecureRandomString(32);
  const invitation = await db.$transaction(async (tx) => {
    const round = await lockRoundOfDraft(tx, input.roundId);
    if (round.closedAt !== null) throw new AppError("review_round_closed");
    const live = await tx.documentReviewInvitation.count({ where: { roundId: round.id, email, withdrawnAt: null } });
    if (live > 0) throw new AppError("review_already_invited");
    const created = await tx.documentReviewInvitation.create({
      data: { roundId: round.id, fullName: input.fullName, email, language: toStoredLanguage(input.language), tokenHash: sha256(secret), invitedById: input.actorUserId, createdAt: now },
      select: { id: true },
    });
    await recordAuditEvent(
      tx,
      { type: "document_review.changed", outcome: "success", detail: { formVersionId: round.formVersionId, roundId: round.id, change: "invited", invitationId: created.id } },
      { actorUserId: input.actorUserId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent },
    );
    return { id: created.id, formVersionId: round.formVersionId };
  });
  try {
    const version = await loadFormVersion(invitation.formVersionId, db);
    const content = version.content.languages[input.language] ?? version.content.languages.ja;
    await sendLoggedMail({ to: email, template: "review-invitation", language: input.language, props: { name: input.fullName, title: content!.title, url: reviewInvitationUrl(secret) } }, db);
  } catch (error) {
    log.warn({ err: errorText(error), invitationId: invitation.id }, "review invitation mail not sent; invitation withdrawn");
    await db.documentReviewInvitation.update({ where: { id: invitation.id }, data: { withdrawnAt: new Date(), withdrawnById: input.actorUserId } });
    return { invitationId: invitation.id, mailed: false };
  }
  return { invitationId: invitation.id, mailed: true };
}
