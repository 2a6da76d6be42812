import { createHash, randomUUID } from "node:crypto";
import { acmgSfGene, acmgSfVersion } from "@tsunagi/consent-rules/acmg-sf-v3-2";
import { serviceLogger } from "@tsunagi/service-kit/logger";
import { getDatabase, type Database, type Transaction } from "../../db.server";
import type { AuditContext } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { readJsonApiRequest, type JsonApiError } from "../api-tokens/index.server";
import { FindingSubmissionSchema, type FindingSubmission, type FindingSubmitted } from "./finding-submission.server";

const log = serviceLogger("app");

/** `{ "error": code, ... }`, the shape the bridge answers with (docs/pipeline-bridge.md), so one client reads both. */
export type FindingsApiError = JsonApiError & { findingId?: string };


export interface FindingsApiResponse {
  status: number;
  body: FindingSubmitted | FindingsApiError;
  headers: Record<string, string>;
}

interface SubmitFindingRequest {
  authorization: string | null;
  contentType: string | null;
  /** The request body as sent; never logged, never stored as such. */
  body: string;
  request: RequestContext;
}

const resource = "findings";
const realm = 'Bearer realm="tsunagi-findings"';

/** SHA-256 over what makes a version: sending exactly this again is a replay, anything else a new version. */
function contentHashOf(submission: FindingSubmission, reportSha256: string): string {
  return createHash("sha256")
    .update(JSON.stringify([submission.variant, submission.classification, submission.evidenceSummary, reportSha256]))
    .digest("hex");
}

type Refusal = { status: 409 | 422; error: string; reason?: string; field?: string; findingId?: string };
type Stored = { refusal: Refusal } | { submitted: FindingSubmitted };

/**
 * Stores one submission under the lab's id (labId, labFindingId), in one transaction with its audit row. The
 * finding row is inserted if absent (`ON CONFLICT DO NOTHING`), then locked (`FOR UPDATE`): two submissions for the
 * same lab finding take turns there, so two identical ones at once give one finding and one version, and the second
 * is answered as a replay. Under the lock: another sample or gene under the same id is a conflict (409); content
 * already stored (any version, so a retried older request never reverts a re-interpretation) is a replay; anything
 * else is the next version.
 */
async function store(
  tx: Transaction,
  submission: FindingSubmission,
  sample: { id: string; participantId: string },
  category: FindingSubmitted["category"],
  tokenId: string,
  context: AuditContext & { now: Date },
): Promise<Stored> {
  const pdf = submission.reportPdf;
  const reportSha256 = createHash("sha256").update(pdf).digest("hex");
  const contentHash = contentHashOf(submission, reportSha256);

  await tx.$executeRaw`
    INSERT INTO "Finding" ("id", "labId", "labFindingId", "sampleId", "participantId", "category", "gene", "geneListVersion", "latestVersion")
    VALUES (${randomUUID()}::uuid, ${submission.labId}, ${submission.labFindingId}, ${sample.id}::uuid, ${sample.participantId}::uuid,
            ${category}::"FindingCategory", ${submission.gene}, ${acmgSfVersion}, 0)
    ON CONFLICT ("labId", "labFindingId") DO NOTHING`;
  const [finding] = await tx.$queryRaw<{ id: string; sampleId: string; participantId: string; gene: string; latestVersion: number }[]>`
    SELECT "id"::text, "sampleId"::text, "participantId"::text, "gene", "latestVersion" FROM "Finding"
    WHERE "labId" = ${submission.labId} AND "labFindingId" = ${submission.labFindingId} FOR UPDATE`;
  if (!finding) throw new Error("The finding row was neither inserted nor found under its lock");

  if (finding.sampleId !== sample.id) return { refusal: { status: 409, error: "conflict", reason: "different_sample", field: "sampleCode", findingId: finding.id } };
  if (finding.gene !== submission.gene) return { refusal: { status: 409, error: "conflict", reason: "different_gene", field: "gene", findingId: finding.id } };

  const audit = (version: number, result: "created" | "new_version" | "replayed", reinterpretation: boolean) =>
    recordAuditEvent(
      tx,
      { type: "finding.submitted", outcome: "success", detail: { findingId: finding.id, version, participantId: finding.participantId, labId: submission.labId, tokenId, result, reinterpretation } },
      context,
    );
  const answer = (version: number, created: boolean, reinterpretation: boolean): Stored => ({
    submitted: { findingId: finding.id, version, created, reinterpretation, category, gene: submission.gene, geneListVersion: acmgSfVersion },
  });

  const same = await tx.findingVersion.findUnique({ where: { findingId_contentHash: { findingId: finding.id, contentHash } }, select: { version: true, reinterpretation: true } });
  if (same) {
    await audit(same.version, "replayed", same.reinterpretation);
    return answer(same.version, false, same.reinterpretation);
  }

  const previous =
    finding.latestVersion > 0
      ? await tx.findingVersion.findUniqueOrThrow({ where: { findingId_version: { findingId: finding.id, version: finding.latestVersion } }, select: { classification: true, variantHgvs: true } })
      : null;
  const reinterpretation = previous !== null && (previous.classification !== submission.classification || previous.variantHgvs !== submission.variant);
  const version = finding.latestVersion + 1;
  await tx.findingVersion.create({
    data: {
      findingId: finding.id,
      version,
      variantHgvs: submission.variant,
      classification: submission.classification,
      evidenceSummary: submission.evidenceSummary,
      reportPdf: new Uint8Array(pdf),
      reportSha256,
      contentHash,
      reinterpretation,
      submittedByTokenId: tokenId,
      submittedAt: context.now,
    },
  });
  await tx.finding.update({ where: { id: finding.id }, data: { latestVersion: version } });
  await audit(version, version === 1 ? "created" : "new_version", reinterpretation);
  return answer(version, true, reinterpretation);
}

/**
 * `POST /api/v1/findings` (ADR 032): authenticates the token (scope `findings:submit`), checks the body, and stores
 * the finding or answers why not. 201 when something was stored (a new finding, or a new version of one: `version`
 * says which), 200 with the stored id and version when the same content was sent again; 400 names the field, 409 a
 * lab id already used for another sample or gene, 422 a sample or gene this programme does not know. Every request
 * leaves an audit row: `finding.submitted` when accepted, `api.request` (denied) with the reason otherwise. Nothing is
 * written for a refused one but that row.
 */
export async function submitFinding(options: SubmitFindingRequest, db: Database = getDatabase()): Promise<FindingsApiResponse> {
  const now = options.request.now ?? new Date();
  const context: AuditContext & { now: Date } = { actorUserId: null, subjectUserId: null, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent, now };
  const denied = async (response: FindingsApiResponse, tokenId?: string): Promise<FindingsApiResponse> => {
    const body = response.body as FindingsApiError;
    await recordAuditEvent(db, { type: "api.request", outcome: "denied", detail: { resource, reason: body.reason ?? body.error, ...(tokenId ? { tokenId } : {}) } }, context);
    return response;
  };

  const read = await readJsonApiRequest(
    { authorization: options.authorization, contentType: options.contentType, body: options.body, scope: "findings:submit", realm, now },
    FindingSubmissionSchema,
    db,
  );
  if (!read.ok) return denied(read.response, read.tokenId);
  const { tokenId } = read;
  const submission = read.data;

  const gene = acmgSfGene(submission.gene);
  if (!gene) return denied({ status: 422, body: { error: "unknown_gene", field: "gene", reason: `not on the ACMG SF v${acmgSfVersion} list` }, headers: {} }, tokenId);
  if (submission.category !== undefined && submission.category !== gene.category) {
    return denied({ status: 422, body: { error: "category_mismatch", field: "category", reason: `${gene.gene} is ${gene.category}` }, headers: {} }, tokenId);
  }
  const sample = await db.sample.findUnique({ where: { sampleCode: submission.sampleCode }, select: { id: true, participantId: true, destroyedAt: true } });
  if (!sample) return denied({ status: 422, body: { error: "unknown_sample", field: "sampleCode" }, headers: {} }, tokenId);
  // A sample destroyed at the participant's request (withdrawal `destroy`) takes no new result about them.
  if (sample.destroyedAt) return denied({ status: 422, body: { error: "sample_destroyed", field: "sampleCode" }, headers: {} }, tokenId);

  const stored = await db.$transaction((tx) => store(tx, submission, sample, gene.category, tokenId, context));
  if ("refusal" in stored) {
    const { status, ...body } = stored.refusal;
    return denied({ status, body, headers: {} }, tokenId);
  }
  const { submitted } = stored;
  // Ids only: never the variant, the gene, the summary or the body (ADR 027).
  log.info({ findingId: submitted.findingId, version: submitted.version, created: submitted.created, tokenId }, "finding submitted");
  return { status: submitted.created ? 201 : 200, body: submitted, headers: {} };
}
