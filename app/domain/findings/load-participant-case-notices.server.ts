import type { ConsentView } from "@tsunagi/consent-rules/decide-action";
import type { Database } from "../../db.server";
import type { Appointment } from "./case-event";
import { participantCaseNotice } from "./case-workflow";
import { readFindingCaseRecords } from "./finding-case-records.server";

/** What the participant's consent page says about a case: that the care team would like to talk, and when. */
export interface ParticipantCaseNotice {
  kind: "talk_about_result" | "talk_about_choice";
  appointment: Pick<Appointment, "at" | "mode" | "place" | "language">;
}

/**
 * The notices for one participant's consent page (issue 13 item 4; ADR 034), decided by participantCaseNotice from
 * the consent the page itself shows (`consent`, read once by the page's loader): nothing before a counsellor has
 * scheduled an appointment, nothing for a case their consent hides or that is closed, and never a gene, a variant or
 * a category — only the kind of conversation and the appointment. Two cases with the same appointment are one notice.
 */
export async function loadParticipantCaseNotices(participantId: string, consent: ConsentView | null, db?: Database): Promise<ParticipantCaseNotice[]> {
  const records = await readFindingCaseRecords(db, { scope: { kind: "all" }, participantId }, { participantId, consent });
  const notices = new Map<string, ParticipantCaseNotice>();
  for (const record of records) {
    const kind = participantCaseNotice(record.queueState, { appointmentScheduled: record.state.appointment !== null, closed: record.state.closed });
    if (kind === "none" || !record.state.appointment) continue;
    const { at, mode, place, language } = record.state.appointment;
    const notice: ParticipantCaseNotice = { kind, appointment: { at, mode, place: mode === "in_person" ? place : undefined, language } };
    notices.set(JSON.stringify(notice), notice);
  }
  return [...notices.values()];
}
