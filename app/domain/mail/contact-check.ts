import { z } from "zod";
import { notificationKinds } from "./notification-settings";

/**
 * What a message that contacts a participant on the strength of their consent must still be allowed to do when it
 * leaves. A campaign message or a care-team notice may wait in the queue for minutes (a backlog, a mail server's
 * "try later" backoff of up to an hour and a half) while the participant withdraws, says "stop contacting me", or
 * changes a findings choice to `not_want`. The consent as it stood when the message was queued is not enough: the
 * delivery asks the rule again, just before sending, and a message no longer allowed is `withheld`, never sent.
 *
 * - `recontact_delivery`: a campaign's message to one participant (RecontactDelivery), allowed while decideAction's
 *   `recontact` answer for the campaign's topic is still an allow.
 * - `care_team_notice`: "your care team would like to talk with you" about a finding, allowed while what the
 *   participant may be told about the case (participantCaseNotice) is still exactly this notice — so a participant
 *   who moved from `want` to `undecided` is not told there is "a result" to talk about.
 * - `update_digest`: the weekly digest of programme updates (ADR 038) to a reader who is a participant, allowed while
 *   their digest is still switched on and their consent has not been withdrawn at a level that stops contact.
 * - `vote_reminder`: a committee member's reminder that a vote waits on them (ADR 040, 2026-12-02) — not a consent
 *   question, but the same "still true when it leaves?": allowed while that round is open and the member is seated,
 *   not recused and has not voted.
 * - `consultation_report`: "the report of a consultation you answered is out" (issue 28 item 5, ADR 063) to an
 *   account that answered it, allowed while the account exists and is not disabled and — for a participant — their
 *   consent has not been withdrawn at a level that stops contact (the digest's rule, without the digest's switch).
 * - `notification`: news an account chose how often to hear of (ADR 147) — a decision that moved, a report out, or
 *   the weekly digest of them: the `consultation_report` rule, and not if the holder has since chosen "never" for
 *   every kind the mail carries.
 * - `decision_follow`: a decision's news to someone who follows it by mail (ADR 147), while they still follow it.
 * - `consent_survey`: the invitation to say how consent felt (ADR 149), while the participant may be contacted, has no
 *   recorded death or loss of capacity and has not answered.
 */
export const contactCheckSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("recontact_delivery"), deliveryId: z.uuid() }).strict(),
  z.object({ kind: z.literal("care_team_notice"), findingId: z.uuid(), notice: z.enum(["talk_about_result", "talk_about_choice"]) }).strict(),
  z.object({ kind: z.literal("update_digest"), userId: z.uuid() }).strict(),
  z.object({ kind: z.literal("vote_reminder"), applicationId: z.uuid(), round: z.number().int().positive(), userId: z.uuid() }).strict(),
  z.object({ kind: z.literal("consultation_report"), userId: z.uuid() }).strict(),
  z.object({ kind: z.literal("notification"), userId: z.uuid(), kinds: z.array(z.enum(notificationKinds)).min(1).max(notificationKinds.length) }).strict(),
  z.object({ kind: z.literal("decision_follow"), followerId: z.uuid() }).strict(),
  z.object({ kind: z.literal("consent_survey"), participantId: z.uuid() }).strict(),
]);
export type ContactCheck = z.infer<typeof contactCheckSchema>;

/** Why a message was withheld; stored as its `lastError`, shown to staff by these words (jobs.json). */
export const contactWithheldReasons = ["consent_no_longer_allows", "case_no_longer_notified", "contact_subject_gone", "contact_check_unreadable", "digest_switched_off", "vote_no_longer_waiting", "recipient_life_event", "notification_switched_off", "follow_stopped"] as const;
export type ContactWithheldReason = (typeof contactWithheldReasons)[number];

export type ContactCheckVerdict = { allowed: true } | { allowed: false; reason: ContactWithheldReason };

/** Answers a contact check against the database as it stands now. The job runner supplies it (app/domain/jobs). */
export type ContactGuard = (check: ContactCheck) => Promise<ContactCheckVerdict>;
