import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import { fromStoredLanguage } from "../../../i18n/languages";
import { enqueueMail } from "../../mail/index.server";
import { lockApplication } from "../applications/application-audit.server";
import { ApplicationContentSchema, inLanguage, titleOf } from "../applications/application-content";
import { enqueueApprovalChange } from "../approvals/enqueue-approval-change.server";
import { requireDecider } from "./decider-standing.server";
import { loadTally } from "./load-tally.server";
import { auditReviewChange } from "./review-audit.server";

export interface DecisionInput {
  userId: string;
  applicationId: string;
  outcome: "approved" | "rejected" | "deferred";
  rationale: string;
  conditions: string;
  /** Approval only: the datasets approved (within those requested) and the last day of the approval. */
  datasets: string[];
  endsOn: string | null;
  request: RequestContext;
}

/**
 * The chair records the decision on a closed vote (issue 15 item 3; ADR 040). Under the application's lock the tally
 * is taken afresh and the outcome must be one it allows: no approval without a quorum, a panel vote and the majority
 * (only a deferral then). An approval becomes a `DataAccessApproval` (recipient, datasets, purposes, conditions,
 * dates) queued for the bridge in the same transaction; a deferral opens the next round; the applicant is mailed
 * in their language. The decision row is append-only and unique per round, so a second decision is refused.
 *
 * On an application the chair is recused from, the designated vice-chair records it instead, by exactly these rules
 * (`requireDecider`, ADR 040 amended 2026-12-02); the row and its audit event say in which capacity it was recorded.
 */
export async function recordDecision(input: DecisionInput, db: Database = getDatabase()): Promise<{ approvalId: string | null }> {
  const now = input.request.now ?? new Date();
  return db.$transaction(async (tx) => {
    const application = await lockApplication(tx, input.applicationId);
    if (!application || application.reviewRound === 0) throw new AppError("not_found");
    const capacity = await requireDecider(tx, { userId: input.userId, applicationId: application.id, now, request: input.request, path: "decision" });
    if (application.state !== "in_review") throw new AppError("application_not_in_state");
    if (!application.voteClosedAt) throw new AppError("vote_still_open");
    const tally = await loadTally(tx, application, now);
    if (!tally.allowed.includes(input.outcome)) throw new AppError("decision_not_allowed");

    const version = await tx.dataAccessApplicationVersion.findUniqueOrThrow({
      where: { applicationId_number: { applicationId: application.id, number: application.submittedVersion ?? application.latestVersion } },
    });
    const content = ApplicationContentSchema.parse(version.content);
    const votesWithConditions = await tx.applicationVote.count({ where: { applicationId: application.id, round: application.reviewRound, choice: "approve_with_conditions" } });
    if (input.outcome === "approved" && votesWithConditions > 0 && input.conditions.trim() === "") throw new AppError("conditions_required");

    let endsAt: Date | null = null;
    let datasets: string[] = [];
    if (input.outcome === "approved") {
      datasets = input.datasets.filter((dataset) => content.datasets.includes(dataset));
      if (datasets.length === 0 || datasets.length !== input.datasets.length) throw new AppError("invalid_input");
      // The approval ends at the end of the chosen day (JST), no later than the period the applicant asked for.
      if (!input.endsOn) throw new AppError("invalid_input");
      endsAt = new Date(`${input.endsOn}T23:59:59.999+09:00`);
      const latest = new Date(now);
      latest.setUTCMonth(latest.getUTCMonth() + (content.periodMonths ?? 0));
      latest.setUTCDate(latest.getUTCDate() + 1);
      if (Number.isNaN(endsAt.getTime()) || endsAt <= now || endsAt > latest) throw new AppError("invalid_input");
    }

    const decision = await tx.applicationDecision.create({
      data: {
        applicationId: application.id,
        round: application.reviewRound,
        outcome: input.outcome,
        conditions: input.conditions,
        rationale: input.rationale,
        tally: JSON.parse(JSON.stringify(tally)) as object,
        decidedById: input.userId,
        decidedAs: capacity,
        decidedAt: now,
      },
    });
    let approvalId: string | null = null;
    const applicant = await tx.user.findUniqueOrThrow({ where: { id: application.applicantId }, select: { email: true, displayName: true, preferredLanguage: true } });
    if (input.outcome === "approved" && endsAt) {
      const profile = await tx.applicantProfile.findUniqueOrThrow({ where: { userId: application.applicantId } });
      const approval = await tx.dataAccessApproval.create({
        data: {
          applicationId: application.id,
          decisionId: decision.id,
          recipientInstitution: profile.institution,
          recipientName: applicant.displayName,
          recipientType: content.recipientType,
          recipientCountry: content.recipientCountry,
          datasets,
          dataKinds: content.dataKinds,
          purposeCodes: content.purposeCodes,
          purposeDiseases: content.diseases,
          commercial: content.commercial || content.recipientType === "industry",
          conditions: input.conditions,
          startsAt: now,
          endsAt,
          createdAt: now,
          updatedAt: now,
        },
      });
      approvalId = approval.id;
      await enqueueApprovalChange(tx, approval.id);
      await tx.dataAccessApplication.update({ where: { id: application.id }, data: { state: "approved", updatedAt: now } });
    } else if (input.outcome === "rejected") {
      await tx.dataAccessApplication.update({ where: { id: application.id }, data: { state: "rejected", updatedAt: now } });
    } else {
      await tx.dataAccessApplication.update({ where: { id: application.id }, data: { reviewRound: application.reviewRound + 1, voteOpenedAt: now, voteClosedAt: null, updatedAt: now } });
    }
    await auditReviewChange(
      tx,
      { applicationId: application.id, change: "decided", round: application.reviewRound, outcome: input.outcome, capacity, ...(approvalId ? { approvalId } : {}) },
      input.userId,
      input.request,
    );
    await enqueueMail(
      {
        to: applicant.email,
        language: fromStoredLanguage(applicant.preferredLanguage),
        template: "application-decision",
        props: {
          reference: application.reference,
          title: inLanguage(titleOf(content), fromStoredLanguage(applicant.preferredLanguage)),
          outcome: input.outcome,
          conditions: input.outcome === "approved" ? input.conditions : "",
          ...(input.outcome === "approved" && input.endsOn ? { endsOn: input.endsOn } : {}),
          applicationPath: `/applications/${application.id}`,
        },
        userId: application.applicantId,
        sourceKey: `application-decision:${decision.id}`,
      },
      tx,
    );
    return { approvalId };
  });
}
