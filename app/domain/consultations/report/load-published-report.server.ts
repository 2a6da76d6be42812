import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { ReportDocument, DecisionView } from "../consultation-report";
import { uuidPattern } from "../../kernel/index";
import { readDecisions } from "./read-decisions.server";

export interface PublishedReport {
  consultationId: string;
  version: number;
  publishedAt: Date;
  document: ReportDocument;
  /** Every published version, newest first: older ones stay readable at their own address. */
  versions: { version: number; publishedAt: Date }[];
  /** The decisions as they stand now, with their history: "what became of it" since this version. */
  decisionsNow: DecisionView[];
}

/**
 * A consultation's published "you said, we did" report (issue 28 item 5; ADR 063), for anyone: reports are public
 * whoever the consultation asked, since they print only protected counts and moderated, redacted words. The newest
 * version unless one is named; `not_found` for a draft, an unknown version or a consultation with none published.
 */
export async function loadPublishedReport(input: { consultationId: string; version?: number | null }, db: Database = getDatabase()): Promise<PublishedReport> {
  if (!uuidPattern.test(input.consultationId)) throw new AppError("not_found");
  const versions = await db.consultationReportVersion.findMany({
    where: { consultationId: input.consultationId, status: "published" },
    orderBy: { version: "desc" },
    select: { version: true, publishedAt: true },
  });
  const wanted = input.version ?? versions[0]?.version;
  if (wanted === undefined || !versions.some((row) => row.version === wanted)) throw new AppError("not_found");
  const row = await db.consultationReportVersion.findUniqueOrThrow({
    where: { consultationId_version: { consultationId: input.consultationId, version: wanted } },
    select: { version: true, publishedAt: true, document: true },
  });
  return {
    consultationId: input.consultationId,
    version: row.version,
    publishedAt: row.publishedAt!,
    document: row.document as unknown as ReportDocument,
    versions: versions.map((version) => ({ version: version.version, publishedAt: version.publishedAt! })),
    decisionsNow: await readDecisions(db, input.consultationId),
  };
}
