import { createHash, randomUUID } from "node:crypto";
import { acmgSfGene } from "@tsunagi/consent-rules/acmg-sf-v3-2";
import { decideAction } from "@tsunagi/consent-rules/decide-action";
import { serviceLogger } from "@tsunagi/service-kit/logger";
import { getDatabase, type Database, type Transaction } from "../../db.server";
import { readJsonApiRequest, type JsonApiError, type JsonApiResponse } from "../api-tokens/index.server";
import { projectionFromRow } from "../consent/index";
import { canonicalJson, lockParticipantConsent } from "../consent/index.server";
import type { AuditContext, RequestContext } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { reportContentOf, ReportSubmissionSchema, type ReportContent, type ReportSubmission, type ReportSubmitted } from "./report-submission";

const log = serviceLogger("app");

export type ReportsApiResponse = JsonApiResponse<ReportSubmitted>;

interface SubmitReportRequest {
  authorization: string | null;
  contentType: string | null;
  /** The request body as sent; never logged, never stored as such. */
  body: string;
  request: RequestContext;
}

const resource = "reports";
const realm = 'Bearer realm="tsunagi-reports"';

/** SHA-256 over what makes a version: the structured part in canonical JSON and the PDF's own hash. */
function contentHashOf(content: ReportContent, pdfSha256: string): string {
  return createHash("sha256").update(canonicalJson({ content, pdfSha256 })).digest("hex");
}

/** A secondary finding is checked as the findings intake checks it: a gene on the ACMG SF list, in its category. */
function secondaryFindingProblem(submission: ReportSubmission): JsonApiError | null {
  for (const [index, finding] of submission.secondaryFindings.entries()) {
    const listed = acmgSfGene(finding.gene);
    if (!listed) return { error: "unknown_gene", field: "secondaryFindings", reason: `secondaryFindings.${index}.gene is not on the ACMG SF list` };
    if (listed.category !== finding.category) return { error: "category_mismatch", field: "secondaryFindings", reason: `${listed.gene} is ${listed.category}` };
  }
  return null;
}

type Refusal = { status: 409 | 422; body: JsonApiError };
type Stored = { refusal: Refusal } | { submitted: ReportSubmitted; participantId: string };

/**
 * Stores one report under the sender's id, in one transaction with its audit row, while the participant's consent is
 * locked: a withdrawal committed a moment earlier is seen, one a moment later waits for this to end. The consent rule
 * for `return_primary` decides whether the platform may take a result for this person at all; the report row is
 * inserted if absent and locked, so two identical submissions at once give one report and one version, the second
 * answered as a replay. Content already stored under the id (any version, so a retried older request never reverts an
 * amendment) is a replay; anything else is the next version, which supersedes — never overwrites — the one before.
 */
async function store(tx: Transaction, submission: ReportSubmission, tokenId: string, context: AuditContext & { now: Date }): Promise<Stored> {
  const participant = await tx.participant.findUnique({ where: { pseudonym: submission.pseudonym }, select: { id: true } });
  if (!participant) return { refusal: { status: 422, body: { error: "unknown_participant", field: "pseudonym" } } };
  const turn = await lockParticipantConsent(tx, participant.id, { now: context.now });
  const decision = decideAction(turn.state ? projectionFromRow(turn.state) : null, { action: "return_primary" });
  // Withdrawn, declined or never consented: nothing is taken, and the sender is told which (the rule's reason).
  if (!decision.allowed) return { refusal: { status: 422, body: { error: "not_returnable", field: "pseudonym", reason: decision.reason } } };

  const content = reportContentOf(submission);
  const pdfSha256 = createHash("sha256").update(submission.pdf).digest("hex");
  const contentHash = contentHashOf(content, pdfSha256);

  await tx.$executeRaw`
    INSERT INTO "AnalysisReport" ("id", "senderId", "senderReportId", "participantId", "latestVersion")
    VALUES (${randomUUID()}::uuid, ${submission.senderId}, ${submission.reportId}, ${participant.id}::uuid, 0)
    ON CONFLICT ("senderId", "senderReportId") DO NOTHING`;
  const [report] = await tx.$queryRaw<{ id: string; participantId: string; latestVersion: number }[]>`
    SELECT "id"::text, "participantId"::text, "latestVersion" FROM "AnalysisReport"
    WHERE "senderId" = ${submission.senderId} AND "senderReportId" = ${submission.reportId} FOR UPDATE`;
  if (!report) throw new Error("The report row was neither inserted nor found under its lock");
  if (report.participantId !== participant.id) return { refusal: { status: 409, body: { error: "conflict", reason: "different_participant", field: "pseudonym" } } };

  const audit = (version: number, result: "created" | "amended" | "replayed") =>
    recordAuditEvent(tx, { type: "report.submitted", outcome: "success", detail: { reportId: report.id, version, participantId: participant.id, senderId: submission.senderId, tokenId, result } }, context);

  const same = await tx.analysisReportVersion.findUnique({ where: { reportId_contentHash: { reportId: report.id, contentHash } }, select: { version: true } });
  if (same) {
    await audit(same.version, "replayed");
    return { submitted: { reportId: report.id, version: same.version, created: false, amended: same.version > 1 }, participantId: participant.id };
  }
  const version = report.latestVersion + 1;
  await tx.analysisReportVersion.create({
    data: {
      reportId: report.id,
      version,
      content,
      pdf: new Uint8Array(submission.pdf),
      pdfSha256,
      contentHash,
      expertPanelDate: new Date(`${submission.expertPanelDate}T00:00:00Z`),
      submittedByTokenId: tokenId,
      submittedAt: context.now,
    },
  });
  await tx.analysisReport.update({ where: { id: report.id }, data: { latestVersion: version } });
  await audit(version, version === 1 ? "created" : "amended");
  return { submitted: { reportId: report.id, version, created: true, amended: version > 1 }, participantId: participant.id };
}

/** The Japan-time calendar day of an instant, as YYYY-MM-DD. */
function japanDay(at: Date): string {
  return new Date(at.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * `POST /api/v1/reports` (ADR 137): authenticates the token (scope `reports:submit`), checks the body, and stores the
 * report or answers why not. 201 when something was stored (a new report, or an amended version: `version` says which),
 * 200 with the stored id and version when the same content was sent again; 400 names the field; 409 a report id
 * already used for another participant; 422 a pseudonym the programme does not know, a participant whose consent does
 * not let results be returned (the rule's reason), a secondary finding off the ACMG SF list, a panel date in the
 * future. Every request leaves an audit row: `report.submitted` when accepted, `api.request` (denied) otherwise.
 */
export async function submitReport(options: SubmitReportRequest, db: Database = getDatabase()): Promise<ReportsApiResponse> {
  const now = options.request.now ?? new Date();
  const context: AuditContext & { now: Date } = { actorUserId: null, subjectUserId: null, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent, now };
  const denied = async (response: ReportsApiResponse, tokenId?: string): Promise<ReportsApiResponse> => {
    const body = response.body as JsonApiError;
    await recordAuditEvent(db, { type: "api.request", outcome: "denied", detail: { resource, reason: body.reason ?? body.error, ...(tokenId ? { tokenId } : {}) } }, context);
    return response;
  };

  const read = await readJsonApiRequest(
    { authorization: options.authorization, contentType: options.contentType, body: options.body, scope: "reports:submit", realm, now },
    ReportSubmissionSchema,
    db,
  );
  if (!read.ok) return denied(read.response, read.tokenId);
  const { tokenId, data: submission } = read;
  if (submission.expertPanelDate > japanDay(now)) return denied({ status: 422, body: { error: "date_in_future", field: "expertPanelDate" }, headers: {} }, tokenId);
  const problem = secondaryFindingProblem(submission);
  if (problem) return denied({ status: 422, body: problem, headers: {} }, tokenId);

  const stored = await db.$transaction((tx) => store(tx, submission, tokenId, context));
  if ("refusal" in stored) return denied({ status: stored.refusal.status, body: stored.refusal.body, headers: {} }, tokenId);
  const { submitted } = stored;
  // Ids only: never a gene, a variant or the body (ADR 027).
  log.info({ reportId: submitted.reportId, version: submitted.version, created: submitted.created, tokenId }, "report submitted");
  return { status: submitted.created ? 201 : 200, body: submitted, headers: {} };
}
