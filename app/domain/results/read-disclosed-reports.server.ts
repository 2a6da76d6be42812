import type { Transaction } from "../../db.server";
import { readReportRecords } from "./read-report-rows.server";
import { plainReportOf, releasedVersionOf, type DisclosedReport } from "./report-view";

/**
 * The participant's explained reports for their personal-data download (ADR 047, 137), each in the version they were
 * explained last, filtered by the consent rule exactly as their page is: secondary findings only in categories they may
 * be told now, the rest absent without a trace (no category named, no count). A report never explained is not in it.
 */
export async function readDisclosedReports(tx: Transaction, participantId: string): Promise<DisclosedReport[]> {
  const records = await readReportRecords(tx, { participantIds: [participantId] });
  return records.flatMap((record) => {
    const standing = releasedVersionOf(record.versions.map((version) => ({ version: version.version, explained: version.explanation !== null })));
    if (!standing) return [];
    const version = record.versions.find((candidate) => candidate.version === standing.released)!;
    const { genes: _genes, secondary, ...plain } = plainReportOf(version.content, record.consent);
    return [{ reportId: record.reportId, version: standing.released, explainedOn: version.explanation!.explainedOn, report: { ...plain, secondaryFindings: secondary.flatMap((section) => section.findings) } }];
  });
}
