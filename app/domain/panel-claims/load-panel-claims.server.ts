import { getDatabase, type Database } from "../../db.server";
import { japanDate } from "../time/index";
import { panelClaimOverdue, type PanelClaimKind, type PanelClaimState } from "./panel-claim-forms";

/** A claim as its member and staff read it: instants as ISO strings, deadlines also as the day in Japan. */
export interface PanelClaimView {
  id: string;
  kind: PanelClaimKind;
  amountYen: number;
  description: string;
  /** `YYYY-MM-DD`, the day of the meeting, review or expense. */
  occurredOn: string;
  state: PanelClaimState;
  submittedAt: string;
  decideBy: string;
  decideByDay: string;
  decidedAt: string | null;
  reason: string | null;
  payBy: string | null;
  payByDay: string | null;
  paidAt: string | null;
  paymentReference: string | null;
  withdrawnAt: string | null;
  overdue: boolean;
}

export interface StaffPanelClaimView extends PanelClaimView {
  memberUserId: string;
  memberName: string;
}

const claimSelect = {
  id: true,
  memberUserId: true,
  kind: true,
  amountYen: true,
  description: true,
  occurredOn: true,
  state: true,
  submittedAt: true,
  decideBy: true,
  decidedAt: true,
  reason: true,
  payBy: true,
  paidAt: true,
  paymentReference: true,
  withdrawnAt: true,
} as const;

type ClaimRow = {
  id: string;
  memberUserId: string;
  kind: string;
  amountYen: number;
  description: string;
  occurredOn: Date;
  state: string;
  submittedAt: Date;
  decideBy: Date;
  decidedAt: Date | null;
  reason: string | null;
  payBy: Date | null;
  paidAt: Date | null;
  paymentReference: string | null;
  withdrawnAt: Date | null;
};

const iso = (value: Date | null) => (value ? value.toISOString() : null);

function viewOf(row: ClaimRow, now: Date): PanelClaimView {
  const state = row.state as PanelClaimState;
  return {
    id: row.id,
    kind: row.kind as PanelClaimKind,
    amountYen: row.amountYen,
    description: row.description,
    occurredOn: row.occurredOn.toISOString().slice(0, 10),
    state,
    submittedAt: row.submittedAt.toISOString(),
    decideBy: row.decideBy.toISOString(),
    decideByDay: japanDate(row.decideBy),
    decidedAt: iso(row.decidedAt),
    reason: row.reason,
    payBy: iso(row.payBy),
    payByDay: row.payBy ? japanDate(row.payBy) : null,
    paidAt: iso(row.paidAt),
    paymentReference: row.paymentReference,
    withdrawnAt: iso(row.withdrawnAt),
    overdue: panelClaimOverdue({ state, decideBy: row.decideBy, payBy: row.payBy }, now),
  };
}

/** Every claim of the member's, newest first, with where it stands, its deadlines and, if rejected, why. */
export async function listOwnPanelClaims(options: { memberUserId: string; now?: Date }, db: Database = getDatabase()): Promise<PanelClaimView[]> {
  const now = options.now ?? new Date();
  const rows = await db.panelClaim.findMany({ where: { memberUserId: options.memberUserId }, orderBy: [{ submittedAt: "desc" }, { id: "asc" }], take: 500, select: claimSelect });
  return rows.map((row) => viewOf(row, now));
}

/**
 * The staff list (ADR 152): claims waiting for a decision and approved claims waiting to be paid, each earliest
 * deadline first (so those overdue on top), and the last hundred finished (paid, rejected, withdrawn).
 */
export async function listStaffPanelClaims(
  options: { now?: Date } = {},
  db: Database = getDatabase(),
): Promise<{ waiting: StaffPanelClaimView[]; unpaid: StaffPanelClaimView[]; finished: StaffPanelClaimView[]; overdue: number }> {
  const now = options.now ?? new Date();
  const [waiting, unpaid, finished] = await Promise.all([
    db.panelClaim.findMany({ where: { state: "submitted" }, orderBy: [{ decideBy: "asc" }, { id: "asc" }], take: 500, select: claimSelect }),
    db.panelClaim.findMany({ where: { state: "approved" }, orderBy: [{ payBy: "asc" }, { id: "asc" }], take: 500, select: claimSelect }),
    db.panelClaim.findMany({ where: { state: { in: ["paid", "rejected", "withdrawn"] } }, orderBy: [{ submittedAt: "desc" }, { id: "asc" }], take: 100, select: claimSelect }),
  ]);
  const memberIds = [...new Set([...waiting, ...unpaid, ...finished].map((row) => row.memberUserId))];
  const members = memberIds.length === 0 ? [] : await db.user.findMany({ where: { id: { in: memberIds } }, select: { id: true, displayName: true } });
  const names = new Map(members.map((member) => [member.id, member.displayName]));
  const staffView = (row: ClaimRow): StaffPanelClaimView => ({ ...viewOf(row, now), memberUserId: row.memberUserId, memberName: names.get(row.memberUserId) ?? "" });
  const lists = { waiting: waiting.map(staffView), unpaid: unpaid.map(staffView), finished: finished.map(staffView) };
  return { ...lists, overdue: [...lists.waiting, ...lists.unpaid].filter((claim) => claim.overdue).length };
}
