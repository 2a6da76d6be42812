import type { Database, Transaction } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import { rolesOf } from "../../authz";
import { COMMITTEE_NAME, seatedWhere, seatOf } from "./committee-seats.server";
import { requireReviewing, standingOf } from "./reviewer-standing.server";

/** In what capacity a person closes the vote and records the decision (ADR 040, amendment of 2026-12-02). */
export type DecisionCapacity = "chair" | "vice_chair";

type Refusal = "not_a_committee_member" | "forbidden" | "conflict_not_declared" | "recused" | "chair_not_recused";

export type DeciderStanding = { capacity: DecisionCapacity } | { refused: Refusal };

/** The seated expert the secretariat designated vice-chair, if any (a designation outlives no seat). */
export async function viceChairSeat(db: Database | Transaction, now: Date) {
  const committee = await db.dataAccessCommittee.findUnique({ where: { name: COMMITTEE_NAME }, select: { viceChairMemberId: true } });
  if (!committee?.viceChairMemberId) return null;
  return db.committeeMember.findFirst({ where: { ...seatedWhere(now), id: committee.viceChairMemberId, seat: "expert" } });
}

/**
 * Whether every chair seated now has declared a conflict on the application — and at least one is seated: with no
 * chair, nobody has stepped aside for the vice-chair to step in for; the secretariat seats a chair.
 */
export async function chairRecused(db: Database | Transaction, applicationId: string, now: Date): Promise<boolean> {
  const chairs = await db.committeeMember.findMany({ where: { ...seatedWhere(now), seat: "chair" }, select: { userId: true } });
  if (chairs.length === 0) return false;
  const conflicted = await db.conflictDeclaration.count({ where: { applicationId, conflicted: true, userId: { in: chairs.map((chair) => chair.userId) } } });
  return conflicted === chairs.length;
}

/**
 * Who may close an application's vote and record its decision, asked of the database as it stands: the seated chair
 * who declared no conflict; or the designated vice-chair (an expert seat) who declared no conflict, when — and only
 * when — the chair is recused from this application. Either must still hold their seat's role (an account that lost
 * `dac_chair` or `dac_expert` no longer acts from the seat). The page asks it to offer the form, the verbs through
 * `requireDecider` under the application's lock.
 */
export async function deciderStandingOf(db: Database | Transaction, input: { userId: string; applicationId: string; now: Date }): Promise<DeciderStanding> {
  const seat = await seatOf(db, input.userId, input.now);
  if (!seat) return { refused: "not_a_committee_member" };
  const vice = seat.seat === "expert" && (await viceChairSeat(db, input.now))?.id === seat.id;
  if (seat.seat !== "chair" && !vice) return { refused: "forbidden" };
  const user = await db.user.findUnique({ where: { id: input.userId }, select: { role: true, additionalRoles: true, disabledAt: true } });
  if (!user || user.disabledAt || !rolesOf(user).includes(vice ? "dac_expert" : "dac_chair")) return { refused: "forbidden" };
  const { standing } = await standingOf(db, input.userId, input.applicationId, input.now);
  if (standing.kind === "declare") return { refused: "conflict_not_declared" };
  if (standing.kind === "recused") return { refused: "recused" };
  if (!vice) return { capacity: "chair" };
  return (await chairRecused(db, input.applicationId, input.now)) ? { capacity: "vice_chair" } : { refused: "chair_not_recused" };
}

/**
 * `deciderStandingOf` for a verb: the capacity, or the refusal thrown as its AppError. A recused chair or vice-chair
 * is refused through `requireReviewing`, which records the attempt like any recused member's.
 */
export async function requireDecider(tx: Transaction, input: { userId: string; applicationId: string; now: Date; request: RequestContext; path: string }): Promise<DecisionCapacity> {
  const standing = await deciderStandingOf(tx, input);
  if ("capacity" in standing) return standing.capacity;
  if (standing.refused === "recused") await requireReviewing(tx, input);
  throw new AppError(standing.refused);
}
