import type { ConsentView } from "@tsunagi/consent-rules/decide-action";
import type { Database, Transaction } from "../../db.server";
import { consentViewOfRow } from "../consent/index";
import { ReportContentSchema, type ReportContent } from "./report-submission";

/** A report with its versions' facts (never the PDF), and its participant's consent as it stands in the same read. */
export interface ReportRecord {
  reportId: string;
  participantId: string;
  pseudonym: string;
  facilityId: string;
  latestVersion: number;
  createdAt: Date;
  consent: ConsentView | null;
  versions: {
    version: number;
    content: ReportContent;
    submittedAt: Date;
    explanation: { explainedOn: string; mode: "face_to_face" | "video" | "phone"; explainedByUserId: string; recordedAt: Date } | null;
  }[];
}

interface Row {
  reportId: string;
  participantId: string;
  pseudonym: string;
  facilityId: string;
  latestVersion: number;
  createdAt: Date;
  status: ConsentView["status"] | null;
  choices: unknown;
  permittedPurposes: string[] | null;
  withdrawalLevel: ConsentView["withdrawalLevel"];
  interimRule: string | null;
  lifeEvent: unknown;
  versions: {
    version: number;
    content: unknown;
    submittedAt: string;
    explainedOn: string | null;
    mode: "face_to_face" | "video" | "phone" | null;
    explainedByUserId: string | null;
    recordedAt: string | null;
  }[];
}

/**
 * The reports selected — by id, by participant, or by facility with a version still to explain — in one statement,
 * newest first, each with its versions in order and its participant's consent. Stored content is read back through
 * its schema, so a page never draws a shape the intake would not have taken.
 */
export async function readReportRecords(
  db: Database | Transaction,
  where: { reportIds?: readonly string[]; participantIds?: readonly string[]; facilityIds?: readonly string[] | "all"; unexplainedOnly?: boolean },
): Promise<ReportRecord[]> {
  const reportIds = where.reportIds ?? null;
  const participantIds = where.participantIds ?? null;
  const facilityIds = where.facilityIds === "all" || where.facilityIds === undefined ? null : where.facilityIds;
  const unexplainedOnly = where.unexplainedOnly ?? false;
  const rows = await db.$queryRaw<Row[]>`
    SELECT r."id"::text AS "reportId", r."participantId"::text AS "participantId", p."pseudonym", p."facilityId"::text AS "facilityId",
           r."latestVersion", r."createdAt",
           cs."status", cs."choices", cs."permittedPurposes", cs."withdrawalLevel", cs."interimRule"::text AS "interimRule", cs."lifeEvent",
           (SELECT json_agg(json_build_object(
                     'version', v."version", 'content', v."content", 'submittedAt', v."submittedAt",
                     'explainedOn', e."explainedOn", 'mode', e."mode", 'explainedByUserId', e."explainedByUserId", 'recordedAt', e."recordedAt")
                   ORDER BY v."version")
              FROM "AnalysisReportVersion" v LEFT JOIN "AnalysisReportExplanation" e ON e."reportVersionId" = v."id"
             WHERE v."reportId" = r."id") AS "versions"
      FROM "AnalysisReport" r
      JOIN "Participant" p ON p."id" = r."participantId"
      LEFT JOIN "ConsentState" cs ON cs."participantId" = r."participantId"
     WHERE r."latestVersion" > 0
       AND (${reportIds}::uuid[] IS NULL OR r."id" = ANY(${reportIds}::uuid[]))
       AND (${participantIds}::uuid[] IS NULL OR r."participantId" = ANY(${participantIds}::uuid[]))
       AND (${facilityIds}::uuid[] IS NULL OR p."facilityId" = ANY(${facilityIds}::uuid[]))
       AND (NOT ${unexplainedOnly} OR EXISTS (
             SELECT 1 FROM "AnalysisReportVersion" v LEFT JOIN "AnalysisReportExplanation" e ON e."reportVersionId" = v."id"
              WHERE v."reportId" = r."id" AND v."version" = r."latestVersion" AND e."id" IS NULL))
     ORDER BY r."createdAt" DESC, r."id"`;
  return rows.map((row) => ({
    reportId: row.reportId,
    participantId: row.participantId,
    pseudonym: row.pseudonym,
    facilityId: row.facilityId,
    latestVersion: row.latestVersion,
    createdAt: row.createdAt,
    consent: consentViewOfRow(row),
    versions: (row.versions ?? []).map((version) => ({
      version: version.version,
      content: ReportContentSchema.parse(version.content),
      submittedAt: new Date(version.submittedAt),
      explanation:
        version.explainedOn && version.mode && version.explainedByUserId && version.recordedAt
          ? { explainedOn: version.explainedOn, mode: version.mode, explainedByUserId: version.explainedByUserId, recordedAt: new Date(version.recordedAt) }
          : null,
    })),
  }));
}
