import { getDatabase, type Database, type Transaction } from "../../../db.server";
import { AppError } from "../../kernel/index";
import { recordAuditEvent } from "../../kernel/index.server";
import type { AuditEvent } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import { rolesOf, type Role } from "../../authz";
import { COMMITTEE_NAME, committeeRule, seatedMembers, seatOf } from "./committee-seats.server";
import { compositionWarnings, type CompositionWarning } from "./composition-warnings";
import { viceChairSeat } from "./decider-standing.server";
import type { TallyRule } from "./tally-rule";

type CommitteeChange = Extract<AuditEvent, { type: "access.committee_changed" }>["detail"];

function audit(tx: Transaction, detail: CommitteeChange, actorUserId: string, request: RequestContext) {
  return recordAuditEvent(tx, { type: "access.committee_changed", outcome: "success", detail }, { actorUserId, ipAddress: request.ipAddress, userAgent: request.userAgent });
}

/** The role a seat needs: the chair's seat a dac_chair, a panel seat a panel_member, an expert seat a dac_expert. */
const seatRole = { chair: "dac_chair", expert: "dac_expert", panel: "panel_member" } as const satisfies Record<string, Role>;

export interface CommitteeOverview {
  rule: TallyRule;
  members: { id: string; userId: string; displayName: string; seat: "chair" | "expert" | "panel"; sex: "female" | "male" | "other" | "undisclosed"; expertise: string; startsOn: string; endsOn: string | null }[];
  warnings: CompositionWarning[];
  /** The seated expert designated vice-chair (ADR 040, 2026-12-02), by member id; null when none is. */
  viceChairMemberId: string | null;
  /** Accounts holding a committee role without a seat, to seat. */
  candidates: { userId: string; displayName: string; seats: ("chair" | "expert" | "panel")[] }[];
}

export async function loadCommittee(now: Date = new Date(), db: Database = getDatabase()): Promise<CommitteeOverview> {
  const [rule, seated, users, viceChair] = await Promise.all([
    committeeRule(db),
    seatedMembers(db, now),
    db.user.findMany({ where: { disabledAt: null, OR: [{ role: { in: ["dac_chair", "dac_expert", "panel_member"] } }, { additionalRoles: { hasSome: ["dac_chair", "dac_expert", "panel_member"] } }] }, select: { id: true, displayName: true, role: true, additionalRoles: true } }),
    viceChairSeat(db, now),
  ]);
  const names = new Map(users.map((user) => [user.id, user.displayName]));
  const missing = seated.filter((member) => !names.has(member.userId)).map((member) => member.userId);
  if (missing.length) for (const user of await db.user.findMany({ where: { id: { in: missing } }, select: { id: true, displayName: true } })) names.set(user.id, user.displayName);
  const seatedIds = new Set(seated.map((member) => member.userId));
  return {
    rule: { quorumPercent: rule.quorumPercent, majorityPercent: rule.majorityPercent, majorityInclusive: rule.majorityInclusive, requirePanelVote: rule.requirePanelVote },
    members: seated.map((member) => ({
      id: member.id,
      userId: member.userId,
      displayName: names.get(member.userId) ?? "",
      seat: member.seat,
      sex: member.sex,
      expertise: member.expertise,
      startsOn: member.startsOn.toISOString().slice(0, 10),
      endsOn: member.endsOn ? member.endsOn.toISOString().slice(0, 10) : null,
    })),
    warnings: compositionWarnings(seated),
    viceChairMemberId: viceChair?.id ?? null,
    candidates: users
      .filter((user) => !seatedIds.has(user.id))
      .map((user) => ({ userId: user.id, displayName: user.displayName, seats: (["chair", "expert", "panel"] as const).filter((seat) => rolesOf(user).includes(seatRole[seat])) })),
  };
}

/**
 * The secretariat seats a member: the account must hold the seat's role (a panel seat, `panel_member`); one seat per
 * person; the seat starts today or on the date given. Under a committee-wide advisory lock, so two seatings of the
 * same person at once make one.
 */
export async function seatMember(
  input: { userId: string; seat: "chair" | "expert" | "panel"; sex: "female" | "male" | "other" | "undisclosed"; expertise: string; endsOn: string | null; actorUserId: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<void> {
  const now = input.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('tsunagi.committee_members'))`;
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { role: true, additionalRoles: true, disabledAt: true } });
    if (!user || user.disabledAt || !rolesOf(user).includes(seatRole[input.seat])) throw new AppError("invalid_input");
    if (await seatOf(tx, input.userId, now)) throw new AppError("already_seated");
    const committee = await tx.dataAccessCommittee.findUniqueOrThrow({ where: { name: COMMITTEE_NAME } });
    const startsOn = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const endsOn = input.endsOn ? new Date(`${input.endsOn}T00:00:00Z`) : null;
    if (endsOn && (Number.isNaN(endsOn.getTime()) || endsOn < startsOn)) throw new AppError("invalid_input");
    const member = await tx.committeeMember.create({
      data: { committeeId: committee.id, userId: input.userId, seat: input.seat, sex: input.sex, expertise: input.expertise, startsOn, endsOn, createdAt: now },
    });
    await audit(tx, { change: "member_seated", memberId: member.id, userId: input.userId, seat: input.seat }, input.actorUserId, input.request);
  });
}

/**
 * The secretariat ends a seat now; the row stays (who sat when is the committee's record). A vice-chair's seat ends
 * their designation with it (under the lock designating takes, so the two never cross).
 */
export async function endMembership(input: { memberId: string; actorUserId: string; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  const now = input.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('tsunagi.committee_members'))`;
    const member = await tx.committeeMember.findUnique({ where: { id: input.memberId } });
    if (!member) throw new AppError("not_found");
    const { count } = await tx.committeeMember.updateMany({ where: { id: member.id, endedAt: null }, data: { endedAt: now } });
    if (count !== 1) return;
    await audit(tx, { change: "member_ended", memberId: member.id, userId: member.userId, seat: member.seat }, input.actorUserId, input.request);
    const designation = await tx.dataAccessCommittee.updateMany({ where: { viceChairMemberId: member.id }, data: { viceChairMemberId: null, updatedAt: now } });
    if (designation.count > 0) await audit(tx, { change: "vice_chair_cleared", memberId: member.id, userId: member.userId, seat: member.seat }, input.actorUserId, input.request);
  });
}

/** The secretariat sets the tally rule; it applies to every tally taken from now on (a decided round keeps its own). */
export async function setTallyRule(input: { rule: TallyRule; actorUserId: string; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  const now = input.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    await tx.dataAccessCommittee.update({ where: { name: COMMITTEE_NAME }, data: { ...input.rule, updatedAt: now } });
    await audit(tx, { change: "rule_changed", rule: input.rule }, input.actorUserId, input.request);
  });
}
