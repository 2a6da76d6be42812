import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import { auditApplicationChange, lockApplication } from "./application-audit.server";

/** The states an applicant may withdraw from: anything not yet decided. */
export const withdrawableStates = ["draft", "submitted", "returned", "in_review"] as const;
type WithdrawableState = (typeof withdrawableStates)[number];

export function isWithdrawable(state: string): state is WithdrawableState {
  return (withdrawableStates as readonly string[]).includes(state);
}

/**
 * The applicant withdraws their own application before it is decided (issue 27 item 7): from a draft, from the
 * secretariat's desk, while returned for changes, or in the committee's review, whose open vote then takes no more
 * votes (casting requires the review to be open). It cannot be undone — a new application starts again — and an
 * approved or rejected application is not withdrawn but ended by the secretariat (ADR 041). Under the application's
 * lock, so a withdrawal and a decision at the same moment cannot both happen; the audit row keeps the state it left
 * and the applicant's reason, if given.
 */
export async function withdrawApplication(
  input: { applicantId: string; applicationId: string; reason: string | null; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ from: WithdrawableState }> {
  const now = input.request.now ?? new Date();
  return db.$transaction(async (tx) => {
    const application = await lockApplication(tx, input.applicationId);
    if (!application || application.applicantId !== input.applicantId) throw new AppError("not_found");
    if (!isWithdrawable(application.state)) throw new AppError("application_not_withdrawable");
    const from = application.state;
    await tx.dataAccessApplication.update({ where: { id: application.id }, data: { state: "withdrawn", updatedAt: now } });
    await auditApplicationChange(
      tx,
      { applicationId: application.id, change: "withdrawn", from, version: application.latestVersion, ...(input.reason ? { note: input.reason } : {}) },
      input.applicantId,
      input.request,
    );
    return { from };
  });
}
