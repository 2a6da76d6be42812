import { z } from "zod";
import { getDatabase, type Database } from "../../db.server";
import { getEnv } from "../../env.server";
import type { AuditContext } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { recordPermissionDenial } from "../authz/index.server";
import { listConsentRecords } from "../consent/index.server";
import { authorizeFhirRead, type FhirAuthorization, type FhirReader, type FhirSession } from "./authorize-fhir-read.server";
import { findWithinReach } from "./find-within-reach.server";
import { historyBundle, operationOutcome, searchsetBundle } from "./fhir-bundle";
import { findFhirConsent, findFhirConsentVersions, listFhirConsents } from "./list-fhir-consents.server";

/** What the route sends back: a FHIR JSON body, its status and any extra headers. */
export interface FhirResponse {
  status: number;
  body: object;
  headers: Record<string, string>;
}

interface FhirRequest {
  authorization: string | null;
  session: FhirSession | null;
  /** The full request URL, echoed as the bundle's self link. */
  url: string;
  /** Public URL of the app (APP_URL unless a test says otherwise), for links in the bundle. */
  appUrl?: string;
  request: RequestContext;
}

// Pseudonyms are short codes (TGP-XXXX-XXXX); anything else cannot match one and is refused before a query.
const PseudonymSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);
const ConsentIdSchema = z.uuid();

const realm = 'Bearer realm="tsunagi-fhir"';

function refusal(authorization: Extract<FhirAuthorization, { ok: false }>): FhirResponse {
  if (authorization.status === 403) {
    const challenge: Record<string, string> = authorization.reason === "scope" ? { "WWW-Authenticate": `${realm}, error="insufficient_scope", scope="fhir:read"` } : {};
    return { status: 403, body: operationOutcome("forbidden", "Not allowed to read consent records."), headers: challenge };
  }
  // One answer for every bad token (unknown, revoked, expired, malformed): which one it was is for the audit log only.
  const challenge = authorization.reason === "missing" ? realm : `${realm}, error="invalid_token"`;
  return { status: 401, body: operationOutcome("login", "A valid API token or a staff sign-in is required."), headers: { "WWW-Authenticate": challenge } };
}

/** Authorises, answers and audits one FHIR request: every request leaves an `api.request` row, refused or not. */
async function handle(
  options: FhirRequest,
  resource: string,
  answer: (reader: FhirReader, appUrl: string) => Promise<{ response: FhirResponse; rows?: number; reason?: string }>,
  db: Database,
): Promise<FhirResponse> {
  const authorization = await authorizeFhirRead({ authorization: options.authorization, session: options.session, now: options.request.now }, db);
  const actorUserId = authorization.ok ? (authorization.reader.kind === "staff" ? authorization.reader.userId : null) : (authorization.userId ?? null);
  const context: AuditContext = { actorUserId, subjectUserId: null, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent };
  if (!authorization.ok) {
    if (authorization.reason === "permission") await recordPermissionDenial({ permission: "consent:read", path: new URL(options.url).pathname, context }, db);
    await recordAuditEvent(
      db,
      { type: "api.request", outcome: "denied", detail: { resource, reason: authorization.reason, ...(authorization.tokenId ? { tokenId: authorization.tokenId } : {}) } },
      context,
    );
    return refusal(authorization);
  }
  const tokenId = authorization.reader.kind === "token" ? { tokenId: authorization.reader.tokenId } : {};
  const { response, rows, reason } = await answer(authorization.reader, options.appUrl ?? getEnv().APP_URL);
  const succeeded = response.status < 400;
  await recordAuditEvent(
    db,
    { type: "api.request", outcome: succeeded ? "success" : "denied", detail: { resource, ...tokenId, ...(rows !== undefined ? { rows } : {}), ...(reason ? { reason } : {}) } },
    context,
  );
  return response;
}

/**
 * Machines with a `fhir:read` token read every participant (they see pseudonyms only); a staff member reads only
 * the participants of their facilities (ADR 015). One outside them is answered as if it did not exist, with the same
 * statements as an unknown one (findWithinReach), and the request's audit row says `out_of_scope`.
 */
function participantByPseudonym(reader: FhirReader, pseudonym: string, db: Database) {
  return findWithinReach({ reader, find: () => db.participant.findUnique({ where: { pseudonym }, select: { id: true, pseudonym: true, facilityId: true } }) }, db);
}

function badRequest(code: "required" | "value", diagnostics: string): FhirResponse {
  return { status: 400, body: operationOutcome(code, diagnostics), headers: {} };
}

/**
 * `GET /fhir/Consent?patient=<pseudonym>`: a searchset Bundle of the participant's consent records. An
 * unknown pseudonym is an empty result, not an error, so a search cannot tell who is enrolled from who is not
 * beyond what an empty list says.
 */
export async function searchFhirConsents(options: FhirRequest, db: Database = getDatabase()): Promise<FhirResponse> {
  return handle(
    options,
    "Consent",
    async (reader, appUrl) => {
      const patient = new URL(options.url).searchParams.get("patient");
      if (patient === null || patient.trim() === "") {
        return { response: badRequest("required", "The search parameter 'patient' (a participant pseudonym) is required."), reason: "missing_patient" };
      }
      const pseudonym = PseudonymSchema.safeParse(patient.trim());
      if (!pseudonym.success) return { response: badRequest("value", "The search parameter 'patient' is not a participant pseudonym."), reason: "invalid_patient" };
      const { found, outOfScope } = await participantByPseudonym(reader, pseudonym.data, db);
      const consents = found ? await listFhirConsents({ pseudonym: found.pseudonym, appUrl }, db) : [];
      const bundle = searchsetBundle({ baseUrl: appUrl, selfUrl: selfUrl(appUrl, pseudonym.data), resources: consents, now: options.request.now ?? new Date() });
      return { response: { status: 200, body: bundle, headers: {} }, rows: consents.length, ...(outOfScope ? { reason: "out_of_scope" } : {}) };
    },
    db,
  );
}

/**
 * A record id as given, if well formed and its participant within this reader's reach (read and history share it):
 * one statement finds the record's participant, whether the record is unknown or another facility's.
 */
async function recordWithinReach(reader: FhirReader, options: FhirRequest & { id: string }, db: Database): Promise<{ id: string | null; hidden: boolean }> {
  const id = ConsentIdSchema.safeParse(options.id);
  if (!id.success) return { id: null, hidden: false };
  const participantOf = async () =>
    (await db.$queryRaw<{ facilityId: string }[]>`
      SELECT p."facilityId"::text AS "facilityId" FROM "ConsentEvent" e JOIN "Participant" p ON p."id" = e."participantId" WHERE e."id" = ${id.data}::uuid`)[0] ?? null;
  const { found, outOfScope } = await findWithinReach({ reader, find: participantOf }, db);
  return { id: found ? id.data : null, hidden: outOfScope };
}

/** `GET /fhir/Consent/<id>`: one consent record, the target of each search entry's fullUrl. */
export async function readFhirConsent(options: FhirRequest & { id: string }, db: Database = getDatabase()): Promise<FhirResponse> {
  return handle(
    options,
    "Consent",
    async (reader, appUrl) => {
      const { id, hidden } = await recordWithinReach(reader, options, db);
      const consent = id && !hidden ? await findFhirConsent({ id, appUrl }, db) : null;
      if (!consent) return { response: { status: 404, body: operationOutcome("not-found", "No consent record with this id."), headers: {} }, rows: 0, reason: hidden ? "out_of_scope" : "not_found" };
      return { response: { status: 200, body: consent, headers: {} }, rows: 1 };
    },
    db,
  );
}

/**
 * `GET /fhir/Consent/<id>/_history` (a history Bundle, newest first) and `GET /fhir/Consent/<id>/_history/<vid>`
 * (one version): every earlier state of a record stays readable after a change or a withdrawal. Same reach and
 * audit as the read; an unknown record or version is 404.
 */
export async function readFhirConsentHistory(options: FhirRequest & { id: string; versionId?: string }, db: Database = getDatabase()): Promise<FhirResponse> {
  return handle(
    options,
    "Consent",
    async (reader, appUrl) => {
      const { id, hidden } = await recordWithinReach(reader, options, db);
      const versions = id && !hidden ? await findFhirConsentVersions({ id, appUrl }, db) : [];
      const notFound = (what: string) => ({ response: { status: 404, body: operationOutcome("not-found", what), headers: {} }, rows: 0, reason: hidden ? "out_of_scope" : "not_found" });
      if (versions.length === 0) return notFound("No consent record with this id.");
      if (options.versionId === undefined) {
        const self = `${appUrl.replace(/\/+$/, "")}/fhir/Consent/${id}/_history`;
        return { response: { status: 200, body: historyBundle({ baseUrl: appUrl, selfUrl: self, versions, now: options.request.now ?? new Date() }), headers: {} }, rows: versions.length };
      }
      const version = versions.find((candidate) => candidate.meta.versionId === options.versionId);
      if (!version) return notFound("This consent record has no such version.");
      return { response: { status: 200, body: version, headers: {} }, rows: 1 };
    },
    db,
  );
}

/**
 * `GET /api/v1/consent-records/<pseudonym>` (issue 32 item 3; ADR 108): the participant's consent records as ISO/IEC TS
 * 27560 in DPV terms, one per consent change, oldest first — for systems that keep their own copy of what was agreed.
 * The same readers, reach and audit as FHIR's (a `fhir:read` token, or staff with consent:read for their facilities'
 * participants); an unknown pseudonym, one that cannot be one, or one beyond the reader's reach is the same 404.
 */
export async function readConsentRecords(options: FhirRequest & { pseudonym: string }, db: Database = getDatabase()): Promise<FhirResponse> {
  return handle(
    options,
    "ConsentRecord",
    async (reader, appUrl) => {
      const pseudonym = PseudonymSchema.safeParse(options.pseudonym);
      const { found: participant, outOfScope } = pseudonym.success ? await participantByPseudonym(reader, pseudonym.data, db) : { found: null, outOfScope: false };
      const records = participant ? await listConsentRecords({ participantId: participant.id, pseudonym: participant.pseudonym, appUrl }, db) : [];
      if (!participant || records.length === 0) {
        return { response: { status: 404, body: operationOutcome("not-found", "No consent records for this pseudonym."), headers: {} }, rows: 0, reason: outOfScope ? "out_of_scope" : "not_found" };
      }
      return { response: { status: 200, body: { pseudonym: participant.pseudonym, records }, headers: {} }, rows: records.length };
    },
    db,
  );
}

/** The search as the server understood it: only the parameters it used, per FHIR's self-link rule. */
function selfUrl(appUrl: string, pseudonym: string): string {
  return `${appUrl.replace(/\/+$/, "")}/fhir/Consent?patient=${encodeURIComponent(pseudonym)}`;
}
