import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import type { RequestContext } from "../kernel/index";
import { OpeningReasonSchema } from "./case-event";
import { CaseStepRefusedError } from "./case-step-refused";
import { findingContentAccess } from "./case-workflow";
import { appendCaseEvent, lockFindingCase } from "./lock-finding-case.server";

/**
 * A counsellor opens a sealed finding's content (the participant is undecided) with a stated reason: an event on
 * the case and an audit row with the reason, in one transaction under the participant's consent lock. Only a sealed
 * case opens this way: a visible one needs no reason, a hidden one is not found whatever the reason.
 */
export async function openSealedFinding(
  options: { findingId: string; reason: unknown; actorId: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ seq: number }> {
  const parsed = OpeningReasonSchema.safeParse({ reason: options.reason });
  if (!parsed.success) throw new AppError("invalid_input");
  const context = { actorUserId: options.actorId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent };
  return db.$transaction(async (tx) => {
    const locked = await lockFindingCase(tx, options.findingId, options.actorId, context, options.request.now);
    if (findingContentAccess(locked.record.queueState) !== "sealed") throw new CaseStepRefusedError("content_sealed");
    const seq = await appendCaseEvent(tx, locked, options.actorId, { type: "sealed_content_opened", payload: parsed.data }, context);
    return { seq };
  });
}
