import { getDatabase, type Database } from "../../../db.server";
import { ApplicationContentSchema, titleOf, type TextInLanguages } from "../applications/application-content";

export interface ApprovalRow {
  id: string;
  applicationId: string;
  reference: string;
  /** The study's title as written, in Japanese and English (やさしい日本語 optional); the page picks the reader's. */
  title: TextInLanguages;
  recipientInstitution: string;
  recipientName: string;
  datasets: string[];
  status: "active" | "suspended" | "revoked";
  expired: boolean;
  statusReason: string | null;
  startsAt: string;
  endsAt: string;
  version: number;
}

/** Every approval, newest first, for the secretariat's sanctions and extensions page (issue 15 item 5). */
export async function listApprovals(now: Date = new Date(), db: Database = getDatabase()): Promise<ApprovalRow[]> {
  const rows = await db.dataAccessApproval.findMany({
    orderBy: { createdAt: "desc" },
    include: { application: { select: { reference: true, submittedVersion: true, versions: { where: { submittedAt: { not: null } }, orderBy: { number: "desc" }, take: 1, select: { content: true } } } } },
  });
  return rows.map((row) => ({
    id: row.id,
    applicationId: row.applicationId,
    reference: row.application.reference,
    title: titleOf(ApplicationContentSchema.parse(row.application.versions[0]?.content ?? {})),
    recipientInstitution: row.recipientInstitution,
    recipientName: row.recipientName,
    datasets: row.datasets,
    status: row.status,
    expired: row.endsAt <= now,
    statusReason: row.statusReason,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    version: row.version,
  }));
}
