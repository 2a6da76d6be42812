import type { Transaction } from "../../db.server";
import { queueContactNotices } from "../consent/index.server";
import type { ParticipantCaseNotice } from "./case-workflow";

/**
 * The participant's e-mail "your care team would like to talk with you" (issue 13 item 4; ADR 034), queued in the
 * transaction that schedules the appointment, so it exists exactly when the appointment does. It says only what
 * participantCaseNotice allows — that the care team would like to talk, about a result or about their choice — and
 * points to the consent page for the date and place: no gene, variant, category or appointment detail travels by
 * mail, which others may read. Sent to the participant and any current proxy, each in their own language; one
 * message per appointment event and address, however often the step is retried; withheld if, when it is about to
 * leave, the participant's consent no longer gives this notice (contact-check.ts).
 *
 * It leaves after a quiet period (APPOINTMENT_NOTICE_QUIET_MS), and a rescheduling while it still waits postpones it
 * instead of queueing another (issue 55 defect 10, ADR 122): seven moves in twelve seconds had mailed seven times. The
 * mail names no time — the consent page shows the latest — so the one that waited is right for the last move.
 */
export const APPOINTMENT_NOTICE_QUIET_MS = 5 * 60_000;

export async function requestAppointmentNotice(
  tx: Transaction,
  ids: { findingId: string; participantId: string; seq: number; notice: Exclude<ParticipantCaseNotice, "none">; now: Date },
): Promise<void> {
  await queueContactNotices(tx, {
    participantId: ids.participantId,
    kind: ids.notice === "talk_about_result" ? "care_team_result" : "care_team_choice",
    sourceKey: `care-team-notice:${ids.findingId}:${ids.seq}`,
    // Asked again when it leaves: a change to not_want or undecided, or a withdrawal, in the meantime withholds it.
    contactCheck: { kind: "care_team_notice", findingId: ids.findingId, notice: ids.notice },
    coalesce: { key: `care-team-notice:${ids.findingId}`, after: new Date(ids.now.getTime() + APPOINTMENT_NOTICE_QUIET_MS) },
  });
}
