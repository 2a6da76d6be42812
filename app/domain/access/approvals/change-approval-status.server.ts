import { getDatabase, type Database, type Transaction } from "../../../db.server";
import type { ApprovalChange } from "@tsunagi/consent-rules/approval-change-message";
import { AppError } from "../../kernel/index";
import { recordAuditEvent } from "../../kernel/index.server";
import { freeTextSchema } from "../../kernel/index";
import { enqueueApprovalChange } from "./enqueue-approval-change.server";

/**
 * Staff actions on an approval after the chair granted it (issue 15 item 5; the policy's sanctions; ADR 041):
 * suspend, reinstate, revoke, extend. Each is one transaction: a compare-and-set on the approval's `version` (the
 * state is checked and written in the same statement, so two staff acting at once cannot both succeed), the audit
 * row, and the approval's next message to the bridge (enqueueApprovalChange). The bridge denies releases under a
 * suspended or revoked approval from the moment the message arrives; expiry needs no action (the bridge reads
 * `endsAt` against its clock).
 *
 * Refusals are `ApprovalChangeRefusedError` (AppError `approval_change_refused`) with a reason the staff pages word.
 */
export const approvalChangeRefusals = [
  "not_found",
  /** Someone changed the approval since the page was read (its version moved). */
  "changed_meanwhile",
  "already_suspended",
  "not_suspended",
  "already_revoked",
  /** Revoked is final: nothing else may follow. */
  "revoked",
  /** An extension must move the end later than it is. */
  "end_not_later",
  "reason_required",
] as const;
export type ApprovalChangeRefusal = (typeof approvalChangeRefusals)[number];

export class ApprovalChangeRefusedError extends AppError {
  constructor(readonly reason: ApprovalChangeRefusal) {
    // An approval that does not exist is the 404 page, as any record; the others are the approval's state refusing.
    super(reason === "not_found" ? "not_found" : "approval_change_refused", reason, { namespace: "access", key: `approvalRefusals.${reason}` });
  }
}

export interface ApprovalChangeInput {
  approvalId: string;
  /** The version the staff member saw; omitted, the version read in the transaction (still compare-and-set). */
  expectedVersion?: number;
  /** Why, in the staff member's words: kept on the approval (`statusReason`) and in the audit row. */
  reason: string;
  actor: { userId: string };
  request?: { ipAddress?: string | null; userAgent?: string | null };
}

export interface ChangedApproval {
  id: string;
  status: "active" | "suspended" | "revoked";
  version: number;
  endsAt: Date;
}

const reasonSchema = freeTextSchema(1000);

/** Suspends an active approval (a sanction pending inquiry): releases under it are denied until it is reinstated. */
export function suspendApproval(input: ApprovalChangeInput, db: Database = getDatabase()): Promise<ChangedApproval> {
  return changeApproval(db, input, "suspended", (approval) => {
    if (approval.status === "revoked") return "revoked";
    if (approval.status === "suspended") return "already_suspended";
    return { status: "suspended" };
  });
}

/** Lifts a suspension: the approval is active again (within its dates). */
export function reinstateApproval(input: ApprovalChangeInput, db: Database = getDatabase()): Promise<ChangedApproval> {
  return changeApproval(db, input, "reinstated", (approval) => {
    if (approval.status === "revoked") return "revoked";
    if (approval.status !== "suspended") return "not_suspended";
    return { status: "active" };
  });
}

/** Revokes an approval, finally: nothing is released under it again, and nothing can change it after. */
export function revokeApproval(input: ApprovalChangeInput, db: Database = getDatabase()): Promise<ChangedApproval> {
  return changeApproval(db, input, "revoked", (approval) => {
    if (approval.status === "revoked") return "already_revoked";
    return { status: "revoked" };
  });
}

/** Moves an approval's end later (the committee extended it); a suspended one stays suspended. */
export function extendApproval(input: ApprovalChangeInput & { endsAt: Date }, db: Database = getDatabase()): Promise<ChangedApproval> {
  return changeApproval(db, input, "extended", (approval) => {
    if (approval.status === "revoked") return "revoked";
    if (!(input.endsAt.getTime() > approval.endsAt.getTime())) return "end_not_later";
    return { status: approval.status, endsAt: input.endsAt };
  });
}

type Held = { id: string; status: "active" | "suspended" | "revoked"; version: number; endsAt: Date };
type Decided = ApprovalChangeRefusal | { status: Held["status"]; endsAt?: Date };

async function changeApproval(db: Database, input: ApprovalChangeInput, change: ApprovalChange, decide: (approval: Held) => Decided): Promise<ChangedApproval> {
  const reason = reasonSchema.safeParse(input.reason);
  if (!reason.success || reason.data.trim() === "") throw new ApprovalChangeRefusedError("reason_required");
  return db.$transaction(async (tx) => {
    const approval = await tx.dataAccessApproval.findUnique({ where: { id: input.approvalId }, select: { id: true, status: true, version: true, endsAt: true } });
    if (!approval) throw new ApprovalChangeRefusedError("not_found");
    if (input.expectedVersion !== undefined && input.expectedVersion !== approval.version) throw new ApprovalChangeRefusedError("changed_meanwhile");
    const decided = decide(approval);
    if (typeof decided === "string") throw new ApprovalChangeRefusedError(decided);
    const changed = await compareAndSet(tx, approval, decided, reason.data.trim());
    await recordAuditEvent(
      tx,
      {
        type: "access.approval_changed",
        outcome: "success",
        detail: { approvalId: changed.id, change, version: changed.version, status: changed.status, endsAt: changed.endsAt.toISOString(), reason: reason.data.trim() },
      },
      { actorUserId: input.actor.userId, ipAddress: input.request?.ipAddress, userAgent: input.request?.userAgent },
    );
    await enqueueApprovalChange(tx, changed.id, change);
    return changed;
  });
}

/** Writes the change only if the approval is still at the version the decision was made on; otherwise refuses. */
async function compareAndSet(tx: Transaction, approval: Held, decided: Exclude<Decided, string>, reason: string): Promise<ChangedApproval> {
  const now = new Date();
  const written = await tx.dataAccessApproval.updateMany({
    where: { id: approval.id, version: approval.version, status: approval.status },
    data: { status: decided.status, statusReason: reason, version: { increment: 1 }, updatedAt: now, ...(decided.endsAt ? { endsAt: decided.endsAt } : {}) },
  });
  if (written.count !== 1) throw new ApprovalChangeRefusedError("changed_meanwhile");
  return { id: approval.id, status: decided.status, version: approval.version + 1, endsAt: decided.endsAt ?? approval.endsAt };
}
