import type { Transaction } from "../../db.server";
import { AppError } from "../kernel/index";
import type { AuditContext } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { lockParticipantConsent } from "../consent/index.server";
import { projectionFromRow } from "../consent";
import { loadStaffAccess } from "../facilities/index.server";
import { CaseEventPayloadSchema, type CaseEventPayload } from "./case-event";
import { readFindingCaseRecords, type FindingCaseRecord } from "./finding-case-records.server";
import { uuidPattern } from "../kernel/index";

/** A case read under its participant's consent lock: what a step checks and the sequence number its event takes. */
export interface LockedCase {
  record: FindingCaseRecord;
  now: Date;
  nextSeq: number;
}

/**
 * Locks the participant's consent (the row lock consent verbs take, ADR 016) and reads the case under it, so a
 * withdrawal or a change to `not_want` committed a moment earlier is what the step sees, and one committed a moment
 * later waits for the step's commit. A case the consent hides now, or outside the actor's facilities, is not found.
 * A re-interpretation that reopened a closed case is written down first, as the system's `reopened` event.
 */
export async function lockFindingCase(tx: Transaction, findingId: string, actorId: string, context: AuditContext, now?: Date): Promise<LockedCase> {
  if (!uuidPattern.test(findingId)) throw new AppError("not_found");
  const finding = await tx.finding.findUnique({ where: { id: findingId }, select: { participantId: true } });
  if (!finding) throw new AppError("not_found");
  const turn = await lockParticipantConsent(tx, finding.participantId, { now, missing: "not_found" });
  const consent = turn.state ? projectionFromRow(turn.state) : null;
  const { scope } = await loadStaffAccess(actorId, tx);
  const [record] = await readFindingCaseRecords(tx, { scope, findingIds: [findingId] }, { participantId: finding.participantId, consent });
  if (!record) throw new AppError("not_found");
  const locked: LockedCase = { record, now: turn.now, nextSeq: (record.events.at(-1)?.seq ?? 0) + 1 };
  if (record.state.pendingReopenVersion !== null) {
    await appendCaseEvent(tx, locked, null, { type: "reopened", payload: { version: record.state.pendingReopenVersion } }, context);
  }
  return locked;
}

/** Appends one event to the case with its audit row, in the caller's transaction; `(findingId, seq)` is unique. */
export async function appendCaseEvent(tx: Transaction, locked: LockedCase, actorUserId: string | null, event: CaseEventPayload, context: AuditContext): Promise<number> {
  const parsed = CaseEventPayloadSchema.parse(event);
  const seq = locked.nextSeq;
  await tx.findingCaseEvent.create({
    data: { findingId: locked.record.findingId, seq, type: parsed.type, actorUserId, payload: parsed.payload, at: locked.now },
  });
  locked.nextSeq = seq + 1;
  const ids = { findingId: locked.record.findingId, participantId: locked.record.participantId, seq };
  if (parsed.type === "sealed_content_opened") {
    await recordAuditEvent(tx, { type: "finding_case.sealed_content_opened", outcome: "success", detail: { ...ids, reason: parsed.payload.reason } }, context);
  } else {
    await recordAuditEvent(tx, { type: "finding_case.step_taken", outcome: "success", detail: { ...ids, event: parsed.type } }, context);
  }
  return seq;
}
