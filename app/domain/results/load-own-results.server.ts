import { getDatabase, type Database } from "../../db.server";
import { consentSubjectsOf, requireConsentSubject, type ConsentSubject } from "../consent/index.server";
import { AppError, uuidPattern } from "../kernel/index";
import { readReportRecords, type ReportRecord } from "./read-report-rows.server";
import type { ReportContent } from "./report-submission";
import { letterFindingsOf } from "./relatives-letter";
import { clinicalPdfOffered, plainReportOf, releasedVersionOf, type PlainReport } from "./report-view";

/** One report in the participant's list: only reports with an explained version appear. */
export interface OwnReportSummary {
  reportId: string;
  area: ReportContent["area"];
  conclusion: ReportContent["conclusion"];
  expertPanelDate: string;
  explainedOn: string;
  version: number;
  amendmentPending: boolean;
}

export interface OwnResults {
  subject: Pick<ConsentSubject, "participantId" | "fullName" | "as" | "relationship">;
  reports: OwnReportSummary[];
}

function released(record: ReportRecord) {
  const standing = releasedVersionOf(record.versions.map((version) => ({ version: version.version, explained: version.explanation !== null })));
  if (!standing) return null;
  const version = record.versions.find((candidate) => candidate.version === standing.released)!;
  return { ...standing, version };
}

/**
 * The participant's results page (issue 57 items 2–3, ADR 137), for themselves or, with `participantId`, someone they
 * are the proxy for: every report with a version explained to them, newest first. A report never explained is not
 * listed — not even as "on its way".
 */
export async function loadOwnResults(options: { userId: string; participantId?: string | null }, db: Database = getDatabase()): Promise<OwnResults> {
  const subject = await requireConsentSubject(options.userId, options.participantId, db);
  const records = await readReportRecords(db, { participantIds: [subject.participantId] });
  const reports = records.flatMap((record) => {
    const standing = released(record);
    if (!standing) return [];
    const { content, explanation } = standing.version;
    return [
      {
        reportId: record.reportId,
        area: content.area,
        conclusion: content.conclusion,
        expertPanelDate: content.expertPanelDate,
        explainedOn: explanation!.explainedOn,
        version: standing.released,
        amendmentPending: standing.amendmentPending,
      },
    ];
  });
  return { subject: { participantId: subject.participantId, fullName: subject.fullName, as: subject.as, relationship: subject.relationship }, reports };
}

export interface OwnReport {
  reportId: string;
  subject: Pick<ConsentSubject, "participantId" | "fullName" | "as" | "relationship">;
  version: number;
  explainedOn: string;
  explanationMode: "face_to_face" | "video" | "phone";
  amendmentPending: boolean;
  /** The versions explained before this one, superseded by it (newest first). */
  earlier: { version: number; explainedOn: string }[];
  plain: PlainReport;
  /** Whether the clinicians' PDF is offered on the page (report-view.ts: a matter of the person's choices only). */
  clinicalPdf: boolean;
  /** Whether a letter to relatives is offered: something shown may be shared in a family (relatives-letter.ts). */
  relativesLetter: boolean;
}

/**
 * The report `reportId` if the signed-in person is its participant or their current proxy, and a version of it has
 * been explained; otherwise "not found" — a family member, another participant, a report still sealed all read the
 * same 404, so the page never says such a report exists.
 */
export async function loadOwnReport(options: { userId: string; reportId: string }, db: Database = getDatabase()): Promise<OwnReport> {
  if (!uuidPattern.test(options.reportId)) throw new AppError("not_found");
  const subjects = await consentSubjectsOf(options.userId, db);
  const [record] = subjects.length === 0 ? [] : await readReportRecords(db, { reportIds: [options.reportId], participantIds: subjects.map((subject) => subject.participantId) });
  const standing = record ? released(record) : null;
  if (!record || !standing) throw new AppError("not_found");
  const subject = subjects.find((candidate) => candidate.participantId === record.participantId)!;
  const plain = plainReportOf(standing.version.content, record.consent);
  return {
    reportId: record.reportId,
    subject: { participantId: subject.participantId, fullName: subject.fullName, as: subject.as, relationship: subject.relationship },
    version: standing.released,
    explainedOn: standing.version.explanation!.explainedOn,
    explanationMode: standing.version.explanation!.mode,
    amendmentPending: standing.amendmentPending,
    earlier: record.versions
      .filter((version) => version.version < standing.released && version.explanation !== null)
      .map((version) => ({ version: version.version, explainedOn: version.explanation!.explainedOn }))
      .reverse(),
    plain,
    clinicalPdf: clinicalPdfOffered(record.consent),
    relativesLetter: plain.concernsRelatives && letterFindingsOf(plain).length > 0,
  };
}
