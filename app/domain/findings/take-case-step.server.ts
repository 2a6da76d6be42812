import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import type { RequestContext } from "../kernel/index";
import { stepEventType, stepInputSchemas, type Appointment, type CaseEventPayload, type CloseReason } from "./case-event";
import { CaseStepRefusedError } from "./case-step-refused";
import { checkCaseStep, checkCloseReason, participantCaseNotice, type CaseStep } from "./case-workflow";
import { caseFactsOf } from "./load-finding-case.server";
import { appendCaseEvent, lockFindingCase } from "./lock-finding-case.server";
import { requestAppointmentNotice } from "./request-appointment-notice.server";

export interface TakeCaseStepInput {
  findingId: string;
  step: CaseStep;
  /** The step's form, checked against its schema (case-event.ts) here again. */
  input: unknown;
  actorId: string;
  request: RequestContext;
}

/**
 * A counsellor takes one step on a case (ADR 034): under the participant's consent lock the queue state is derived
 * again, checkCaseStep decides, and the event and its audit row are written in the same transaction. A case hidden
 * by a withdrawal or a `not_want` committed before the lock was granted is "not found"; any other refusal is
 * CaseStepRefusedError with its reason. Nothing is written for a refused step.
 */
export async function takeCaseStep(options: TakeCaseStepInput, db: Database = getDatabase()): Promise<{ seq: number }> {
  const parsed = stepInputSchemas[options.step]?.safeParse(options.input ?? {});
  if (!parsed?.success) throw new AppError("invalid_input");
  const context = { actorUserId: options.actorId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent };
  return db.$transaction(async (tx) => {
    const locked = await lockFindingCase(tx, options.findingId, options.actorId, context, options.request.now);
    const facts = caseFactsOf(locked.record, options.actorId);
    const check = checkCaseStep(options.step, facts);
    if (!check.allowed) throw new CaseStepRefusedError(check.reason);
    if (options.step === "close") {
      const reason = checkCloseReason((parsed.data as { reason: CloseReason }).reason, facts);
      if (!reason.allowed) throw new CaseStepRefusedError(reason.reason);
    }
    const event = { type: stepEventType[options.step], payload: parsed.data } as CaseEventPayload;
    const seq = await appendCaseEvent(tx, locked, options.actorId, event, context);
    // The same appointment again (a second submit, a form saved unchanged) tells the participant nothing new.
    if (options.step === "schedule_appointment" && !sameAppointment(locked.record.state.appointment, parsed.data as Appointment)) {
      // What the participant is told is the rule's (participantCaseNotice), derived under the same lock.
      const notice = participantCaseNotice(locked.record.queueState, { appointmentScheduled: true, closed: false });
      // The queue's clock, not the request's: a quiet period is real time, whatever time a step is recorded at.
      const now = new Date();
      if (notice !== "none") await requestAppointmentNotice(tx, { findingId: locked.record.findingId, participantId: locked.record.participantId, seq, notice, now });
    }
    return { seq };
  });
}

function sameAppointment(before: Appointment | null, after: Appointment): boolean {
  return before !== null && before.at === after.at && before.mode === after.mode && (before.place ?? "") === (after.place ?? "") && before.language === after.language;
}
