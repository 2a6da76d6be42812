import { getDatabase, type Database } from "../../../../db.server";
import type { SupportedLanguage } from "../../../../i18n/languages";
import { isAppError } from "../../../kernel/index";
import { sha256 } from "@tsunagi/service-kit/secure-random.server";
import { loadFormVersion } from "../load-form-version.server";
import { loadRoundForReviewer } from "./load-round-for-reviewer.server";
import type { RoundForReviewer } from "./reviewer";
import { reviewInvitationTokenPattern } from "./review-forms";

export type ClosedReviewInvitation =
  | { ok: false; reason: "invalid" | "withdrawn" }
  /** The version was published: the round's record is public now, at /forms/<id>/review. */
  | { ok: false; reason: "published"; formVersionId: string };

export type OpenedReviewInvitation = { ok: true; invitationId: string; name: string; round: RoundForReviewer } | ClosedReviewInvitation;

/**
 * What a mailed review link opens (ADR 064): the round's draft, section by section, and the invitee's own comments
 * with their answers — never another reviewer's, exactly as a panel member reads it. A closed round still shows them
 * (read-only, answers arriving); a withdrawn invitation, an unknown secret or a draft that no longer exists opens
 * nothing; once the version is published the link points to the public record. Reading uses nothing up (a mail
 * scanner may fetch it).
 */
export async function openReviewInvitation(token: string, language: SupportedLanguage, db: Database = getDatabase()): Promise<OpenedReviewInvitation> {
  if (!reviewInvitationTokenPattern.test(token)) return { ok: false, reason: "invalid" };
  const invitation = await db.documentReviewInvitation.findUnique({
    where: { tokenHash: Buffer.from(sha256(token)) },
    select: { id: true, fullName: true, withdrawnAt: true, roundId: true, round: { select: { formVersionId: true } } },
  });
  if (!invitation) return { ok: false, reason: "invalid" };
  if (invitation.withdrawnAt) return { ok: false, reason: "withdrawn" };
  try {
    const version = await loadFormVersion(invitation.round.formVersionId, db);
    if (version.status === "published") return { ok: false, reason: "published", formVersionId: version.id };
    const round = await loadRoundForReviewer({ roundId: invitation.roundId, reviewer: { invitationId: invitation.id }, language }, db);
    return { ok: true, invitationId: invitation.id, name: invitation.fullName, round };
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") return { ok: false, reason: "invalid" };
    throw error;
  }
}
