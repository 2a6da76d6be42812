import type { z } from "zod";
import { findDuplicateKey } from "@tsunagi/service-kit/json-duplicate-keys";
import type { ApiTokenScope } from "@tsunagi/consent-rules/api-token-scopes";
import { getDatabase, type Database } from "../../db.server";
import { isTextRefusalReason, type TextRefusalReason } from "../kernel/index";
import { authenticateApiToken, type ApiTokenRefusal } from "./authenticate-api-token.server";

/**
 * The first half of every JSON intake API the analysis side calls (`POST /api/v1/findings`, ADR 032;
 * `POST /api/v1/reports`, ADR 137): the token and its scope, the media type, the JSON (one object, no member twice)
 * and the body's schema — each refusal answered the same way, in the shape the bridge answers with
 * (`{ "error": code, ... }`, docs/pipeline-bridge.md), so one client reads them all.
 */

export interface JsonApiError {
  error: string;
  reason?: string;
  field?: string;
  issues?: { path: (string | number)[]; message: string }[];
  [member: string]: unknown;
}

export interface JsonApiResponse<Body> {
  status: number;
  body: Body | JsonApiError;
  headers: Record<string, string>;
}

export type JsonApiRequest<Output> =
  | { ok: true; data: Output; tokenId: string }
  /** `tokenId` once the token was proven, for the audit row of the refusal. */
  | { ok: false; response: JsonApiResponse<never>; tokenId?: string };

function tokenRefusal(reason: ApiTokenRefusal, scope: ApiTokenScope, realm: string): JsonApiResponse<never> {
  if (reason === "scope") {
    return { status: 403, body: { error: "forbidden", reason: "scope_missing" }, headers: { "WWW-Authenticate": `${realm}, error="insufficient_scope", scope="${scope}"` } };
  }
  // As the bridge: which bad token it was (unknown, revoked, expired) is in the reason; a guess learns nothing from it
  // that the audit row does not already record.
  return { status: 401, body: { error: "unauthorized", reason: `token_${reason}` }, headers: { "WWW-Authenticate": reason === "missing" ? realm : `${realm}, error="invalid_token"` } };
}

const textReasonMessages: Record<TextRefusalReason, string> = {
  controlCharacter: "holds a control character",
  brokenCharacter: "holds a broken character (half of a surrogate pair or U+FFFD)",
  directionControl: "holds a character that reorders text",
  invisibleCharacter: "holds an invisible character",
  nameCharacter: "holds a character not allowed here",
  nameStart: "starts with a character not allowed there",
  kanaCharacter: "holds a character not allowed here",
  tooLongText: "is too long",
  phoneFormat: "is not a phone number",
  recordNumberFormat: "is not a record number",
  dateNotReal: "is not a real date",
  dateTooEarly: "is too early",
  dateInFuture: "is in the future",
  invitationCodeShape: "is not an invitation code",
  sixDigitCode: "is not a six-digit code",
  recoveryCodeShape: "is not a recovery code",
  countryName: "is not a country",
  markdownHtml: "holds HTML",
  markdownImage: "holds a picture",
  markdownLink: "holds a link that is not allowed",
  publishAtRange: "is not a time in the next year",
  linkTarget: "is not an https address or a path on this site",
  diseaseList: "is not a list of DOID or MONDO codes",
  datasetList: "is not a list of dataset ids",
};

/** zod's issues as a client reads them, each naming its field; the text rules' refusals in words, with the code point. */
export function apiIssuesOf(error: z.ZodError): NonNullable<JsonApiError["issues"]> {
  return error.issues.slice(0, 20).map((issue) => {
    const path = issue.path.map((part) => (typeof part === "symbol" ? String(part) : part));
    const field = path.join(".") || "body";
    if (issue.code === "unrecognized_keys") return { path: issue.keys.slice(0, 5), message: `unknown member ${issue.keys.slice(0, 5).map((key) => JSON.stringify(key.slice(0, 64))).join(", ")}` };
    if (issue.code === "invalid_type" && (issue.input === undefined || issue.input === "")) return { path, message: `${field} is required` };
    const params = (issue as { params?: Record<string, unknown> }).params;
    if (issue.code === "custom" && params && isTextRefusalReason(params.reason)) {
      const at = typeof params.codePoint === "string" ? ` (${params.codePoint})` : "";
      const limit = params.reason === "tooLongText" && typeof params.max === "number" ? ` (at most ${params.max} characters)` : "";
      return { path, message: `${field} ${textReasonMessages[params.reason]}${at}${limit}` };
    }
    return { path, message: issue.message };
  });
}

function malformed(issues: NonNullable<JsonApiError["issues"]>): JsonApiResponse<never> {
  const first = issues[0]?.path[0];
  return { status: 400, body: { error: "malformed_request", ...(first !== undefined ? { field: String(first) } : {}), issues }, headers: {} };
}

/**
 * Authenticates the token for `scope`, then reads the body against `schema`. Writes nothing: the caller audits a
 * refusal with its own resource name (and the `tokenId`, once proven).
 */
export async function readJsonApiRequest<Schema extends z.ZodType>(
  options: { authorization: string | null; contentType: string | null; body: string; scope: ApiTokenScope; realm: string; now: Date },
  schema: Schema,
  db: Database = getDatabase(),
): Promise<JsonApiRequest<z.output<Schema>>> {
  const authentication = await authenticateApiToken({ authorization: options.authorization, scope: options.scope, now: options.now }, db);
  if (!authentication.ok) return { ok: false, response: tokenRefusal(authentication.reason, options.scope, options.realm), tokenId: authentication.tokenId };
  const tokenId = authentication.token.id;
  const refuse = (response: JsonApiResponse<never>): JsonApiRequest<never> => ({ ok: false, response, tokenId });

  if (!/^application\/json\s*(;|$)/i.test(options.contentType ?? "")) {
    return refuse({ status: 415, body: { error: "unsupported_media_type", issues: [{ path: [], message: "Content-Type must be application/json" }] }, headers: {} });
  }
  let json: unknown;
  try {
    json = JSON.parse(options.body);
  } catch {
    return refuse(malformed([{ path: [], message: options.body.trim() === "" ? "body must be JSON" : "body is not valid JSON" }]));
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) return refuse(malformed([{ path: [], message: "body must be a JSON object" }]));
  // Two members of one name: JSON.parse keeps the last, another reader the first (issue 27). Refused, naming it.
  const duplicate = findDuplicateKey(options.body);
  if (duplicate) return refuse(malformed([{ path: [], message: `member "${duplicate.key}" appears twice in ${duplicate.path}` }]));
  const parsed = schema.safeParse(json);
  if (!parsed.success) return refuse(malformed(apiIssuesOf(parsed.error)));
  return { ok: true, data: parsed.data, tokenId };
}
