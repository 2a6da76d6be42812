import { getDatabase, type Database } from "../../../db.server";
import type { ContactCheckVerdict } from "../../mail";
import { membersAwaitingVote } from "./members-awaiting-vote.server";

/**
 * The vote reminder's last question before it leaves (contact-check.ts): is the vote it asks for still waiting on
 * this member — the same round still open, the member still seated, not recused, not voted? A reminder queued an
 * hour ago to a member who has since voted, declared a conflict, or whose vote the chair closed is withheld.
 */
export async function voteReminderStillDue(check: { applicationId: string; round: number; userId: string }, db: Database = getDatabase()): Promise<ContactCheckVerdict> {
  const application = await db.dataAccessApplication.findUnique({ where: { id: check.applicationId }, select: { id: true, state: true, reviewRound: true, voteClosedAt: true } });
  if (!application) return { allowed: false, reason: "contact_subject_gone" };
  if (application.state !== "in_review" || application.reviewRound !== check.round || application.voteClosedAt) return { allowed: false, reason: "vote_no_longer_waiting" };
  const waiting = await membersAwaitingVote(db, application, new Date(), check.userId);
  return waiting.length === 1 ? { allowed: true } : { allowed: false, reason: "vote_no_longer_waiting" };
}
