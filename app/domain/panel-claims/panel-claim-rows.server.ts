import type { Transaction } from "../../db.server";
import { fromStoredLanguage } from "../../i18n/languages";
import { AppError, uuidPattern } from "../kernel/index";
import { enqueueMail } from "../mail/index.server";
import type { PanelClaimKind, PanelClaimState } from "./panel-claim-forms";

export interface LockedPanelClaim {
  id: string;
  memberUserId: string;
  kind: PanelClaimKind;
  amountYen: number;
  state: PanelClaimState;
}

/**
 * The claim's row, locked for the rest of the transaction: two staff pressing "approve" at once take turns, and the
 * second finds it decided. An id that is no uuid, or no claim, is not found.
 */
export async function lockPanelClaim(tx: Transaction, claimId: string): Promise<LockedPanelClaim> {
  if (!uuidPattern.test(claimId)) throw new AppError("not_found");
  const [row] = await tx.$queryRaw<LockedPanelClaim[]>`
    SELECT "id"::text AS "id", "memberUserId"::text AS "memberUserId", "kind"::text AS "kind", "amountYen", "state"::text AS "state"
      FROM "PanelClaim" WHERE "id" = ${claimId}::uuid FOR UPDATE`;
  if (!row) throw new AppError("not_found");
  return row;
}

type ClaimNotice = { kind: "panel_claim_decided"; outcome: "approved" | "rejected"; payBy?: Date } | { kind: "panel_claim_paid"; paidAt: Date };

/**
 * The member is told by mail, in their own language, when their claim is decided and when it is paid: queued in the
 * verb's transaction, so the mail exists exactly when the change does. It names the kind and amount, never the reason
 * (the page shows it, after signing in). A disabled account is told nothing.
 */
export async function queueClaimNotice(tx: Transaction, claim: LockedPanelClaim, notice: ClaimNotice): Promise<void> {
  const member = await tx.user.findUnique({ where: { id: claim.memberUserId }, select: { email: true, preferredLanguage: true, disabledAt: true } });
  if (!member || member.disabledAt) return;
  const common = { claimKind: claim.kind, amountYen: claim.amountYen };
  await enqueueMail(
    {
      to: member.email,
      userId: claim.memberUserId,
      language: fromStoredLanguage(member.preferredLanguage),
      template: "account-notice",
      props:
        notice.kind === "panel_claim_decided"
          ? { kind: "panel_claim_decided", ...common, outcome: notice.outcome, ...(notice.payBy ? { payBy: notice.payBy.toISOString() } : {}) }
          : { kind: "panel_claim_paid", ...common, paidAt: notice.paidAt.toISOString() },
      sourceKey: `panel-claim:${claim.id}:${notice.kind === "panel_claim_decided" ? "decided" : "paid"}`,
    },
    tx,
  );
}
