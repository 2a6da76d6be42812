import { getDatabase, type Database } from "../../../db.server";
import { hasPermission, type Role } from "../../authz";
import { seatOf } from "./committee-seats.server";

/** How many applications wait on one step of this person's, and since when the oldest has waited (null: none). */
export interface CommitteeWorkCount {
  count: number;
  oldest: Date | null;
}

/**
 * What waits for this person in data access (issue 55 Deliver 5), as counts for their home page — never the rows:
 * - a seated member (panel, expert, chair): applications whose vote is open and on which they have not declared
 *   their conflicts yet (`declarations`), and those they may review and have not voted on in this round (`votes`);
 * - the chair (`committee:decide`): applications whose vote has closed and which wait for the decision, unless they
 *   are recused from it (`decisions`);
 * - the secretariat (`applications:manage`): applications submitted and not yet sent to the committee or returned
 *   (`applicationsToTriage`), and applicants whose institution is not yet checked (`applicantsToVerify`).
 * A step this person's roles do not hold is not counted (absent), so home never offers a queue they cannot open.
 * The same rules as the committee's list (`listReviewQueue`: declare, recused, reviewing) and the vote reminders
 * (`membersAwaitingVote`), as one statement each.
 */
export async function countCommitteeWork(
  input: { userId: string; roles: readonly Role[]; now?: Date },
  db: Database = getDatabase(),
): Promise<Partial<Record<"declarations" | "votes" | "decisions" | "applicationsToTriage" | "applicantsToVerify", CommitteeWorkCount>>> {
  const now = input.now ?? new Date();
  const result: Partial<Record<"declarations" | "votes" | "decisions" | "applicationsToTriage" | "applicantsToVerify", CommitteeWorkCount>> = {};
  const member = hasPermission(input.roles, "committee:review") ? await seatOf(db, input.userId, now) : null;
  if (member) {
    const [row] = await db.$queryRaw<{ declarations: number; declarationsSince: Date | null; votes: number; votesSince: Date | null; decisions: number; decisionsSince: Date | null }[]>`
      SELECT count(*) FILTER (WHERE a."voteClosedAt" IS NULL AND d."userId" IS NULL)::int AS "declarations",
             min(coalesce(a."voteOpenedAt", a."updatedAt")) FILTER (WHERE a."voteClosedAt" IS NULL AND d."userId" IS NULL) AS "declarationsSince",
             count(*) FILTER (WHERE a."voteClosedAt" IS NULL AND d."conflicted" = false AND v."userId" IS NULL)::int AS "votes",
             min(coalesce(a."voteOpenedAt", a."updatedAt")) FILTER (WHERE a."voteClosedAt" IS NULL AND d."conflicted" = false AND v."userId" IS NULL) AS "votesSince",
             count(*) FILTER (WHERE a."voteClosedAt" IS NOT NULL AND d."conflicted" IS DISTINCT FROM true)::int AS "decisions",
             min(a."voteClosedAt") FILTER (WHERE a."voteClosedAt" IS NOT NULL AND d."conflicted" IS DISTINCT FROM true) AS "decisionsSince"
        FROM "DataAccessApplication" a
        LEFT JOIN "ConflictDeclaration" d ON d."applicationId" = a."id" AND d."userId" = ${input.userId}::uuid
        LEFT JOIN "ApplicationVote" v ON v."applicationId" = a."id" AND v."userId" = ${input.userId}::uuid AND v."round" = a."reviewRound"
       WHERE a."state" = 'in_review' AND a."reviewRound" > 0`;
    result.declarations = { count: row?.declarations ?? 0, oldest: row?.declarationsSince ?? null };
    result.votes = { count: row?.votes ?? 0, oldest: row?.votesSince ?? null };
    if (hasPermission(input.roles, "committee:decide")) result.decisions = { count: row?.decisions ?? 0, oldest: row?.decisionsSince ?? null };
  }
  if (hasPermission(input.roles, "applications:manage")) {
    const [triage, verify] = await Promise.all([
      db.dataAccessApplication.aggregate({ where: { state: "submitted" }, _count: { _all: true }, _min: { updatedAt: true } }),
      db.applicantProfile.aggregate({ where: { verifiedAt: null }, _count: { _all: true }, _min: { createdAt: true } }),
    ]);
    result.applicationsToTriage = { count: triage._count._all, oldest: triage._min.updatedAt };
    result.applicantsToVerify = { count: verify._count._all, oldest: verify._min.createdAt };
  }
  return result;
}
