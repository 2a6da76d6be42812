import type { ApprovalScope } from "@tsunagi/consent-rules/approval-change-message";
import type { HeldApproval } from "@tsunagi/consent-rules/decide-release-approval";
import type { BridgePool } from "../db/bridge-pool";

/** An approval as the bridge holds it: the scope after the highest version it applied. */
export interface ApprovalRecord {
  approvalId: string;
  version: number;
  eventId: string;
  seq: string;
  occurredAt: string;
  scope: ApprovalScope;
}

/**
 * The in-memory copy of bridge.approval that releases are decided from (ADR 041), and the approvals with a parked
 * message (a kind or major this bridge cannot read): those deny until a bridge that reads it applies it.
 */
export class ApprovalStore {
  private readonly approvals = new Map<string, ApprovalRecord>();
  private readonly parked = new Set<string>();

  /** Replaces what is held for the approval, if the record's version is higher (memory follows the committed table). */
  apply(record: ApprovalRecord): void {
    const held = this.approvals.get(record.approvalId);
    if (!held || held.version < record.version) this.approvals.set(record.approvalId, record);
  }

  park(approvalId: string): void {
    this.parked.add(approvalId);
  }

  /** What decideReleaseApproval needs: undefined for an approval never seen (or seen only in a parked first message). */
  held(approvalId: string): HeldApproval | undefined {
    if (this.parked.has(approvalId)) return { parked: true };
    const record = this.approvals.get(approvalId);
    return record ? { parked: false, scope: record.scope } : undefined;
  }

  record(approvalId: string): ApprovalRecord | undefined {
    return this.approvals.get(approvalId);
  }

  get size(): number {
    return this.approvals.size;
  }

  /** Loads bridge.approval and the parked approvals; returns the highest `seq` accepted (applied or parked). */
  async load(pool: BridgePool): Promise<bigint> {
    const [approvals, accepted] = await Promise.all([
      pool.query<{ approval_id: string; version: number; event_id: string; seq: string; occurred_at: Date; scope: ApprovalScope }>(
        `SELECT approval_id, version, event_id, seq::text AS seq, occurred_at, scope FROM bridge.approval`,
      ),
      pool.query<{ through: string }>(
        `SELECT GREATEST((SELECT COALESCE(max(seq), 0) FROM bridge.approval_change), (SELECT COALESCE(max(seq), 0) FROM bridge.parked_approval_message))::text AS through`,
      ),
    ]);
    const parked = await pool.query<{ approval_id: string }>(`SELECT DISTINCT approval_id FROM bridge.parked_approval_message`);
    for (const row of parked.rows) this.park(row.approval_id);
    for (const row of approvals.rows) {
      this.apply({ approvalId: row.approval_id, version: row.version, eventId: row.event_id, seq: row.seq, occurredAt: row.occurred_at.toISOString(), scope: row.scope });
    }
    return BigInt(accepted.rows[0]?.through ?? "0");
  }
}
