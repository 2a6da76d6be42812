/**
 * The api-tokens concept's public entry for server code: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export { authenticateApiToken } from "./authenticate-api-token.server";
export type { ApiTokenRefusal } from "./authenticate-api-token.server";
export { ensureApiToken } from "./ensure-api-token.server";
export { IssueApiTokenSchema, issueApiToken } from "./issue-api-token.server";
export { findApiToken, listApiTokens } from "./list-api-tokens.server";
export { revokeApiToken } from "./revoke-api-token.server";
export { apiIssuesOf, readJsonApiRequest } from "./read-json-api-request.server";
export type { JsonApiError, JsonApiResponse } from "./read-json-api-request.server";
