import { getDatabase, type Database } from "../../../db.server";
import { recordFromRow } from "../../consent";
import { auditDigestColumns, auditDigestFields } from "../../consent/index.server";
import { historyAuditLine, historyEndLine, historyEventLine, historyHeaderLine, historyOpeningLine } from "./history-export";
import { CheckpointOpeningSchema } from "./published-checkpoint";

const PAGE = 2000;

/**
 * Writes the history export (history-export.ts) line by line, read in one REPEATABLE READ, read-only transaction: the
 * checkpoints' openings, the consent events and the audit rows are one moment's, so a consent change committed
 * meanwhile (event and audit row together) is in both or in neither, and a checkpoint published meanwhile is not
 * opened against a history that predates it. The export is what an auditor verifies the public checkpoints against.
 */
export async function exportHistory(
  write: (line: string) => Promise<void> | void,
  options: { now?: Date } = {},
  db: Database = getDatabase(),
): Promise<{ consentEvents: number; auditRows: number }> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SET TRANSACTION READ ONLY`;
      await write(historyHeaderLine(options.now ?? new Date()));
      // The openings of the checkpoints that commit to their heads (ADR 114), as stored: whether each opens its
      // checkpoint is the verifier's to say, so an altered one is written as it is; one that is not an opening of this
      // checkpoint at all is left out, and named by the verifier as missing. A version 1 row has none.
      let afterCheckpoint = 0n;
      for (;;) {
        const rows = await tx.publishedCheckpoint.findMany({ where: { seq: { gt: afterCheckpoint } }, orderBy: { seq: "asc" }, take: PAGE, select: { seq: true, opening: true } });
        for (const row of rows) {
          const opening = CheckpointOpeningSchema.safeParse(row.opening);
          if (opening.success && BigInt(opening.data.seq) === row.seq) await write(historyOpeningLine(opening.data));
        }
        if (rows.length < PAGE) break;
        afterCheckpoint = rows.at(-1)!.seq;
      }
      let consentEvents = 0;
      let afterSeq = 0n;
      for (;;) {
        const rows = await tx.consentEvent.findMany({ where: { globalSeq: { gt: afterSeq } }, orderBy: { globalSeq: "asc" }, take: PAGE });
        for (const row of rows) await write(historyEventLine(recordFromRow(row)));
        consentEvents += rows.length;
        if (rows.length < PAGE) break;
        afterSeq = rows.at(-1)!.globalSeq;
      }
      let auditRows = 0;
      let afterId = 0n;
      for (;;) {
        const rows = await tx.auditEvent.findMany({ where: { id: { gt: afterId } }, orderBy: { id: "asc" }, take: PAGE, select: auditDigestColumns });
        for (const row of rows) await write(historyAuditLine(auditDigestFields(row)));
        auditRows += rows.length;
        if (rows.length < PAGE) break;
        afterId = rows.at(-1)!.id;
      }
      await write(historyEndLine({ consentEvents, auditRows }));
      return { consentEvents, auditRows };
    },
    // A large programme's whole ledger and audit log, written as it is read.
    { isolationLevel: "RepeatableRead", maxWait: 30_000, timeout: 60 * 60_000 },
  );
}
