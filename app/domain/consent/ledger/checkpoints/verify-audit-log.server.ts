import { getDatabase, type Database } from "../../../../db.server";
import { AuditDigest, auditDigestColumns } from "./audit-digest";
import type { LedgerCheckpoint } from "./ledger-checkpoint";

export type AuditVerdict =
  | { ok: true; rows: number }
  | {
      ok: false;
      problem: "audit_differs_from_checkpoint";
      checkpointSeq: number;
      checkpointTakenAt: string;
      /** The rows after this id and up to `throughId` are not the ones the checkpoint signed. */
      afterId: string;
      throughId: string;
      rowsNow: number;
      rowsSigned: number;
    };

const PAGE = 2000;

/**
 * Recomputes, checkpoint by checkpoint, the digest of the audit rows each one covered: a row removed, added or
 * edited below the latest checkpoint's mark is found, and the first range that differs is named. Rows after the
 * latest checkpoint are not covered yet (ADR 012: the checkpoint window).
 */
export async function verifyAuditLog(checkpoints: readonly LedgerCheckpoint[], db: Database = getDatabase()): Promise<AuditVerdict> {
  let after = 0n;
  let total = 0;
  for (const checkpoint of checkpoints) {
    const through = BigInt(checkpoint.audit.throughId);
    const digest = new AuditDigest();
    let from = after;
    while (from < through) {
      const rows = await db.auditEvent.findMany({ where: { id: { gt: from, lte: through } }, orderBy: { id: "asc" }, take: PAGE, select: auditDigestColumns });
      for (const row of rows) digest.add(row);
      if (rows.length < PAGE) break;
      from = rows.at(-1)!.id;
    }
    const now = digest.take();
    if (now.rows !== checkpoint.audit.rows || now.digest !== checkpoint.audit.digest) {
      return {
        ok: false,
        problem: "audit_differs_from_checkpoint",
        checkpointSeq: checkpoint.seq,
        checkpointTakenAt: checkpoint.takenAt,
        afterId: after.toString(),
        throughId: checkpoint.audit.throughId,
        rowsNow: now.rows,
        rowsSigned: checkpoint.audit.rows,
      };
    }
    total += now.rows;
    after = through;
  }
  return { ok: true, rows: total };
}
