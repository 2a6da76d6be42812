import type { Appointment, CaseEvent, CloseReason } from "./case-event";

/**
 * A case's current facts, folded from its events (ADR 034). Pure: the events in `seq` order, the finding's
 * re-interpretations, and whether the participant's consent allows `recontact` about `findings_update` now.
 *
 * Re-interpretation (issue 13, item 6): a version marked `reinterpretation` that arrived after the case was closed
 * reopens it, marked "updated", when the participant allows `recontact.findings_update` — as the consent rule
 * answers at this read, so a participant who later says no is not called about it. A reopening is written as a
 * `reopened` event by the next step taken on the case (takeCaseStep); until then it is derived here, so the queue
 * shows it at once.
 */
export interface CaseState {
  claimedBy: string | null;
  appointment: Appointment | null;
  counsellingRecorded: boolean;
  disclosureRecorded: boolean;
  relativesWishesRecorded: boolean;
  closed: boolean;
  /**
   * Who closed the case and why, while it stays closed: closing lets go of the claim, so without these a closed,
   * disclosed case read "to return / nobody holds it" (issue 55 defect 10).
   */
  closedBy: string | null;
  closeReason: CloseReason | null;
  /** Reopened by a re-interpretation: the queue says "updated". */
  updated: boolean;
  /** A re-interpretation that reopens the case but has no `reopened` event yet: its version. */
  pendingReopenVersion: number | null;
  /** Counsellors who opened the sealed content with a stated reason (each opening is also an audit row). */
  sealedOpenedBy: string[];
  /** The time of the last event, if any. */
  lastEventAt: Date | null;
}

export interface Reinterpretation {
  version: number;
  submittedAt: Date;
}

const fresh = (): CaseState => ({
  claimedBy: null,
  appointment: null,
  counsellingRecorded: false,
  disclosureRecorded: false,
  relativesWishesRecorded: false,
  closed: false,
  closedBy: null,
  closeReason: null,
  updated: false,
  pendingReopenVersion: null,
  sealedOpenedBy: [],
  lastEventAt: null,
});

function reopen(state: CaseState): CaseState {
  // A re-interpretation starts the conversation again: a new claim, appointment and disclosure.
  return { ...fresh(), updated: true, sealedOpenedBy: state.sealedOpenedBy, lastEventAt: state.lastEventAt };
}

export function foldCaseEvents(events: readonly CaseEvent[], reinterpretations: readonly Reinterpretation[], findingsUpdateAllowed: boolean): CaseState {
  let state = fresh();
  let closedAt: Date | null = null;
  for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
    state.lastEventAt = event.at;
    switch (event.type) {
      case "claimed":
        state.claimedBy = event.actorUserId;
        break;
      case "released":
        state.claimedBy = null;
        break;
      case "appointment_scheduled":
        state.appointment = event.payload as Appointment;
        break;
      case "counselling_recorded":
        state.counsellingRecorded = true;
        break;
      case "disclosure_recorded":
        state.disclosureRecorded = true;
        break;
      case "relatives_wishes_recorded":
        state.relativesWishesRecorded = true;
        break;
      case "closed":
        state.closed = true;
        state.closedBy = event.actorUserId;
        state.closeReason = (event.payload as { reason?: CloseReason } | null)?.reason ?? null;
        state.claimedBy = null;
        closedAt = event.at;
        break;
      case "reopened":
        state = reopen(state);
        closedAt = null;
        break;
      case "sealed_content_opened":
        if (event.actorUserId && !state.sealedOpenedBy.includes(event.actorUserId)) state.sealedOpenedBy = [...state.sealedOpenedBy, event.actorUserId];
        break;
    }
  }
  if (state.closed && closedAt && findingsUpdateAllowed) {
    const after = reinterpretations.filter((version) => version.submittedAt.getTime() > closedAt!.getTime());
    if (after.length > 0) {
      state = reopen(state);
      state.pendingReopenVersion = Math.max(...after.map((version) => version.version));
    }
  }
  return state;
}
