import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import { recordAuditEvent } from "../../kernel/index.server";
import { enqueueJob } from "../../jobs/index.server";
import type { RequestContext } from "../../kernel/index";
import type { LocalizedText } from "../consultation-model";
import { isPartial, type DecisionState } from "../consultation-report";
import { uuidPattern } from "../../kernel/index";

/**
 * Moves a decision on (considered → adopted, partly, declined, done; or back, with a word why), keeping the move and
 * its note in the decision's append-only history (ADR 063): the public "what became of it" shows every step with its
 * date. Compare-and-set on the decision's version under its row lock; a note, when written, is in every language.
 * Everyone who answered the consultation or follows the decision is told, as they chose (ADR 147).
 */
export async function changeDecisionState(
  input: { consultationId: string; decisionId: string; expectedVersion: number; state: DecisionState; note: LocalizedText; actorUserId: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ version: number }> {
  const now = input.request.now ?? new Date();
  if (!uuidPattern.test(input.consultationId) || !uuidPattern.test(input.decisionId)) throw new AppError("not_found");
  if (isPartial(input.note)) throw new AppError("consultation_report_language_missing");
  return db.$transaction(async (tx) => {
    const [current] = await tx.$queryRaw<{ id: string; version: number; state: DecisionState }[]>`
      SELECT "id"::text, "version", "state"::text AS "state" FROM "ConsultationDecision"
       WHERE "id" = ${input.decisionId}::uuid AND "consultationId" = ${input.consultationId}::uuid FOR UPDATE`;
    if (!current) throw new AppError("not_found");
    if (current.version !== input.expectedVersion) throw new AppError("consultation_report_edited_meanwhile");
    if (current.state === input.state) throw new AppError("nothing_changed");
    await tx.consultationDecision.update({ where: { id: current.id }, data: { state: input.state, version: current.version + 1, updatedAt: now } });
    const change = await tx.consultationDecisionChange.create({ data: { decisionId: current.id, state: input.state, note: { ...input.note }, changedById: input.actorUserId, changedAt: now }, select: { id: true } });
    // Those who asked to hear are told (ADR 147): queued with the change, so the news goes if and only if it commits.
    await enqueueJob(tx, "consultations.decision-changed", { changeId: change.id });
    await recordAuditEvent(
      tx,
      { type: "consultation.decision_changed", outcome: "success", detail: { consultationId: input.consultationId, decisionId: current.id, change: "state_changed", state: input.state } },
      { actorUserId: input.actorUserId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent },
    );
    return { version: current.version + 1 };
  });
}
