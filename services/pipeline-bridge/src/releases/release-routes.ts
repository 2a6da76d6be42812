import { randomUUID } from "node:crypto";
import { decideReleaseApproval, type ReleaseApprovalDecision, type ReleaseUnderApproval } from "@tsunagi/consent-rules/decide-release-approval";
import type { AuthenticatedClient } from "../auth/client-authenticator";
import type { BridgeContext } from "../bridge-context";
import type { Exchange, RouteModule } from "../http/router";
import { readJsonBody } from "../http/read-json-body";
import { hasScope, requireClient } from "../http/require-client";
import { sendError, sendJson, sendJsonText, sendSignedBytes } from "../http/send-json";
import { validationIssues } from "../http/validation-issues";
import { refusalResponses, schemaRef, tokenWith } from "../openapi/openapi-fragments";
import { computeDatasetClocks, releaseEmbargo } from "./dataset-clocks";
import { datasetView, findDataset, saveDataset, type DatasetRecord } from "./dataset-store";
import { filterRelease } from "./filter-release";
import {
  DatasetIdSchema,
  DatasetRequestSchema,
  DatasetSchema,
  DetachedReleaseManifestSchema,
  DetachedReleaseRecheckSchema,
  MAX_RELEASE_SAMPLES,
  parseReleaseRequest,
  RELEASE_BODY_LIMIT_BYTES,
  RELEASE_ID_PATTERN,
  ReleaseDenialSchema,
  ReleaseManifestSchema,
  ReleaseRecheckSchema,
  ReleaseRequestSchema,
  StoredReleaseSchema,
  type ManifestApproval,
  type ReleaseDenial,
  type ReleaseExclusionReason,
  type ReleaseManifest,
  type ReleaseRecheck,
} from "./release-schemas";
import { parseReleaseBodyText } from "./release-body";
import { attachedJws, findRelease, insertRelease, type StoredRelease } from "./release-store";
import type { UnencodedDetachedJws } from "../signing/jws-signer";
import { attachedFormHeaders, isUnencodedSignature, RELEASE_JWS_HEADER, RELEASE_MEDIA_TYPE_V1, RELEASE_MEDIA_TYPE_V2, releaseFormFor, sendDetachedRelease, sendReleaseFormRefused } from "./release-form";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";

const log = serviceLogger("bridge");

/** `{...payload, "jws": …}` from the payload's JSON text, without serialising it again (docs: "Signed answers"). */
function withJws(payloadJson: string, jws: string): string {
  return `${payloadJson.slice(0, -1)},"jws":${JSON.stringify(jws)}}`;
}

/** A path id that is not a valid dataset id names no dataset. */
function datasetIdFrom(exchange: Exchange): string | undefined {
  const parsed = DatasetIdSchema.safeParse(exchange.params.id);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Logs a release or a re-check as one line of bridge.decision_log (action `release`, subject `release:<id>`), not
 * one per sample; the dataset and the counts are in bridge.release under the same id.
 */
function logRelease(context: BridgeContext, client: AuthenticatedClient, manifest: Pick<ReleaseManifest, "releaseId" | "recipient" | "purpose">, entry: { allowed: boolean; reason: "release_signed" | "release_rechecked"; at: string }): void {
  context.decisionLog.append([
    {
      requestId: manifest.releaseId,
      clientId: client.id,
      subject: `release:${manifest.releaseId}`,
      action: "release",
      purpose: manifest.purpose,
      recipient: manifest.recipient,
      allowed: entry.allowed,
      reason: entry.reason,
      pseudonym: null,
      consentVersion: null,
      eventId: null,
      evaluatedAt: entry.at,
    },
  ]);
}

/** Whether a release needs the approval check at all: every recipient but `public`, and any release that names one. */
function needsApproval(release: Pick<ReleaseUnderApproval, "recipient" | "approvalId">): boolean {
  return release.recipient !== "public" || release.approvalId !== undefined;
}

/** The approval as the manifest states it (the version the release was decided on). */
function manifestApproval(context: BridgeContext, approvalId: string | undefined): ManifestApproval | null {
  const record = approvalId === undefined ? undefined : context.approvals.record(approvalId);
  if (!record) return null;
  return {
    id: record.approvalId,
    version: record.version,
    applicationReference: record.scope.applicationReference,
    recipientInstitution: record.scope.recipientInstitution,
    recipientCountry: record.scope.recipientCountry,
    endsAt: new Date(record.scope.endsAt).toISOString(),
  };
}

/**
 * A release refused on account of its approval: 403, signed like every answer, logged as one line (action `release`,
 * subject `approval:<id>`, the approval's version and the event id it was decided on), nothing stored in bridge.release.
 */
async function denyRelease(exchange: Exchange, client: AuthenticatedClient, release: ReleaseUnderApproval, decision: Extract<ReleaseApprovalDecision, { allowed: false }>, evaluatedAt: string): Promise<void> {
  const { context, response } = exchange;
  const record = release.approvalId === undefined ? undefined : context.approvals.record(release.approvalId);
  const denial: ReleaseDenial = {
    error: "release_denied",
    reason: decision.reason,
    requestId: randomUUID(),
    evaluatedAt,
    dataset: release.dataset,
    recipient: release.recipient,
    purpose: release.purpose,
    approval: release.approvalId ?? null,
    approvalVersion: record?.version ?? null,
  };
  context.decisionLog.append([
    {
      requestId: denial.requestId,
      clientId: client.id,
      subject: `approval:${release.approvalId ?? "none"}`,
      action: "release",
      purpose: release.purpose,
      recipient: release.recipient,
      allowed: false,
      reason: decision.reason,
      pseudonym: null,
      consentVersion: record?.version ?? null,
      eventId: record?.eventId ?? null,
      evaluatedAt,
    },
  ]);
  const json = JSON.stringify(denial);
  sendJsonText(response, 403, withJws(json, context.signer.sign(json)));
}

/** PUT /v1/datasets/{id}: creates or replaces a dataset's title and embargo clocks. */
async function putDataset(exchange: Exchange): Promise<void> {
  const { request, response, context } = exchange;
  const client = await requireClient(exchange, "gate:datasets");
  if (!client) return;
  const id = datasetIdFrom(exchange);
  if (id === undefined) return sendError(response, 400, "malformed_request", { issues: [{ path: ["id"], message: "not a dataset id (lower-case letters, digits, and - _ . inside, up to 64)" }] });
  const body = await readJsonBody(request);
  if (!body.ok) return sendError(response, body.status, body.error, { issues: body.issues });
  const parsed = DatasetRequestSchema.safeParse(body.value);
  if (!parsed.success) return sendError(response, 400, "malformed_request", { issues: validationIssues(parsed.error) });
  const { title, clockStartsAt, publicationMoratoriumMonths, publicDatabaseAfterMonths } = parsed.data;
  const clocks = computeDatasetClocks(new Date(clockStartsAt), publicationMoratoriumMonths ?? null, publicDatabaseAfterMonths ?? null);
  let saved: DatasetRecord;
  try {
    saved = await saveDataset(context.db, { id, title, clocks, updatedBy: client.id, updatedAt: new Date(context.clock()) });
  } catch (error) {
    log.warn({ datasetId: id, error: errorText(error) }, "dataset not saved");
    return sendError(response, 503, "database_unavailable");
  }
  sendJson(response, 200, datasetView(saved));
}

/** GET /v1/datasets/{id}: for whoever sets the clocks or releases against them. */
async function showDataset(exchange: Exchange): Promise<void> {
  const { response, context } = exchange;
  const client = await requireClient(exchange, "gate:*");
  if (!client) return;
  if (!hasScope(client, "gate:release") && !hasScope(client, "gate:datasets")) return sendError(response, 403, "forbidden", { reason: "scope_missing" });
  const id = datasetIdFrom(exchange);
  if (id === undefined) return sendError(response, 404, "unknown_dataset");
  let dataset: DatasetRecord | undefined;
  try {
    dataset = await findDataset(context.db, id);
  } catch {
    return sendError(response, 503, "database_unavailable");
  }
  if (!dataset) return sendError(response, 404, "unknown_dataset");
  sendJson(response, 200, datasetView(dataset));
}

/**
 * POST /v1/releases: filters the samples by consent as the projection holds it now and by the dataset's embargo
 * clocks, signs the manifest, stores it, and only then answers it. Fail closed: a stale projection or an unreachable
 * database refuses the whole release; no manifest is given that was not stored.
 */
async function createRelease(exchange: Exchange): Promise<void> {
  const { request, response, context } = exchange;
  const client = await requireClient(exchange, "gate:release");
  if (!client) return;
  // Before the body is read: a client that cannot read any form we answer in is told so before megabytes are parsed.
  const form = releaseFormFor(request.headers.accept);
  if (!form.ok) return sendReleaseFormRefused(response, form.asked);
  const body = await readJsonBody(request, RELEASE_BODY_LIMIT_BYTES, parseReleaseBodyText);
  if (!body.ok) return sendError(response, body.status, body.error, { issues: body.issues }, body.status === 413 ? { Connection: "close" } : {});
  const parsed = parseReleaseRequest(body.value);
  if (!parsed.success) return sendError(response, 400, "malformed_request", { issues: validationIssues(parsed.error) });
  const { dataset: datasetId, samples, recipient, purpose, approval: approvalId, recipientInstitution } = parsed.data;
  const underApproval: ReleaseUnderApproval = { dataset: datasetId, recipient, purpose, approvalId, recipientInstitution };

  const before = context.health.current();
  if (!before.ready) return sendError(response, 503, before.reason);
  if (!context.decisionLog.hasRoomFor(1)) return sendError(response, 503, "database_unavailable");
  let dataset: DatasetRecord | undefined;
  try {
    dataset = await findDataset(context.db, datasetId);
  } catch {
    return sendError(response, 503, "database_unavailable");
  }
  if (!dataset) return sendError(response, 404, "unknown_dataset");

  // Health again: the dataset lookup yielded, and the filter below must run on a projection the bridge vouches for.
  const health = context.health.current();
  if (!health.ready) return sendError(response, 503, health.reason);
  const now = context.clock();
  const createdAt = new Date(now).toISOString();
  // The approval (ADR 041), decided from memory at the same instant: a copy that may be missing a revocation is not vouched for.
  if (needsApproval(underApproval)) {
    const approvalHealth = context.approvalHealth.current();
    if (!approvalHealth.ready) return sendError(response, 503, approvalHealth.reason);
    const decision = decideReleaseApproval(approvalId === undefined ? undefined : context.approvals.held(approvalId), underApproval, now);
    if (!decision.allowed) return denyRelease(exchange, client, underApproval, decision, createdAt);
  }
  const embargo = releaseEmbargo(dataset, recipient, now);
  const result = filterRelease(samples, { recipient, purpose, embargo }, context.subjects, health, client.scopes, createdAt, { listExcluded: false });
  const view = datasetView(dataset);
  const manifest: ReleaseManifest = {
    releaseId: randomUUID(),
    dataset: {
      id: view.id,
      title: view.title,
      clockStartsAt: view.clockStartsAt,
      publicationMoratoriumUntil: view.publicationMoratoriumUntil,
      publicDatabaseFrom: view.publicDatabaseFrom,
    },
    recipient,
    purpose,
    createdAt,
    requestedCount: samples.length,
    includedCount: result.included.length,
    included: result.included,
    excludedCounts: result.excludedCounts,
    terms: { publicationNotBefore: embargo.blocked || embargo.publicationNotBefore === null ? null : embargo.publicationNotBefore.toISOString() },
    approval: manifestApproval(context, approvalId),
  };
  const manifestJson = JSON.stringify(manifest);
  // Encoded once: these bytes are what is signed and what is sent (a million samples' manifest is megabytes); the
  // signature's hashing runs on libuv's pool, off the event loop that answers decisions meanwhile.
  const manifestBytes = Buffer.from(manifestJson, "utf8");
  // One signature, of the form the answer is in (ADR 160); stored as it was given, so that a later GET in the same form
  // gives that very signature back.
  let protectedHeader: string;
  let signature: string;
  let answer: () => void;
  if (form.form === "detached") {
    const unencoded = await context.signer.signUnencodedAsync(manifestBytes);
    ({ protectedHeader, signature } = unencoded);
    answer = () => sendDetachedRelease(response, 201, manifestBytes, unencoded);
  } else {
    const signed = await context.signer.signBytesAsync(manifestBytes);
    // Stored once as the bytes signed, with the signature detached (ADR 094): the base64url copy is only sent.
    protectedHeader = signed.signingInput.toString("latin1", 0, signed.signingInput.indexOf(0x2e));
    signature = signed.signature;
    answer = () => sendSignedBytes(response, 201, manifestBytes, signed, attachedFormHeaders);
  }
  try {
    await insertRelease(context.db, { id: manifest.releaseId, datasetId, recipient, purpose, approvalId: manifest.approval?.id ?? null, clientId: client.id, manifestBytes, protectedHeader, signature, createdAt: new Date(now) });
  } catch (error) {
    log.warn({ error: errorText(error) }, "release not stored, so not given");
    return sendError(response, 503, "database_unavailable");
  }
  logRelease(context, client, manifest, { allowed: manifest.includedCount > 0, reason: "release_signed", at: createdAt });
  // Its per-sample rows are written after the commit (ADR 082), and only once its answer has left: the recording is a
  // database's second of work that nobody waits for (the app reads the samples from the manifest until then), and
  // started at the commit it took the cores from the tens of megabytes the client is waiting for. A client gone before
  // the end wakes it too; the recorder's minute check is the backstop.
  response.once("close", () => context.releaseSamples.wake());
  answer();
}

/** The stored release a GET names, or the refusal already sent (404, 503). */
async function storedReleaseFor(exchange: Exchange): Promise<StoredRelease | undefined> {
  const { response, context, params } = exchange;
  const id = params.id ?? "";
  if (!RELEASE_ID_PATTERN.test(id)) return void sendError(response, 404, "unknown_release");
  const before = context.health.current();
  if (!before.ready) return void sendError(response, 503, before.reason);
  let stored;
  try {
    stored = await findRelease(context.db, id);
  } catch {
    return void sendError(response, 503, "database_unavailable");
  }
  if (!stored) return void sendError(response, 404, "unknown_release");
  return stored;
}

/**
 * Which of a stored release's samples may no longer be released, by consent as it is now, the dataset's clocks as they
 * are now and its approval as it is now; logged as one line (`release_rechecked`). Undefined: the refusal was sent.
 */
function recheckRelease(exchange: Exchange, client: AuthenticatedClient, stored: StoredRelease, manifest: ReleaseManifest): ReleaseRecheck | undefined {
  const { response, context } = exchange;
  const health = context.health.current();
  if (!health.ready) return void sendError(response, 503, health.reason);
  const now = context.clock();
  const evaluatedAt = new Date(now).toISOString();
  const embargo = releaseEmbargo(stored.dataset, manifest.recipient, now);
  // Shipping is still under the approval: revoked, suspended or expired since, nothing of it may be shipped (ADR 041).
  let approvalDecision: ReleaseApprovalDecision = { allowed: true };
  if (manifest.approval) {
    const approvalHealth = context.approvalHealth.current();
    if (!approvalHealth.ready) return void sendError(response, 503, approvalHealth.reason);
    const release: ReleaseUnderApproval = { dataset: manifest.dataset.id, recipient: manifest.recipient, purpose: manifest.purpose, approvalId: manifest.approval.id };
    approvalDecision = decideReleaseApproval(context.approvals.held(manifest.approval.id), release, now);
  }
  const result = approvalDecision.allowed
    ? filterRelease(manifest.included, { recipient: manifest.recipient, purpose: manifest.purpose, embargo }, context.subjects, health, client.scopes, evaluatedAt)
    : { included: [], excluded: [...manifest.included], excludedCounts: manifest.included.length > 0 ? ({ [approvalDecision.reason]: manifest.included.length } as Partial<Record<ReleaseExclusionReason, number>>) : {} };
  const recheck: ReleaseRecheck = {
    releaseId: manifest.releaseId,
    evaluatedAt,
    stillIncludedCount: result.included.length,
    excludedSinceCounts: result.excludedCounts,
    excludedSince: result.excluded,
  };
  logRelease(context, client, manifest, { allowed: recheck.stillIncludedCount > 0, reason: "release_rechecked", at: evaluatedAt });
  return recheck;
}

/**
 * The stored manifest's signature in the form asked: the one stored when it is of that form (the very signature the
 * client was given), else one made now by the key signing now (ADR 160). Both cover the same bytes.
 */
async function storedUnencodedSignature(context: BridgeContext, stored: StoredRelease): Promise<UnencodedDetachedJws> {
  if (!isUnencodedSignature(stored.detachedJws)) return context.signer.signUnencodedAsync(stored.manifestBytes);
  const at = stored.detachedJws.indexOf("..");
  return { protectedHeader: stored.detachedJws.slice(0, at), signature: stored.detachedJws.slice(at + 2) };
}
async function storedAttachedJws(context: BridgeContext, stored: StoredRelease): Promise<string> {
  if (!isUnencodedSignature(stored.detachedJws)) return attachedJws(stored.detachedJws, stored.manifestBytes);
  const signed = await context.signer.signBytesAsync(stored.manifestBytes);
  return `${signed.signingInput.toString("latin1")}.${signed.signature}`;
}

/**
 * GET /v1/releases/{id}. Attached form (v1): the stored manifest exactly as signed with its `jws`, and `recheck`,
 * signed now: which of its samples may no longer be released. Detached form (v2): the stored manifest's bytes as the
 * body and their signature in `Tsunagi-Jws`, nothing else (one signature per answer); the re-check is its own
 * resource, GET /v1/releases/{id}/recheck.
 */
async function showRelease(exchange: Exchange): Promise<void> {
  const { request, response, context } = exchange;
  const client = await requireClient(exchange, "gate:release");
  if (!client) return;
  const form = releaseFormFor(request.headers.accept);
  if (!form.ok) return sendReleaseFormRefused(response, form.asked);
  if (form.form === "attached" && !context.decisionLog.hasRoomFor(1)) return sendError(response, 503, "database_unavailable");
  const stored = await storedReleaseFor(exchange);
  if (!stored) return;
  if (form.form === "detached") {
    return sendDetachedRelease(response, 200, stored.manifestBytes, await storedUnencodedSignature(context, stored));
  }
  const manifestJson = stored.manifestBytes.toString("utf8");
  const recheck = recheckRelease(exchange, client, stored, JSON.parse(manifestJson) as ReleaseManifest);
  if (!recheck) return;
  const recheckJson = JSON.stringify(recheck);
  const recheckJws = context.signer.sign(recheckJson);
  const stamped = withJws(manifestJson, await storedAttachedJws(context, stored));
  sendJsonText(response, 200, `${stamped.slice(0, -1)},"recheck":${withJws(recheckJson, recheckJws)}}`, attachedFormHeaders);
}

/**
 * GET /v1/releases/{id}/recheck: the re-check alone, signed now, in the form asked. The release tooling calls it at the
 * moment of shipping; in the detached form it is how the re-check is had (ADR 160).
 */
async function showRecheck(exchange: Exchange): Promise<void> {
  const { request, response, context } = exchange;
  const client = await requireClient(exchange, "gate:release");
  if (!client) return;
  const form = releaseFormFor(request.headers.accept);
  if (!form.ok) return sendReleaseFormRefused(response, form.asked);
  if (!context.decisionLog.hasRoomFor(1)) return sendError(response, 503, "database_unavailable");
  const stored = await storedReleaseFor(exchange);
  if (!stored) return;
  const recheck = recheckRelease(exchange, client, stored, JSON.parse(stored.manifestBytes.toString("utf8")) as ReleaseManifest);
  if (!recheck) return;
  const bytes = Buffer.from(JSON.stringify(recheck), "utf8");
  if (form.form === "detached") return sendDetachedRelease(response, 200, bytes, await context.signer.signUnencodedAsync(bytes));
  sendSignedBytes(response, 200, bytes, await context.signer.signBytesAsync(bytes), attachedFormHeaders);
}

const idParameter = (description: string) => ({ name: "id", in: "path", required: true, description, schema: { type: "string" } });
const formsText = `attached: \`application/json\`, the payload with \`jws\`, the default until the sunset; detached: \`${RELEASE_MEDIA_TYPE_V2}\`, the payload's bytes as the body and an RFC 7797 JWS in \`${RELEASE_JWS_HEADER}\``;
// Not an OpenAPI header parameter: OpenAPI 3.1 ignores one named Accept; each response lists both media types instead.
const acceptText = ` The form is asked for with \`Accept\` (ADR 160): \`${RELEASE_MEDIA_TYPE_V2}\` for the detached one; \`application/json\` or \`${RELEASE_MEDIA_TYPE_V1}\` (or no Accept) for the attached one. Asking only for a release form the bridge does not speak: 406.`;
const signedFormHeaders = {
  [RELEASE_JWS_HEADER]: {
    description: 'Detached form only: `header..signature`, an ES256 JWS whose protected header has `"b64": false, "crit": ["b64"]` (RFC 7797) and whose payload is the body\'s bytes as they are',
    schema: { type: "string" },
  },
  Deprecation: { description: "Attached form only: deprecated since (RFC 9745)", schema: { type: "string" } },
  Sunset: { description: "Attached form only: served until then (RFC 8594)", schema: { type: "string" } },
};
const notAcceptable = {
  description: "`not_acceptable` (reason `release_form_unsupported`): the client asked only for release forms the bridge does not speak; `supported` lists those it does",
  content: { "application/json": { schema: schemaRef("Error") } },
};

export const releaseRoutes: RouteModule = {
  name: "releases",
  register(router) {
    router.put("/v1/datasets/{id}", putDataset);
    router.get("/v1/datasets/{id}", showDataset);
    router.post("/v1/releases", createRelease);
    router.get("/v1/releases/{id}", showRelease);
    router.get("/v1/releases/{id}/recheck", showRecheck);
  },
  openapi: () => ({
    paths: {
      "/v1/datasets/{id}": {
        put: {
          operationId: "putDataset",
          summary: "Create or replace a dataset and its embargo clocks",
          description:
            "Scope `gate:datasets`. The dates are computed from the starting point in calendar months (UTC; a day the month lacks becomes its last day). Without `publicationMoratoriumMonths` there is no industry moratorium; without `publicDatabaseAfterMonths` nothing is ever released to `public`.",
          tags: ["releases"],
          security: tokenWith("gate:datasets"),
          parameters: [idParameter("A dataset id: lower-case letters, digits, and - _ . inside (up to 64)")],
          requestBody: { required: true, content: { "application/json": { schema: schemaRef("DatasetRequest") } } },
          responses: {
            "200": { description: "The dataset as stored", content: { "application/json": { schema: schemaRef("Dataset") } } },
            ...refusalResponses({ badRequest: true, jsonBody: true, unavailable: true }),
          },
        },
        get: {
          operationId: "getDataset",
          summary: "A dataset and its embargo clocks",
          description: "Scope `gate:release` or `gate:datasets`.",
          tags: ["releases"],
          security: tokenWith("gate:release", "gate:datasets"),
          parameters: [idParameter("A dataset id")],
          responses: {
            "200": { description: "The dataset", content: { "application/json": { schema: schemaRef("Dataset") } } },
            ...refusalResponses({ notFound: true, unavailable: true }),
          },
        },
      },
      "/v1/releases": {
        post: {
          operationId: "createRelease",
          summary: "Release samples of a dataset to a recipient under a data-access approval: filtered by consent now and by the embargo clocks, signed and stored",
          description: `Scope \`gate:release\`. Every recipient but \`public\` must name an \`approval\` (ADR 041): one the bridge holds, active, within its dates, covering the dataset, the recipient (type, country, and institution when named) and the purpose; otherwise 403 \`release_denied\` with the reason, signed and logged, and nothing stored. 1–${MAX_RELEASE_SAMPLES} unique sample codes. Each is decided with action \`release\` as POST /v1/decisions would decide it; the manifest lists the included samples and only counts the excluded ones by reason. A recipient \`public\` before the dataset's public-database date (or when it has none) has every sample excluded with \`embargo_public_database\`; an \`industry\` manifest carries the publication moratorium in \`terms.publicationNotBefore\`. 503 (no manifest) while the projection is stale or the database unreachable; 404 \`unknown_dataset\`.${acceptText}`,
          tags: ["releases"],
          security: tokenWith("gate:release"),
          requestBody: { required: true, content: { "application/json": { schema: schemaRef("ReleaseRequest") } } },
          responses: {
            "201": {
              description: `The signed manifest, as stored, in the form asked (${formsText})`,
              headers: signedFormHeaders,
              content: { "application/json": { schema: schemaRef("ReleaseManifest") }, [RELEASE_MEDIA_TYPE_V2]: { schema: schemaRef("DetachedReleaseManifest") } },
            },
            ...refusalResponses({ badRequest: true, jsonBody: true, notFound: true, unavailable: true }),
            "403": {
              description:
                "`release_denied` (signed, always in the attached form: a refusal is small): approval_required, approval_unknown, approval_message_parked, approval_revoked, approval_suspended, approval_not_yet_active, approval_expired, approval_dataset_not_covered, approval_recipient_not_covered, approval_purpose_not_covered; or `forbidden` (unsigned): scope_missing",
              content: { "application/json": { schema: { oneOf: [schemaRef("ReleaseDenial"), schemaRef("Error")] } } },
            },
            "406": notAcceptable,
          },
        },
      },
      "/v1/releases/{id}": {
        get: {
          operationId: "getRelease",
          summary: "A stored release manifest with its signature; in the attached form also a fresh signed re-check",
          description:
            "Scope `gate:release`. Attached form (`application/json`, until the sunset): verify the manifest as the body without `jws` and `recheck`, and `recheck` on its own against its `jws`. Detached form (`" +
            RELEASE_MEDIA_TYPE_V2 +
            "`): the body is the stored manifest's bytes exactly as signed and `Tsunagi-Jws` its signature; the re-check is GET /v1/releases/{id}/recheck. The signature is the one stored when the release was made in the form asked, otherwise one made now over the same bytes by the key signing now (ADR 160). `recheck.excludedSince` lists the released samples that may no longer be released (for the release tooling, which re-checks at the moment of shipping); a release made under an approval that is revoked, suspended or expired since has every sample there, counted under that reason. 503 while stale; 404 `unknown_release`." +
            acceptText,
          tags: ["releases"],
          security: tokenWith("gate:release"),
          parameters: [idParameter("The release id (a UUID)")],
          responses: {
            "200": {
              description: "The stored manifest (and, attached, a re-check)",
              headers: signedFormHeaders,
              content: { "application/json": { schema: schemaRef("StoredRelease") }, [RELEASE_MEDIA_TYPE_V2]: { schema: schemaRef("DetachedReleaseManifest") } },
            },
            ...refusalResponses({ notFound: true, unavailable: true }),
            "406": notAcceptable,
          },
        },
      },
      "/v1/releases/{id}/recheck": {
        get: {
          operationId: "recheckRelease",
          summary: "A fresh signed re-check of a stored release: which of its samples may no longer be released",
          description:
            "Scope `gate:release`. The re-check alone, signed now, in the form asked (ADR 160); the release tooling calls it at the moment of shipping. `excludedSince` lists the released samples that may no longer be released; a release made under an approval that is revoked, suspended or expired since has every sample there, counted under that reason. One decision-log line (`release_rechecked`). 503 while stale; 404 `unknown_release`." + acceptText,
          tags: ["releases"],
          security: tokenWith("gate:release"),
          parameters: [idParameter("The release id (a UUID)")],
          responses: {
            "200": {
              description: "The re-check",
              headers: signedFormHeaders,
              content: { "application/json": { schema: schemaRef("ReleaseRecheck") }, [RELEASE_MEDIA_TYPE_V2]: { schema: schemaRef("DetachedReleaseRecheck") } },
            },
            ...refusalResponses({ notFound: true, unavailable: true }),
            "406": notAcceptable,
          },
        },
      },
    },
    zodSchemas: {
      DatasetRequest: DatasetRequestSchema,
      Dataset: DatasetSchema,
      ReleaseRequest: ReleaseRequestSchema,
      ReleaseManifest: ReleaseManifestSchema,
      ReleaseDenial: ReleaseDenialSchema,
      ReleaseRecheck: ReleaseRecheckSchema,
      StoredRelease: StoredReleaseSchema,
      DetachedReleaseManifest: DetachedReleaseManifestSchema,
      DetachedReleaseRecheck: DetachedReleaseRecheckSchema,
    },
  }),
};
